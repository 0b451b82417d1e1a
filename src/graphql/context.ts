import type { DataSource } from 'typeorm';
import type { AuthenticatedPrincipal } from '../auth/principal.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import type { AppAbility } from '../policy/abilities.js';
import type { Services } from '../services.js';

/** Everything a service needs about one request; every service method takes it first. */
export interface RequestContext {
  requestId: string;
  principal: AuthenticatedPrincipal;
  ability: AppAbility;
  ds: DataSource;
  config: AppConfig;
  log: Logger;
  services: Services;
}
