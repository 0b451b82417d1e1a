import { randomUUID } from 'node:crypto';
import { AccessBuffer } from '../../audit/access-buffer.js';
import { toAuthenticatedPrincipal } from '../../auth/principal.js';
import type { Infrastructure } from '../../boot.js';
import type { RequestContext } from '../../graphql/context.js';
import { defineAbilityFor } from '../../policy/abilities.js';

/**
 * A request context for a command-line tool acting as a seeded principal (same permission checks as the API).
 * Its access-log rows name that principal, a fresh request id and `operation` (e.g. `cli import`).
 */
export async function contextForHandle(infra: Infrastructure, handle: string, operation = 'cli'): Promise<RequestContext> {
  const found = await infra.services.principals.findByHandle(handle);
  if (!found || !found.active) throw new Error(`No active principal with handle ${handle}`);
  const principal = toAuthenticatedPrincipal(found);
  const access = new AccessBuffer();
  access.operation = operation;
  return {
    requestId: randomUUID(),
    principal,
    ability: defineAbilityFor(principal),
    purpose: null,
    access,
    policyVersion: null,
    redactions: [],
    ds: infra.ds,
    config: infra.config,
    log: infra.log,
    services: infra.services,
  };
}
