import { ArrayMaxSize, ArrayMinSize, IsIn, Matches, MaxLength, ValidateNested } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsIsoDate } from '../../graphql/iso-date.js';
import { DATA_CATEGORIES, type DataCategory } from '../../policy/data-category.js';
import {
  AGREEMENT_STATUSES,
  AREA_CONDITIONS,
  DISCLOSURES,
  LAWFUL_BASES,
  RELATIONSHIPS,
  type AgreementStatus,
  type AreaCondition,
  type Disclosure,
  type LawfulBasis,
  type Relationship,
} from '../../policy/policy.types.js';
import { PURPOSES, type Purpose } from '../../policy/purpose.js';
import { RECIPIENT_REASONS, REDACTION_REASONS, type RecipientReason, type RedactionReason } from '../../policy/redaction-reason.js';
import { OrganisationKindEnum, OrganisationType } from '../organisations/organisation.type.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';
import { RoleEnum } from '../principals/principal.type.js';
import type { Role } from '../principals/roles.js';
import { PARTY_DECISIONS, type PartyDecision } from './party-standing.js';

const enumOf = <T extends string>(values: readonly T[]): Record<T, T> => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

/** GraphQL enums of the policy vocabulary. */
export const DataCategoryEnum = enumOf(DATA_CATEGORIES);
export const PurposeEnum = enumOf(PURPOSES);
export const LawfulBasisEnum = enumOf(LAWFUL_BASES);
export const AgreementStatusEnum = enumOf(AGREEMENT_STATUSES);
export const RedactionReasonEnum = enumOf(REDACTION_REASONS);
export const AgreementKindEnum = enumOf(['ISP', 'DDA'] as const);
export const RecipientReasonEnum = enumOf(RECIPIENT_REASONS);
export const RelationshipEnum = enumOf(RELATIONSHIPS);
export const DisclosureEnum = enumOf(DISCLOSURES);
export const PartyDecisionEnum = enumOf(PARTY_DECISIONS);
/** Reasons in an access explanation: precise for IG officers, as the recipient sees them for itself. */
export const AccessReasonEnum = enumOf([...REDACTION_REASONS, 'WITHHELD'] as const);
registerEnumType(AccessReasonEnum, { name: 'AccessReason' });
registerEnumType(RecipientReasonEnum, { name: 'RecipientReason', description: 'A reason as the recipient sees it: WITHHELD for every reason that depends on the young person' });
registerEnumType(RelationshipEnum, { name: 'Relationship', description: 'A relationship a recipient earns with a young person (an applicant, an enrolled learner)' });
registerEnumType(DisclosureEnum, { name: 'Disclosure', description: 'VALUE releases the value; FLAG only that the supplier holds one' });
registerEnumType(PartyDecisionEnum, {
  name: 'PartyDecision',
  description: "APPROVED: the clauses releasing the party's data take effect; SUSPENDED: the party neither provides nor receives under the version",
});
registerEnumType(DataCategoryEnum, { name: 'DataCategory' });
registerEnumType(PurposeEnum, { name: 'Purpose' });
registerEnumType(LawfulBasisEnum, { name: 'LawfulBasis' });
registerEnumType(AgreementStatusEnum, { name: 'AgreementStatus' });
registerEnumType(RedactionReasonEnum, { name: 'RedactionReason' });
registerEnumType(AgreementKindEnum, { name: 'AgreementKind' });

/** One row of an agreement's Information Reference Table. */
@ObjectType('AgreementClause')
export class AgreementClauseType {
  @Field(() => Int)
  position!: number;

  @Field(() => OrganisationType, { nullable: true, description: 'Provider organisation (or providerKind)' })
  providerOrganisation!: OrganisationType | null;

  @Field(() => OrganisationKindEnum, { nullable: true })
  providerKind!: OrganisationKind | null;

  @Field(() => OrganisationType, { nullable: true })
  recipientOrganisation!: OrganisationType | null;

  @Field(() => OrganisationKindEnum, { nullable: true })
  recipientKind!: OrganisationKind | null;

  @Field(() => RoleEnum, { nullable: true })
  recipientRole!: Role | null;

