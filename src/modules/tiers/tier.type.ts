import { IsIn, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsIsoDate } from '../../graphql/iso-date.js';

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

  @Field(() => String, { nullable: true, description: 'Tier 4: LOW, MEDIUM or HIGH' })
  @IsIn(['LOW', 'MEDIUM', 'HIGH', null, undefined])
  tier4Risk?: string | null;

  @Field(() => String, { nullable: true, description: 'Tier 2: SICKNESS, YOUNG_CARER, PREGNANCY, CUSTODY or MULTIPLE_BARRIERS' })
  @IsIn(['SICKNESS', 'YOUNG_CARER', 'PREGNANCY', 'CUSTODY', 'MULTIPLE_BARRIERS', null, undefined])
  tier2Reason?: string | null;
}
