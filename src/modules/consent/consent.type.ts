import { ArrayMinSize, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { DataCategory } from '../../policy/data-category.js';
import { CONSENT_AUTHORITIES, CONSENT_EVENT_KINDS, type ConsentAuthority, type ConsentEventKind } from '../../policy/policy.types.js';
import type { Purpose } from '../../policy/purpose.js';
import { DataCategoryEnum, PurposeEnum } from '../agreements/agreement.type.js';
import { OrganisationKindEnum, OrganisationType } from '../organisations/organisation.type.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';

/** GraphQL enums of the consent ledger. */
export const ConsentEventKindEnum = Object.fromEntries(CONSENT_EVENT_KINDS.map((k) => [k, k])) as Record<ConsentEventKind, ConsentEventKind>;
export const ConsentAuthorityEnum = Object.fromEntries(CONSENT_AUTHORITIES.map((k) => [k, k])) as Record<ConsentAuthority, ConsentAuthority>;
registerEnumType(ConsentEventKindEnum, { name: 'ConsentEventKind' });
registerEnumType(ConsentAuthorityEnum, { name: 'ConsentAuthority' });

/** One entry of the append-only consent, refusal and objection ledger. */
@ObjectType('ConsentEvent')
export class ConsentEventType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => ConsentEventKindEnum)
  kind!: ConsentEventKind;

  @Field(() => OrganisationType, { nullable: true, description: 'The recipient organisation it is about (or recipientKind, or everyone)' })
  recipientOrganisation!: OrganisationType | null;

  @Field(() => OrganisationKindEnum, { nullable: true })
  recipientKind!: OrganisationKind | null;

  @Field(() => PurposeEnum, { nullable: true, description: 'Null: every purpose' })
  purpose!: Purpose | null;

  @Field(() => [DataCategoryEnum], { nullable: true, description: 'Null: every category' })
  categories!: DataCategory[] | null;

  @Field(() => ConsentAuthorityEnum)
  givenBy!: ConsentAuthority;

  @Field(() => String)
  evidenceReference!: string;

  @Field(() => String, { description: 'Handle of the principal who recorded it' })
  recordedBy!: string;

  @Field(() => Date)
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
