import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ORGANISATION_KINDS, type OrganisationKind } from './organisation-kind.js';

/** GraphQL enum object for organisation kinds. */
export const OrganisationKindEnum = Object.fromEntries(ORGANISATION_KINDS.map((k) => [k, k])) as Record<
  OrganisationKind,
  OrganisationKind
>;
registerEnumType(OrganisationKindEnum, { name: 'OrganisationKind', description: 'Kinds of YEPF partner' });

/** A YEPF partner organisation (not personal data). */
@ObjectType('Organisation', { description: 'A YEPF partner organisation' })
export class OrganisationType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Stable code, e.g. la.cardiff or careers-wales' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Welsh name' })
  nameCy!: string | null;

  @Field(() => OrganisationKindEnum)
  kind!: OrganisationKind;

  @Field(() => String, { nullable: true, description: 'Local authority area served; null for national bodies' })
  laCode!: string | null;

  @Field(() => Boolean, { description: 'Signatory of the regional information sharing protocol' })
  ispSignatory!: boolean;
}
