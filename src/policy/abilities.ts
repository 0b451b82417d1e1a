import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import type { AuthenticatedPrincipal } from '../auth/principal.js';
import { BASE_PERMISSIONS, ORGANISATION_ROLE_PERMISSIONS, ROLE_PERMISSIONS, type Action, type Subject } from './roles.policy.js';

/** The CASL ability of one request. */
export type AppAbility = MongoAbility<[Action, Subject]>;

/** Compiles the principal's roles (and what they add in its kind of organisation) into an ability, once per request. */
export function defineAbilityFor(principal: Pick<AuthenticatedPrincipal, 'roles'> & { organisation: Pick<AuthenticatedPrincipal['organisation'], 'kind'> }): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const [action, subject] of BASE_PERMISSIONS) can(action, subject);
  const inOrganisation = ORGANISATION_ROLE_PERMISSIONS[principal.organisation.kind] ?? {};
  for (const role of principal.roles) {
    for (const [action, subject] of [...ROLE_PERMISSIONS[role], ...(inOrganisation[role] ?? [])]) can(action, subject);
  }
  return build();
}
