// The access log switched off, for the overhead benches' baseline only. It lives in bench/, not src/, so no
// configuration of the product can select it: a bench injects it into one API's services by hand.
import { AccessBuffer } from '../../src/audit/access-buffer.js';
import { AuditService, type ChangeActor, type RequestActor } from '../../src/audit/audit.service.js';
import type { ChangeRecord } from '../../src/audit/access-buffer.js';
import type { RequestContext } from '../../src/graphql/context.js';
import type { EntityManager } from 'typeorm';

/** A buffer that notes nothing, so the baseline pays neither for noting nor for writing. */
class UnloggedBuffer extends AccessBuffer {
  override note(): void {}
  override noteListed(): void {}
  override noteChange(): void {}
  override noteRefusal(): void {}
  override noteActivity(): void {}
}

/** The audit service with request logging off (workers' and change rows from outside a request still write). */
export class UnloggedAuditService extends AuditService {
  override newBuffer(): AccessBuffer {
    return new UnloggedBuffer();
  }
  override async recordOperation(_ctx: RequestContext, _operation: string): Promise<void> {}
  override async recordChanges(actor: RequestActor | ChangeActor, em: EntityManager, changes: readonly ChangeRecord[]): Promise<void> {
    if ('access' in actor) return;
    await super.recordChanges(actor, em, changes);
  }
}
