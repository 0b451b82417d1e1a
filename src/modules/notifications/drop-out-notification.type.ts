import { Matches, Max, MaxLength, Min } from 'class-validator';
import { Extensions, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfoType } from '../../graphql/page-info.type.js';
import { PERSONAL_TYPE_EXTENSION, PersonalField, ProvenanceField } from '../../policy/personal-field.js';
import { OrganisationType } from '../organisations/organisation.type.js';
import type { DecisionLookup } from '../sources/checked-view.js';
import { SourceRecordType } from '../sources/source-record.type.js';
import type { Tier2Reason, Tier4Risk } from '../tiers/tier-history.data.js';
import { Tier2ReasonEnum, Tier4RiskEnum } from '../tiers/tier.type.js';
import { DROP_OUT_REASON_CODES, type DropOutReason } from './drop-out-reasons.js';

const enumOf = <T extends string>(values: readonly T[]): Record<T, T> => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

/** GraphQL enums of drop-out notifications. */
export const DropOutReasonEnum = enumOf(DROP_OUT_REASON_CODES);
export const NotificationStatusEnum = enumOf(['OPEN', 'CLOSED'] as const);
registerEnumType(DropOutReasonEnum, { name: 'DropOutReason', description: 'Why a provider notifies: AT_RISK_* (still on roll) or LEFT_* (left; a leaving date is required)' });
registerEnumType(NotificationStatusEnum, { name: 'NotificationStatus' });

/** The tier a notification implies (tier 4 at risk, 3 if NEET and available, 2 if not available), for the adviser to confirm. */
@ObjectType('TierProposal')
export class TierProposalType {
  @Field(() => Int)
  tier!: number;

  @Field(() => Tier4RiskEnum, { nullable: true })
  tier4Risk!: Tier4Risk | null;

  @Field(() => Tier2ReasonEnum, { nullable: true })
  tier2Reason!: Tier2Reason | null;
}

/** What Careers Wales did with a notification: Careers Wales's data (TIER_STATUS), decided apart from the notification. */
@ObjectType('DropOutNotificationAction', { description: 'How Careers Wales closed a notification (its own tier data)' })
@Extensions({ [PERSONAL_TYPE_EXTENSION]: true })
export class DropOutActionType {
  /** The young person (not a GraphQL field: the field guard decides with it). */
  personId!: string;

  /** Careers Wales's organisation id (not a GraphQL field). */
  providerOrganisationId!: string;

  /** Careers Wales's data decided for the requester (not a GraphQL field). */
  decisions?: DecisionLookup;

  @PersonalField('TIER_STATUS', () => Date, { nullable: true, description: 'When the adviser confirmed a tier' })
  closedAt!: Date | null;

  @PersonalField('TIER_STATUS', () => Int, { nullable: true, description: 'The tier the adviser recorded' })
  tier!: number | null;
}

/**
 * A drop-out or at-risk notification: data the notifying provider supplies about its learner, so every
 * value is EDUCATION_ENROLMENT from that provider; shown only when that category is released.
 */
@ObjectType('DropOutNotification', { description: "A provider's notification to Careers Wales that a learner left or is seriously at risk" })
@Extensions({ [PERSONAL_TYPE_EXTENSION]: true })
export class DropOutNotificationType {
  /** The young person, null until matching links the learner's record (not a GraphQL field: the field guard decides with it). */
  personId!: string | null;

  /** The notifying provider (not a GraphQL field: the field guard decides with it). */
  providerOrganisationId!: string;

  /** The request's decisions for the provider's data about this person (not a GraphQL field). */
  decisions?: DecisionLookup;

  @ProvenanceField(() => ID)
  id!: string;

  @ProvenanceField(() => ID, { nullable: true, description: "The young person the hub links the learner to; null until matching links the provider's record (every value is then withheld)" })
  youngPersonId!: string | null;

  @ProvenanceField(() => OrganisationType, { description: 'The provider that notified' })
  provider!: OrganisationType;

