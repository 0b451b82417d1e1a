import { ArrayMaxSize, IsIn, IsOptional, Matches, MaxLength, Min } from 'class-validator';
import { Extensions, Field, ID, InputType, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import type { DataCategory } from '../../policy/data-category.js';
import { PERSONAL_TYPE_EXTENSION, PersonalField, ProvenanceField } from '../../policy/personal-field.js';
import { PageInfoType } from '../../graphql/page-info.type.js';
import { OrganisationType } from '../organisations/organisation.type.js';
import { YoungPersonType } from '../people/young-person.type.js';
import type { DecisionLookup } from '../sources/checked-view.js';
import { ActorType, TierEventType } from '../tiers/tier-history.type.js';
import { ContactMethodEnum } from '../tiers/tier.type.js';
import type { ContactMethod } from '../tiers/tier-history.data.js';
import { CONTACT_KINDS, SIGHTING_CATEGORIES, type ContactKind, type SightingCategory } from './sightings.js';
import { EPC_OUTCOMES, REASON_CATEGORY, UNKNOWN_REASONS, WORKLIST_AGES, WORKLIST_STATES, type EpcOutcome, type UnknownReason, type WorklistState } from './worklist.policy.js';

const enumOf = <T extends string>(values: readonly T[]): Record<T, T> => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

/** Why a status is unknown, as a GraphQL enum. */
export const UnknownReasonEnum = enumOf(UNKNOWN_REASONS);
registerEnumType(UnknownReasonEnum, { name: 'UnknownReason', description: "Why a young person's status is unknown" });

/** Contact kinds as a GraphQL enum. */
export const ContactKindEnum = enumOf(CONTACT_KINDS);
registerEnumType(ContactKindEnum, { name: 'ContactKind', description: "What kind of contact a partner's record shows" });

/** EPC outcomes as a GraphQL enum. */
export const UnknownOutcomeEnum = enumOf(EPC_OUTCOMES);
registerEnumType(UnknownOutcomeEnum, { name: 'UnknownOutcome', description: 'What an EPC found out about a young person whose status was unknown' });

/** Worklist states as a GraphQL enum. */
export const WorklistStateEnum = enumOf(WORKLIST_STATES);
registerEnumType(WorklistStateEnum, { name: 'WorklistState', description: 'Where an item of the unknowns worklist stands' });

/** A value object decided by the field guard: whose, supplied by whom, and the decisions (not GraphQL fields). */
interface Checked {
  personId: string;
  providerOrganisationId: string;
  decisions?: DecisionLookup;
}

/** The latest contact one partner has recorded with a young person. */
@InterfaceType('Sighting', {
  description: 'The latest contact one partner has recorded (which organisation, what kind, when); one type per data category',
  resolveType: (value: { graphqlType: string }) => value.graphqlType,
})
export abstract class SightingInterface {
  @Field(() => OrganisationType)
  provider!: OrganisationType;

  @Field(() => Date, { description: "When the hub received the partner's record" })
  recordedAt!: Date;

  @Field(() => ContactKindEnum, { nullable: true })
  kind!: ContactKind | null;

  @Field(() => String, { nullable: true, description: 'The day of the contact, YYYY-MM-DD' })
  on!: string | null;
}

/** A sighting as the service builds it: its GraphQL type name and its record's decisions. */
export interface SightingView extends Checked {
  graphqlType: string;
  provider: OrganisationType;
  recordedAt: Date;
  kind: ContactKind | null;
  on: string | null;
}

/** Why a status is unknown: one fact from one organisation. */
@InterfaceType('UnknownReasonDetail', {
  description: 'One fact that makes a status unknown, from the organisation that supplied it; one type per data category',
  resolveType: (value: { graphqlType: string }) => value.graphqlType,
})
export abstract class UnknownReasonInterface {
  @Field(() => OrganisationType)
  provider!: OrganisationType;

  @Field(() => UnknownReasonEnum, { nullable: true })
  reason!: UnknownReason | null;

  @Field(() => String, { nullable: true, description: 'Unknown since (YYYY-MM-DD)' })
  since!: string | null;

  @Field(() => Int, { nullable: true, description: 'Days unknown, to today' })
  daysUnknown!: number | null;
}

/** A reason as the service builds it. */
export interface UnknownReasonView extends Checked {
  graphqlType: string;
  provider: OrganisationType;
  reason: UnknownReason | null;
  since: string | null;
  daysUnknown: number | null;
}

/**
 * Makes the object type of a value whose fields all belong to one category, implementing `iface`: the
 * provider and when the record arrived are provenance, the rest personal data of that category. One type per
 * category, because the field guard decides (and the access log records) each field by its declared category.
 */
function categorisedType(
  name: string,
  category: DataCategory,
  iface: abstract new () => object,
  fields: ReadonlyArray<{ key: string; type: () => unknown; description?: string }>,
  provenance: ReadonlyArray<{ key: string; type: () => unknown; description?: string }>,
): void {
  class Implementation {}
  for (const f of provenance) ProvenanceField(f.type as never, { description: f.description })(Implementation.prototype, f.key);
  for (const f of fields) PersonalField(category, f.type as never, { nullable: true, description: f.description })(Implementation.prototype, f.key);
  Extensions({ [PERSONAL_TYPE_EXTENSION]: true })(Implementation);
  ObjectType(name, { implements: iface, description: `${category} of the supplying organisation` })(Implementation);
}

/** GraphQL type name of a sighting resting on each category. */
export const SIGHTING_TYPE: Readonly<Record<SightingCategory, string>> = {
  EDUCATION_ENROLMENT: 'EnrolmentSighting',
  ATTENDANCE: 'AttendanceSighting',
  CAREERS_GUIDANCE: 'CareersGuidanceSighting',
  TIER_STATUS: 'TierAssessmentSighting',
  INVOLVEMENT: 'InvolvementSighting',
  LEAD_WORKER: 'LeadWorkerSighting',
  DESTINATION: 'DestinationSighting',
};

for (const category of SIGHTING_CATEGORIES) {
  categorisedType(
    SIGHTING_TYPE[category],
    category,
    SightingInterface,
    [
      { key: 'kind', type: () => ContactKindEnum },
      { key: 'on', type: () => String, description: 'The day of the contact, YYYY-MM-DD' },
    ],
    [
      { key: 'provider', type: () => OrganisationType },
      { key: 'recordedAt', type: () => Date, description: "When the hub received the partner's record" },
    ],
  );
}

/** GraphQL type name of each reason. */
export const REASON_TYPE: Readonly<Record<UnknownReason, string>> = {
  TIER_1: 'Tier1Unknown',
  NO_CAREERS_WALES_CONTACT: 'NoCareersWalesContactUnknown',
  DESTINATION_NON_RESPONDENT: 'DestinationNonRespondentUnknown',
  LEFT_PROVISION: 'LeftProvisionUnknown',
};

for (const reason of UNKNOWN_REASONS) {
  categorisedType(
    REASON_TYPE[reason],
    REASON_CATEGORY[reason],
    UnknownReasonInterface,
    [
      { key: 'reason', type: () => UnknownReasonEnum },
      { key: 'since', type: () => String, description: 'Unknown since (YYYY-MM-DD)' },
      { key: 'daysUnknown', type: () => Int, description: 'Days unknown, to today' },
    ],
    [{ key: 'provider', type: () => OrganisationType }],
  );
}

/** Where an item stands: its LA's resolution events (TIER_STATUS of that LA). */
@ObjectType('WorklistProgress', { description: "What is in progress on an item, and by whom (the LA's own resolution events)" })
@Extensions({ [PERSONAL_TYPE_EXTENSION]: true })
export class WorklistProgressType implements Checked {
  personId!: string;
  providerOrganisationId!: string;
  decisions?: DecisionLookup;

  @ProvenanceField(() => OrganisationType, { description: 'The organisation working the item' })
  organisation!: OrganisationType;

  @PersonalField('TIER_STATUS', () => WorklistStateEnum, { nullable: true })
  state!: WorklistState | null;

  @PersonalField('TIER_STATUS', () => ActorType, { nullable: true, description: 'Who recorded the latest step' })
  by!: ActorType | null;

  @PersonalField('TIER_STATUS', () => String, { nullable: true, description: 'The day of the latest step (YYYY-MM-DD)' })
  since!: string | null;

  @PersonalField('TIER_STATUS', () => Int, { nullable: true, description: 'Contact attempts logged since the item opened' })
  attempts!: number | null;

  @PersonalField('TIER_STATUS', () => [TierEventType], { nullable: true, description: 'Every step (outcomes, attempts, reopenings), newest first' })
  events!: TierEventType[] | null;
}

/** One young person on the unknowns worklist. */
@ObjectType('UnknownsWorklistItem', { description: 'A young person aged 16 to 18 whose status is unknown to you' })
export class UnknownsWorklistItemType {
  @Field(() => YoungPersonType, { description: 'The young person, with the records shown to you' })
  person!: YoungPersonType;

  @Field(() => [UnknownReasonInterface], { description: 'Why the status is unknown (the facts released to you), oldest first' })
  reasons!: UnknownReasonView[];

  @Field(() => [SightingInterface], { description: 'The latest contact each partner has recorded, newest first (released to you)' })
  sightings!: SightingView[];

  @Field(() => WorklistProgressType, { nullable: true, description: 'What is in progress, and by whom; null when nobody has started' })
  progress!: WorklistProgressType | null;
}

/** One edge of the worklist. */
@ObjectType('UnknownsWorklistEdge')
export class UnknownsWorklistEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => UnknownsWorklistItemType)
  node!: UnknownsWorklistItemType;
}

