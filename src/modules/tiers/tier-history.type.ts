import { Extensions, Field, ID, Int, ObjectType } from 'type-graphql';
import { PERSONAL_TYPE_EXTENSION, PersonalField, ProvenanceField } from '../../policy/personal-field.js';
import { OrganisationType } from '../organisations/organisation.type.js';
import type { DecisionLookup } from '../sources/checked-view.js';
import type { ContactMethod, EetStatus, ResolutionOutcome, Tier2Reason, Tier4Risk, TierEventKind } from './tier-history.data.js';
import { ContactMethodEnum, EetStatusEnum, ResolutionOutcomeEnum, Tier2ReasonEnum, Tier4RiskEnum, TierEventKindEnum } from './tier.type.js';

/** What the field guard needs on every checked value object (not GraphQL fields). */
export interface CheckedValue {
  personId: string;
  providerOrganisationId: string;
  decisions?: DecisionLookup;
}

/** Someone who acted on a young person's status (a Careers Wales adviser, an EPC …), not personal data of the young person by itself. */
@ObjectType('Actor', { description: 'A principal who acted, and their organisation' })
export class ActorType {
  @Field(() => String)
  displayName!: string;

  @Field(() => OrganisationType)
  organisation!: OrganisationType;
}

/** One event of a young person's tier history, released as its supplier's TIER_STATUS. */
@ObjectType('TierEvent', { description: "One event of a young person's tier history (TIER_STATUS of the organisation that supplied it)" })
@Extensions({ [PERSONAL_TYPE_EXTENSION]: true })
export class TierEventType implements CheckedValue {
  personId!: string;
  providerOrganisationId!: string;
  decisions?: DecisionLookup;

  @ProvenanceField(() => ID, { description: "The event's id (for an assessment held only on Careers Wales's record: that record's id)" })
  id!: string;

  @ProvenanceField(() => OrganisationType, { description: 'The organisation whose word this is' })
  source!: OrganisationType;

  @ProvenanceField(() => Date, { description: 'When the hub recorded it' })
  recordedAt!: Date;

  @PersonalField('TIER_STATUS', () => TierEventKindEnum, { nullable: true })
  kind!: TierEventKind | null;

  @PersonalField('TIER_STATUS', () => String, { nullable: true, description: 'The day it took effect, YYYY-MM-DD' })
  effectiveOn!: string | null;

  @PersonalField('TIER_STATUS', () => ActorType, { nullable: true, description: 'Who acted (null for a feed or a partner system)' })
  actor!: ActorType | null;

  @PersonalField('TIER_STATUS', () => String, { nullable: true, description: 'Why, as a code' })
  reason!: string | null;

  @PersonalField('TIER_STATUS', () => ID, { nullable: true, description: 'The notification, return, transfer … it came from' })
  sourceEventId!: string | null;

  @PersonalField('TIER_STATUS', () => Int, { nullable: true, description: 'Assessments only' })
  tier!: number | null;

  @PersonalField('TIER_STATUS', () => Tier2ReasonEnum, { nullable: true })
  tier2Reason!: Tier2Reason | null;

  @PersonalField('TIER_STATUS', () => Tier4RiskEnum, { nullable: true })
  tier4Risk!: Tier4Risk | null;

  @PersonalField('TIER_STATUS', () => EetStatusEnum, { nullable: true, description: 'Assessments only' })
  eetStatus!: EetStatus | null;

  @PersonalField('TIER_STATUS', () => ResolutionOutcomeEnum, { nullable: true, description: 'Resolutions only' })
  outcome!: ResolutionOutcome | null;

  @PersonalField('TIER_STATUS', () => ContactMethodEnum, { nullable: true, description: 'Contact attempts only' })
  contactMethod!: ContactMethod | null;

  @PersonalField('TIER_STATUS', () => ID, { nullable: true, description: 'Reopenings only: the resolution reversed' })
  reversesEventId!: string | null;
}

/** A young person's current tier, derived from the history and explained. */
@ObjectType('TierStatus', { description: "A young person's current tier, derived from the tier history, with the evidence for it" })
@Extensions({ [PERSONAL_TYPE_EXTENSION]: true })
export class TierStatusType implements CheckedValue {
  personId!: string;
  providerOrganisationId!: string;
  decisions?: DecisionLookup;

  @ProvenanceField(() => OrganisationType, { description: 'The organisation whose assessment sets the tier' })
  source!: OrganisationType;

  @PersonalField('TIER_STATUS', () => Int, { nullable: true, description: '1 (status unknown) to 5 (in EET)' })
  tier!: number | null;

  @PersonalField('TIER_STATUS', () => Tier2ReasonEnum, { nullable: true })
  tier2Reason!: Tier2Reason | null;

  @PersonalField('TIER_STATUS', () => Tier4RiskEnum, { nullable: true })
  tier4Risk!: Tier4Risk | null;

  @PersonalField('TIER_STATUS', () => EetStatusEnum, { nullable: true })
  eetStatus!: EetStatus | null;

  @PersonalField('TIER_STATUS', () => String, { nullable: true, description: 'In this tier since (YYYY-MM-DD)' })
  since!: string | null;

  @PersonalField('TIER_STATUS', () => Int, { nullable: true, description: 'Days in this tier, to today' })
  daysInTier!: number | null;

  @PersonalField('TIER_STATUS', () => String, { nullable: true, description: 'The day of the latest assessment (YYYY-MM-DD)' })
  assessedOn!: string | null;

  @PersonalField('TIER_STATUS', () => ActorType, { nullable: true, description: 'Who made the latest assessment (null: a partner system)' })
  assessedBy!: ActorType | null;

  @PersonalField('TIER_STATUS', () => [TierEventType], {
    nullable: true,
    description: 'The assessments of this stretch in the tier and every other event since it began, newest first (those released to you)',
  })
  evidence!: TierEventType[] | null;
}

/** A move between tiers, with the time spent in the earlier one. */
@ObjectType('TierMovement', { description: 'A move between tiers' })
@Extensions({ [PERSONAL_TYPE_EXTENSION]: true })
export class TierMovementType implements CheckedValue {
  personId!: string;
  providerOrganisationId!: string;
  decisions?: DecisionLookup;

  @ProvenanceField(() => OrganisationType, { description: 'The organisation whose assessment moved the young person' })
  source!: OrganisationType;

  @PersonalField('TIER_STATUS', () => Int, { nullable: true })
  fromTier!: number | null;

  @PersonalField('TIER_STATUS', () => Int, { nullable: true })
  toTier!: number | null;

  @PersonalField('TIER_STATUS', () => String, { nullable: true, description: 'YYYY-MM-DD' })
  on!: string | null;

  @PersonalField('TIER_STATUS', () => Int, { nullable: true })
  daysInFromTier!: number | null;
}
