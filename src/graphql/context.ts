import type { DataSource } from 'typeorm';
import type { AccessBuffer } from '../audit/access-buffer.js';
import type { AuthenticatedPrincipal } from '../auth/principal.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import type { AppAbility } from '../policy/abilities.js';
import type { Purpose } from '../policy/purpose.js';
import type { Services } from '../services.js';

/** Everything a service needs about one request; every service method takes it first. */
export interface RequestContext {
  requestId: string;
  principal: AuthenticatedPrincipal;
  ability: AppAbility;
  /** The purpose declared in `X-Purpose`; null when the request declared none. */
  purpose: Purpose | null;
  /** What this operation released, withheld and changed, for the access log. */
  access: AccessBuffer;
  ds: DataSource;
  config: AppConfig;
  log: Logger;
  services: Services;
}