/** A count of the worklist by age. */
@ObjectType('WorklistAgeCount')
export class WorklistAgeCountType {
  @Field(() => Int)
  age!: number;

  @Field(() => Int)
  count!: number;
}

/** A count of the worklist by reason (a young person may count under several). */
@ObjectType('WorklistReasonCount')
export class WorklistReasonCountType {
  @Field(() => UnknownReasonEnum)
  reason!: UnknownReason;

  @Field(() => Int)
  count!: number;
}

/** The worklist's counts, over every page. */
@ObjectType('WorklistCounts')
export class WorklistCountsType {
  @Field(() => Int)
  total!: number;

  @Field(() => [WorklistAgeCountType], { description: 'Ages 16, 17 and 18, zeros included' })
  byAge!: WorklistAgeCountType[];

  @Field(() => [WorklistReasonCountType], { description: 'Every reason, zeros included' })
  byReason!: WorklistReasonCountType[];
}

/** A page of the worklist. */
@ObjectType('UnknownsWorklistConnection')
export class UnknownsWorklistConnectionType {
  @Field(() => [UnknownsWorklistEdgeType])
  edges!: UnknownsWorklistEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  /** Counts over every page with the same filter; run only when `counts` is asked for. */
  counts!: () => Promise<WorklistCountsType>;
}