  @Field(() => [DataCategoryEnum])
  categories!: DataCategory[];

  @Field(() => [PurposeEnum])
  purposes!: Purpose[];

  @Field(() => GraphQLJSONObject, { description: 'tierIn, ageMin, ageMax, area (PROVIDER, PERSON or TRANSFER), relationship (APPLICANT or ENROLLED)' })
  conditions!: Record<string, unknown>;

  @Field(() => Boolean)
  consentRequired!: boolean;

  @Field(() => DisclosureEnum)
  disclosure!: Disclosure;

  @Field(() => String, { nullable: true })
  retention!: string | null;

  @Field(() => String)
  description!: string;
}

/** Something that happened to an agreement, with who and when. */
@ObjectType('AgreementEvent')
export class AgreementEventType {
  @Field(() => String, { description: 'agreement.created, agreement.activated, agreement.suspended …' })
  event!: string;

  @Field(() => String, { nullable: true, description: 'Handle of the principal who did it' })
  by!: string | null;

  @Field(() => Date)
  at!: Date;

  @Field(() => GraphQLJSONObject)
  detail!: Record<string, unknown>;
}

/** One party's standing decision on an agreement version, with who made it and when. */
@ObjectType('AgreementApproval')
export class AgreementApprovalType {
  @Field(() => OrganisationType, { description: 'The party the decision was made for' })
  organisation!: OrganisationType;

  @Field(() => PartyDecisionEnum)
  decision!: PartyDecision;

  @Field(() => String, { nullable: true, description: 'Handle of the principal who made it (null: seeded as signed)' })
  by!: string | null;

  @Field(() => Date)
  at!: Date;

  @Field(() => Boolean, { description: "Made by the hub administrator for the party (break-glass)" })
  breakGlass!: boolean;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}

/** A sharing agreement (ISP or DDA) version, held as data. */
@ObjectType('SharingAgreement')
export class SharingAgreementType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  reference!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => AgreementKindEnum)
  kind!: 'ISP' | 'DDA';

  @Field(() => String)
  title!: string;

  @Field(() => AgreementStatusEnum)
  status!: AgreementStatus;

  @Field(() => Boolean, { description: 'ACTIVE and inside its effective and review dates today' })
  inForce!: boolean;

  @Field(() => LawfulBasisEnum)
  lawfulBasis!: LawfulBasis;

  @Field(() => [PurposeEnum])
  purposes!: Purpose[];

  @Field(() => [OrganisationType])
  parties!: OrganisationType[];

  @Field(() => String, { description: 'YYYY-MM-DD' })
  effectiveFrom!: string;

  @Field(() => String, { description: 'YYYY-MM-DD; past it the agreement grants nothing' })
  reviewBy!: string;

  @Field(() => [AgreementClauseType])
  clauses!: AgreementClauseType[];

  @Field(() => [AgreementApprovalType], { description: "Each party's latest decision; a party not listed has not approved" })
  approvals!: AgreementApprovalType[];

  @Field(() => [OrganisationType], { description: 'Parties whose data a clause would release but which have not approved (or have suspended): those clauses grant nothing for them' })
  awaitingApproval!: OrganisationType[];

  @Field(() => [AgreementEventType])
  history!: AgreementEventType[];
}

/** Conditions of a clause. */
@InputType('ClauseConditionsInput')
export class ClauseConditionsInput {
  @Field(() => [Int], { nullable: true })
  tierIn?: number[] | null;

  @Field(() => Int, { nullable: true })
  ageMin?: number | null;

  @Field(() => Int, { nullable: true })
  ageMax?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "PROVIDER (the provider serves the recipient's LA), PERSON (the young person lives there) or TRANSFER (their latest move, awaiting acceptance or accepted, is into it)",
  })
  @IsIn([...AREA_CONDITIONS, null, undefined])
  area?: AreaCondition | null;

  @Field(() => RelationshipEnum, { nullable: true, description: "The recipient's earned relationship with the young person" })
  relationship?: Relationship | null;
}

