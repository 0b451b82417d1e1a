import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { OrganisationType } from '../organisations/organisation.type.js';
import { PRINCIPAL_KINDS, ROLES, type PrincipalKind, type Role } from './roles.js';

/** GraphQL enum object for roles. */
export const RoleEnum = Object.fromEntries(ROLES.map((r) => [r, r])) as Record<Role, Role>;
registerEnumType(RoleEnum, { name: 'Role' });

/** GraphQL enum object for principal kinds. */
export const PrincipalKindEnum = Object.fromEntries(PRINCIPAL_KINDS.map((k) => [k, k])) as Record<
  PrincipalKind,
  PrincipalKind
>;
registerEnumType(PrincipalKindEnum, { name: 'PrincipalKind' });

/** A user or partner system known to the hub. */
@ObjectType('Principal', { description: 'A user or partner system' })
export class PrincipalType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  handle!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => PrincipalKindEnum)
  kind!: PrincipalKind;

  @Field(() => [RoleEnum])
  roles!: readonly Role[];

  @Field(() => OrganisationType)
  organisation!: OrganisationType;
}
