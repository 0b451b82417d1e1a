// The policy engine switched off, for the benches' baselines only. It lives in bench/, not src/, so no
// configuration of the product can select it: a bench injects it into one API's services by hand.
import type { RequestContext } from '../../src/graphql/context.js';
import { compilePolicy } from '../../src/policy/compile.js';
import { PolicyService } from '../../src/policy/policy.service.js';
import { RequestPolicy } from '../../src/policy/request-policy.js';

/** Every person listed, every value released, no facts read. */
class UnenforcedPolicy extends RequestPolicy {
  override visibility() {
    return { sql: 'TRUE', params: {} };
  }
  override async prepare(): Promise<void> {}
  override factsJsonSql(): string {
    return 'NULL';
  }
  override factsParams(): Record<string, unknown> {
    return {};
  }
  override decide() {
    return { allowed: true, reason: null, agreement: null, flagOnly: false, recipientReason: null, recipientAgreement: null };
  }
}

/** The policy service handing every request the unenforced policy. */
export class UnenforcedPolicyService extends PolicyService {
  private readonly off = new WeakMap<RequestContext, RequestPolicy>();
  override async forRequest(ctx: RequestContext): Promise<RequestPolicy> {
    const p = new UnenforcedPolicy(compilePolicy({ organisationId: '', organisationKind: 'LOCAL_AUTHORITY', laCode: null, roles: [] }, 'TRACKING', [], '2026-01-01'), ctx.ds, 16);
    this.off.set(ctx, p);
    return p;
  }
  override recompile(ctx: RequestContext): Promise<RequestPolicy> {
    return this.forRequest(ctx);
  }
  override existing(ctx: RequestContext): RequestPolicy | undefined {
    return this.off.get(ctx);
  }
}