  @ProvenanceField(() => Date, { description: 'When the hub received it' })
  receivedAt!: Date;

  @ProvenanceField(() => SourceRecordType, { nullable: true, description: "The provider's record of the learner, as the sharing rules show it to you" })
  learnerRecord!: SourceRecordType | null;

  @PersonalField('EDUCATION_ENROLMENT', () => DropOutReasonEnum, { nullable: true })
  reason!: DropOutReason | null;

  @PersonalField('EDUCATION_ENROLMENT', () => String, { nullable: true, description: 'YYYY-MM-DD; null for an at-risk notification' })
  leftOn!: string | null;

  @PersonalField('EDUCATION_ENROLMENT', () => String, { nullable: true, description: 'YYYY-MM-DD: when Careers Wales was told' })
  notifiedOn!: string | null;

  @PersonalField('EDUCATION_ENROLMENT', () => Int, { nullable: true, description: 'Days from leaving to notification' })
  delayDays!: number | null;

  @PersonalField('EDUCATION_ENROLMENT', () => Boolean, { nullable: true, description: 'More than the limit (14 days by default) after leaving' })
  late!: boolean | null;

  @PersonalField('EDUCATION_ENROLMENT', () => TierProposalType, { nullable: true, description: 'The tier this notification implies, for the adviser to confirm' })
  proposal!: TierProposalType | null;

  @ProvenanceField(() => DropOutActionType, {
    nullable: true,
    description: 'What Careers Wales did: null while open, and null (not redacted) when none of it is released to you, so its absence tells nothing',
  })
  action!: DropOutActionType | null;
}

/** One edge of the notification queue. */
@ObjectType('DropOutNotificationEdge')
export class DropOutNotificationEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => DropOutNotificationType)
  node!: DropOutNotificationType;
}

/** A page of notifications, oldest first. */
@ObjectType('DropOutNotificationConnection')
export class DropOutNotificationConnectionType {
  @Field(() => [DropOutNotificationEdgeType])
  edges!: DropOutNotificationEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

/** A provider notifies Careers Wales that one of its learners left or is seriously at risk. */
@InputType('NotifyDropOutInput')
export class NotifyDropOutInput {
  @Field(() => String, { description: "Your own reference for the learner: a record you have already submitted" })
  @MaxLength(100)
  partnerReference!: string;

  @Field(() => DropOutReasonEnum)
  reason!: DropOutReason;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD the learner left; required for LEFT_* reasons, absent for AT_RISK_*' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'leftOn must be YYYY-MM-DD' })
  leftOn?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD Careers Wales was told; today when omitted' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'notifiedOn must be YYYY-MM-DD' })
  notifiedOn?: string | null;
}

/** Filters of the notification queue. */
@InputType('DropOutNotificationFilter')
export class DropOutNotificationFilterInput {
  @Field(() => NotificationStatusEnum, { nullable: true, description: 'OPEN or CLOSED (Careers Wales only: the status is its data)' })
  status?: 'OPEN' | 'CLOSED' | null;

  @Field(() => String, { nullable: true, description: 'Notified by this organisation (its code)' })
  @MaxLength(100)
  providerCode?: string | null;
}

/** A Careers Wales adviser confirms the tier a notification implies (or records another), closing it. */
@InputType('ConfirmDropOutTierInput')
export class ConfirmDropOutTierInput {
  @Field(() => ID)
  notificationId!: string;

  @Field(() => Int, { nullable: true, description: 'The tier to record; the proposal when omitted' })
  @Min(1)
  @Max(5)
  tier?: number | null;

  @Field(() => Tier4RiskEnum, { nullable: true, description: 'With tier 4; the proposal’s when the tier is the proposal’s' })
  tier4Risk?: Tier4Risk | null;

  @Field(() => Tier2ReasonEnum, { nullable: true, description: 'With tier 2; the proposal’s when the tier is the proposal’s' })
  tier2Reason?: Tier2Reason | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; today when omitted' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'assessedOn must be YYYY-MM-DD' })
  assessedOn?: string | null;
}
