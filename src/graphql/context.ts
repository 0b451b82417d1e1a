import type { DataSource } from 'typeorm';
import type { AccessBuffer } from '../audit/access-buffer.js';
import type { RequestAuth } from '../auth/auth-cache.js';
import type { AuthenticatedPrincipal } from '../auth/principal.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import type { AppAbility } from '../policy/abilities.js';
import type { DataCategory } from '../policy/data-category.js';
import type { Purpose } from '../policy/purpose.js';
import type { RecipientReason } from '../policy/redaction-reason.js';
import type { Services } from '../services.js';
import type { IdempotentRequest } from './idempotency.js';

/** One withheld value, as reported to the caller. */
export interface Redaction {
  path: Array<string | number>;
  category: DataCategory;
  /** The reason as the recipient may know it (WITHHELD when the precise reason depends on the person). */
  reason: RecipientReason;
  /** `reference@version` of the agreement considered, or null. */
  agreement: string | null;
}

/** Everything a service needs about one request; every service method takes it first. */
export interface RequestContext {
  /** The hub's own id of this request (a random UUID): the access log's request id. */
  requestId: string;
  /** The client's own `X-Request-Id`, when well-formed; kept in the access-log rows' details. */
  clientRequestId?: string | null;
  principal: AuthenticatedPrincipal;
  /** How the principal was authenticated, when over HTTP: confirmed against PostgreSQL before anything leaves or changes. */
  auth?: RequestAuth;
  ability: AppAbility;
  /** The purpose declared in `X-Purpose`; null when the request declared none. */
  purpose: Purpose | null;
  /** What this operation released, withheld and changed, for the access log. */
  access: AccessBuffer;
  /** Version of the sharing agreements when the request began (null outside HTTP requests). */
  policyVersion: number | null;
  /** Values withheld from this response, reported in `extensions.redactions`. */
  redactions: Redaction[];
  /** The mutation's Idempotency-Key and request hash, when the client sent one (set by the idempotency plugin). */
  idempotency?: IdempotentRequest;
  ds: DataSource;
  config: AppConfig;
  log: Logger;
  services: Services;
}
