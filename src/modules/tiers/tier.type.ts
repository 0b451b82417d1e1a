import { IsIn, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsIsoDate } from '../../graphql/iso-date.js';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CONTACT_METHODS, EET_STATUSES, RESOLUTION_OUTCOMES, TIER2_REASONS, TIER4_RISKS, TIER_EVENT_KINDS } from './tier-history.data.js';
import type { Tier2Reason, Tier4Risk } from './tier-history.data.js';

/** A GraphQL enum from a constant list (its values are the list's strings). */
function enumOf<T extends string>(values: readonly T[]): Record<T, T> {
  return Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
}

/** Tier-2 reasons as a GraphQL enum. */
export const Tier2ReasonEnum = enumOf(TIER2_REASONS);
registerEnumType(Tier2ReasonEnum, { name: 'Tier2Reason', description: 'Why a tier-2 young person is not available for EET' });

/** Tier-4 risk levels as a GraphQL enum. */
export const Tier4RiskEnum = enumOf(TIER4_RISKS);
registerEnumType(Tier4RiskEnum, { name: 'Tier4Risk', description: 'Risk of dropping out, inside tier 4' });

/** Tier-history event kinds as a GraphQL enum. */
export const TierEventKindEnum = enumOf(TIER_EVENT_KINDS);
registerEnumType(TierEventKindEnum, { name: 'TierEventKind', description: 'What put an event in the tier history' });

/** Resolution outcomes as a GraphQL enum. */
export const ResolutionOutcomeEnum = enumOf(RESOLUTION_OUTCOMES);
registerEnumType(ResolutionOutcomeEnum, { name: 'ResolutionOutcome', description: "An EPC's outcome for a young person whose status is unknown" });

/** Contact methods as a GraphQL enum. */
export const ContactMethodEnum = enumOf(CONTACT_METHODS);
registerEnumType(ContactMethodEnum, { name: 'ContactMethod', description: 'How someone tried to reach a young person' });

/** EET statuses as a GraphQL enum. */
export const EetStatusEnum = enumOf(EET_STATUSES);
registerEnumType(EetStatusEnum, { name: 'EetStatus', description: 'Education, employment or training status, as the tier says it' });

/** A Careers Wales five-tier assessment. */
@ObjectType('TierAssessment')
export class TierAssessmentType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => Int)
  tier!: number;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  assessedOn!: string;

  @Field(() => Date)
  recordedAt!: Date;
}

/** A new tier assessment by Careers Wales. */
@InputType('RecordTierAssessmentInput')
export class RecordTierAssessmentInput {
  @Field(() => ID)
  personId!: string;

  @Field(() => Int)
  @Min(1)
  @Max(5)
  tier!: number;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  @IsIsoDate()
  assessedOn!: string;

  @Field(() => Tier4RiskEnum, { nullable: true, description: 'Tier 4 only' })
  @IsIn([...TIER4_RISKS, null, undefined])
  tier4Risk?: Tier4Risk | null;

  @Field(() => Tier2ReasonEnum, { nullable: true, description: 'Tier 2 only' })
  @IsIn([...TIER2_REASONS, null, undefined])
  tier2Reason?: Tier2Reason | null;

  @Field(() => ID, { nullable: true, description: 'The event that led to this assessment (a drop-out notification, a handover from an EPC …)' })
  @IsOptional()
  @IsUUID('all', { message: 'sourceEventId must be a UUID' })
  sourceEventId?: string | null;
}
