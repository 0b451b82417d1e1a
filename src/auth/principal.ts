import type { OrganisationKind } from '../modules/organisations/organisation-kind.js';
import type { PrincipalEntity } from '../modules/principals/principal.entity.js';
import type { PrincipalKind, Role } from '../modules/principals/roles.js';

/** The authenticated caller of one request, as the services see it. */
export interface AuthenticatedPrincipal {
  id: string;
  handle: string;
  displayName: string;
  kind: PrincipalKind;
  roles: readonly Role[];
  organisation: {
    id: string;
    code: string;
    name: string;
    nameCy: string | null;
    kind: OrganisationKind;
    laCode: string | null;
    ispSignatory: boolean;
  };
}

/** Copies a principal row (with its organisation loaded) into the request's principal. */
export function toAuthenticatedPrincipal(p: PrincipalEntity): AuthenticatedPrincipal {
  const o = p.organisation;
  return {
    id: p.id,
    handle: p.handle,
    displayName: p.displayName,
    kind: p.kind,
    roles: p.roles,
    organisation: {
      id: o.id,
      code: o.code,
      name: o.name,
      nameCy: o.nameCy,
      kind: o.kind,
      laCode: o.laCode,
      ispSignatory: o.ispSignatory,
    },
  };
}
