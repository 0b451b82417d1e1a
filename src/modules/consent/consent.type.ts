import { ArrayMinSize, Matches, MaxLength } from 'class-validator';
import { Extensions, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { DataCategory } from '../../policy/data-category.js';
import { PERSONAL_TYPE_EXTENSION, PersonalField, ProvenanceField } from '../../policy/personal-field.js';
import { CONSENT_AUTHORITIES, CONSENT_EVENT_KINDS, type ConsentAuthority, type ConsentEventKind } from '../../policy/policy.types.js';
import type { Purpose } from '../../policy/purpose.js';
import { DataCategoryEnum, PurposeEnum } from '../agreements/agreement.type.js';
import { OrganisationKindEnum, OrganisationType } from '../organisations/organisation.type.js';
import type { DecisionLookup } from '../sources/checked-view.js';
import type { CheckedValue } from '../tiers/tier-history.type.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';

/** GraphQL enums of the consent ledger. */
export const ConsentEventKindEnum = Object.fromEntries(CONSENT_EVENT_KINDS.map((k) => [k, k])) as Record<ConsentEventKind, ConsentEventKind>;
export const ConsentAuthorityEnum = Object.fromEntries(CONSENT_AUTHORITIES.map((k) => [k, k])) as Record<ConsentAuthority, ConsentAuthority>;
registerEnumType(ConsentEventKindEnum, { name: 'ConsentEventKind' });
registerEnumType(ConsentAuthorityEnum, { name: 'ConsentAuthority' });

/**
 * One entry of the append-only consent, refusal and objection ledger: the CONSENT data of the organisation whose
 * principal recorded it, released (or not) by the sharing rules like any other value; made by the consent service
 * as a checked value (its decisions), so the field guard releases or redacts each field.
 */
@ObjectType('ConsentEvent', { description: 'One entry of the consent ledger (CONSENT of the organisation that recorded it)' })
@Extensions({ [PERSONAL_TYPE_EXTENSION]: true })
export class ConsentEventType implements CheckedValue {
  providerOrganisationId!: string;
  decisions?: DecisionLookup;

  @ProvenanceField(() => ID)
  id!: string;

  @ProvenanceField(() => ID, { description: 'The young person it is about (the one asked for)' })
  personId!: string;

  @PersonalField('CONSENT', () => ConsentEventKindEnum, { nullable: true })
  kind!: ConsentEventKind | null;

  @PersonalField('CONSENT', () => OrganisationType, { nullable: true, description: 'The recipient organisation it is about (or recipientKind, or everyone)' })
  recipientOrganisation!: OrganisationType | null;

  @PersonalField('CONSENT', () => OrganisationKindEnum, { nullable: true })
  recipientKind!: OrganisationKind | null;

  @PersonalField('CONSENT', () => PurposeEnum, { nullable: true, description: 'Null: every purpose' })
  purpose!: Purpose | null;

  @PersonalField('CONSENT', () => [DataCategoryEnum], { nullable: true, description: 'Null: every category' })
  categories!: DataCategory[] | null;

  @PersonalField('CONSENT', () => ConsentAuthorityEnum, { nullable: true })
  givenBy!: ConsentAuthority | null;

  @PersonalField('CONSENT', () => String, { nullable: true, description: 'Where the signed form or recorded conversation is kept' })
  evidenceReference!: string | null;

  @PersonalField('CONSENT', () => String, { nullable: true, description: 'Handle of the principal who recorded it' })
  recordedBy!: string | null;

  @ProvenanceField(() => Date, { description: 'When the hub recorded it' })
  recordedAt!: Date;
}

/** A consent given, refused or withdrawn, or an objection raised or lifted. */
@InputType('RecordConsentEventInput')
export class RecordConsentEventInput {
  @Field(() => ID)
  personId!: string;

  @Field(() => ConsentEventKindEnum)
  kind!: ConsentEventKind;

  @Field(() => String, { nullable: true, description: 'Scope to one recipient organisation (its code)' })
  recipientOrganisationCode?: string | null;

  @Field(() => OrganisationKindEnum, { nullable: true, description: 'Or to every organisation of a kind' })
  recipientKind?: OrganisationKind | null;

  @Field(() => PurposeEnum, { nullable: true })
  purpose?: Purpose | null;

  @Field(() => [DataCategoryEnum], { nullable: true })
  @ArrayMinSize(1)
  categories?: DataCategory[] | null;

  @Field(() => ConsentAuthorityEnum, { description: 'YOUNG_PERSON from the consent age (16 by default), PARENT_GUARDIAN below it' })
  givenBy!: ConsentAuthority;

  @Field(() => String, { description: 'Where the signed form or recorded conversation is kept' })
  @MaxLength(200)
  @Matches(/\S/, { message: 'evidenceReference must not be blank' })
  evidenceReference!: string;
}
