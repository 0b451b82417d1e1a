import type { RequestContext } from '../graphql/context.js';
import { forbidden } from '../graphql/errors.js';
import type { Purpose } from './purpose.js';

/**
 * The declared purpose, when the principal's roles may use it and it is one of those an operation serves;
 * otherwise the operation is refused (and the refusal noted for the access log) before anything happens.
 */
export function requirePurposeAmong(ctx: RequestContext, purposes: readonly Purpose[]): Purpose {
  const purpose = ctx.services.policy.requirePurpose(ctx);
  if (!purposes.includes(purpose)) {
    ctx.access.noteRefusal(null, 'PURPOSE_NOT_PERMITTED');
    throw forbidden(`This operation is for purpose ${purposes.join(' or ')}; ${purpose} does not cover it (PURPOSE_NOT_PERMITTED)`);
  }
  return purpose;
}