/** One clause of a new agreement version. */
@InputType('AgreementClauseInput')
export class AgreementClauseInput {
  @Field(() => String, { nullable: true })
  providerOrganisationCode?: string | null;

  @Field(() => OrganisationKindEnum, { nullable: true })
  providerKind?: OrganisationKind | null;

  @Field(() => String, { nullable: true })
  recipientOrganisationCode?: string | null;

  @Field(() => OrganisationKindEnum, { nullable: true })
  recipientKind?: OrganisationKind | null;

  @Field(() => RoleEnum, { nullable: true })
  recipientRole?: Role | null;

  @Field(() => [DataCategoryEnum])
  @ArrayMinSize(1)
  categories!: DataCategory[];

  @Field(() => [PurposeEnum])
  @ArrayMinSize(1)
  purposes!: Purpose[];

  @Field(() => ClauseConditionsInput, { nullable: true })
  @ValidateNested()
  conditions?: ClauseConditionsInput | null;

  @Field(() => Boolean, { defaultValue: false })
  consentRequired!: boolean;

  @Field(() => DisclosureEnum, { defaultValue: 'VALUE' })
  disclosure!: Disclosure;

  @Field(() => String, { nullable: true })
  @MaxLength(200)
  retention?: string | null;

  @Field(() => String, { defaultValue: '' })
  @MaxLength(500)
  description!: string;
}

/** A new agreement, or a new version of an existing reference; it starts as DRAFT. */
@InputType('DraftSharingAgreementInput')
export class DraftSharingAgreementInput {
  @Field(() => String, { description: 'e.g. ISP-YEPF-REGIONAL; a known reference gets the next version' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,60}$/, { message: 'reference must be capitals, digits and hyphens' })
  reference!: string;

  @Field(() => AgreementKindEnum)
  kind!: 'ISP' | 'DDA';

  @Field(() => String)
  @MaxLength(300)
  title!: string;

  @Field(() => LawfulBasisEnum)
  lawfulBasis!: LawfulBasis;

  @Field(() => [PurposeEnum])
  @ArrayMinSize(1)
  purposes!: Purpose[];

  @Field(() => [String], { description: 'Codes of the party organisations (organisations a clause names are parties too)' })
  @ArrayMaxSize(500)
  partyCodes!: string[];

  @Field(() => String, { description: 'YYYY-MM-DD' })
  @IsIsoDate()
  effectiveFrom!: string;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  @IsIsoDate()
  reviewBy!: string;

  @Field(() => [AgreementClauseInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  clauses!: AgreementClauseInput[];
}

/** One category in an access explanation. */
@ObjectType('SourceDecision')
export class SourceDecisionType {
  @Field(() => OrganisationType)
  provider!: OrganisationType;

  @Field(() => Boolean)
  allowed!: boolean;

  @Field(() => AccessReasonEnum, { nullable: true })
  reason!: RedactionReason | RecipientReason | null;

  @Field(() => String, { nullable: true, description: 'reference@version relied on or considered' })
  agreement!: string | null;
}

/** Allowed or denied, and why, for one category. */
@ObjectType('CategoryExplanation')
export class CategoryExplanationType {
  @Field(() => DataCategoryEnum)
  category!: DataCategory;

  @Field(() => Boolean, { description: 'Released from at least one source' })
  allowed!: boolean;

  @Field(() => AccessReasonEnum, { nullable: true })
  reason!: RedactionReason | RecipientReason | null;

  @Field(() => String, { nullable: true })
  agreement!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the hub holds this category (shown to IG officers and admins only)' })
  held!: boolean | null;

  @Field(() => [SourceDecisionType], { description: 'Per supplying organisation (sources the asker may know about)' })
  sources!: SourceDecisionType[];
}

/** Why a principal could, or could not, see each category of a person's data for a purpose. */
@ObjectType('AccessExplanation')
export class AccessExplanationType {
  @Field(() => ID)
  personId!: string;

  @Field(() => String)
  principalHandle!: string;

  @Field(() => PurposeEnum)
  purpose!: Purpose;

  @Field(() => [CategoryExplanationType])
  categories!: CategoryExplanationType[];
}