/** Filters of the worklist; all optional, combined with AND. */
@InputType('UnknownsWorklistFilter')
export class UnknownsWorklistFilterInput {
  @Field(() => [Int], { nullable: true, description: 'Ages 16, 17 and/or 18 (default all three)' })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsIn(WORKLIST_AGES, { each: true, message: 'ageBands are 16, 17 or 18' })
  ageBands?: number[] | null;

  @Field(() => [UnknownReasonEnum], { nullable: true, description: 'Only these reasons (default all)' })
  reasons?: UnknownReason[] | null;

  @Field(() => String, { nullable: true, description: 'Code of the school last attended, e.g. school.cardiff.nant-fawr-high' })
  @IsOptional()
  @MaxLength(100)
  schoolCode?: string | null;

  @Field(() => Int, { nullable: true, description: 'Unknown for at least this many days' })
  @IsOptional()
  @Min(0)
  minDaysUnknown?: number | null;
}

/** An EPC's outcome for an item. */
@InputType('RecordUnknownOutcomeInput')
export class RecordUnknownOutcomeInput {
  @Field(() => ID)
  personId!: string;

  @Field(() => UnknownOutcomeEnum)
  outcome!: EpcOutcome;

  @Field(() => String, { nullable: true, description: 'The day it was found out (YYYY-MM-DD; default today)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveOn must be YYYY-MM-DD' })
  effectiveOn?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'MOVED_OUT_OF_AREA only: the Welsh LA they moved to, if known (the transfer this outcome opens goes to its EPC)',
  })
  @IsOptional()
  @MaxLength(50)
  movedToLaCode?: string | null;
}

/** One attempt to reach a young person. */
@InputType('RecordContactAttemptInput')
export class RecordContactAttemptInput {
  @Field(() => ID)
  personId!: string;

  @Field(() => ContactMethodEnum)
  method!: ContactMethod;

  @Field(() => String, { nullable: true, description: 'When (YYYY-MM-DD; default today)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'attemptedOn must be YYYY-MM-DD' })
  attemptedOn?: string | null;
}

/** Reverses an outcome recorded in error (a later event; nothing is edited). */
@InputType('ReopenUnknownInput')
export class ReopenUnknownInput {
  @Field(() => ID)
  personId!: string;

  @Field(() => ID, { description: 'The outcome event to reverse (the latest one)' })
  eventId!: string;
}
