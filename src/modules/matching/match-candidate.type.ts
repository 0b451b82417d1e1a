import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfoType } from '../../graphql/page-info.type.js';
import { SourceRecordType } from '../sources/source-record.type.js';
import { COMPARISON_OUTCOMES, type ComparisonOutcome } from './engine/criteria.js';

/** The GraphQL enum of comparison outcomes. */
export const MatchOutcomeEnum = Object.fromEntries(COMPARISON_OUTCOMES.map((o) => [o, o])) as Record<ComparisonOutcome, ComparisonOutcome>;
registerEnumType(MatchOutcomeEnum, {
  name: 'MatchOutcome',
  description: 'How one comparison of a pair came out, computed by the hub from both records without showing either value',
  valuesConfig: {
    EXACT: { description: 'The same value on both records' },
    CLOSE: { description: 'Alike but not the same: a variant or nickname, a near spelling, day and month swapped, the same postcode sector …' },
    DIFFERENT: { description: 'Both records hold a value and they differ' },
    MISSING: { description: 'One or both records hold no value' },
  },
});

/** One comparison of a pair: the level reached, its outcome and the weight it carried; never a value. */
@ObjectType('MatchComparison', { description: 'One comparison of a pair: the level reached, its outcome and its weight (never a value of either record)' })
export class MatchComparisonType {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  label!: string;

  @Field(() => MatchOutcomeEnum, { description: 'EXACT, CLOSE, DIFFERENT or MISSING: what a reviewer can decide from when a value is withheld' })
  outcome!: ComparisonOutcome;

  @Field(() => String, { description: 'Level reached, e.g. exact, variant, jw≥0.92, day/month swapped, different, missing' })
  level!: string;

  @Field(() => String)
  levelDescription!: string;

  @Field(() => Float, { description: 'log2(m/u) of the level (term-frequency adjusted); 0 when a value is missing' })
  weight!: number;
}

/** A decision an EPC took on a pair or a person. */
@ObjectType('MatchDecision')
export class MatchDecisionType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'CONFIRM, REJECT or SPLIT' })
  kind!: string;

  @Field(() => String, { description: 'Handle of the principal who decided' })
  decidedBy!: string;

  @Field(() => Date)
  decidedAt!: Date;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

/** A scored pair of source records with its evidence. */
@ObjectType('MatchCandidate', { description: 'A scored pair of source records, with the evidence for and against' })
export class MatchCandidateType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'LINKED, REVIEW, CONFIRMED or REJECTED' })
  status!: string;

  @Field(() => String, { description: 'SCORED, or UPN / ULN for an exact link on a strong identifier' })
  rule!: string;

  @Field(() => String, { nullable: true, description: 'Why an automatic link was held for review by clustering: CANNOT_LINK, IDENTIFIER_CONFLICT, SAME_SOURCE (two records of a source that holds each person once) or CHAIN_CONFLICT (the records it would join disagree)' })
  conflict!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why a pair waits for review: UNCERTAIN (between the thresholds), NAMES_ONLY (strong score but nothing beyond the names corroborates it), LIKELY_TWINS (one household, different given names), or the conflict that held an automatic link',
  })
  reviewReason!: string | null;

  @Field(() => Float, { description: 'Total weight: the prior log2-odds plus every comparison weight' })
  totalWeight!: number;

  @Field(() => Float, { description: 'Prior log2-odds of a match among candidate pairs' })
  prior!: number;

  @Field(() => Float, { description: 'Match probability' })
  probability!: number;

  @Field(() => [MatchComparisonType], { description: 'The comparison vector with the weight of each comparison' })
  comparisons!: MatchComparisonType[];

  @Field(() => SourceRecordType, { nullable: true, description: 'Null when nothing of this record is released to the reviewer' })
  recordA!: SourceRecordType | null;

  @Field(() => SourceRecordType, { nullable: true, description: 'Null when nothing of this record is released to the reviewer' })
  recordB!: SourceRecordType | null;

  @Field(() => ID, { nullable: true, description: 'The model that scored the pair (null: the prior model)' })
  modelId!: string | null;

  @Field(() => [MatchDecisionType], { description: 'Decisions taken on this pair, oldest first' })
  decisions!: MatchDecisionType[];

  @Field(() => Date)
  updatedAt!: Date;
}

/** One edge of the review queue. */
@ObjectType('MatchCandidateEdge')
export class MatchCandidateEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => MatchCandidateType)
  node!: MatchCandidateType;
}

/** A page of match candidates. */
@ObjectType('MatchCandidateConnection')
export class MatchCandidateConnectionType {
  @Field(() => [MatchCandidateEdgeType])
  edges!: MatchCandidateEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'Pairs waiting for review in the caller’s scope' })
  totalCount!: number;
}

/** Confirm or reject a pair. */
@InputType('DecideMatchInput')
export class DecideMatchInput {
  @Field(() => ID)
  candidateId!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Reverse an earlier opposite decision on this pair (without it, deciding a decided pair the other way is refused; the same way changes nothing)',
  })
  overrule?: boolean | null;
}

/** Split records off a person: they become a person of their own, never re-joined automatically. */
@InputType('SplitPersonInput')
export class SplitPersonInput {
  @Field(() => ID)
  personId!: string;

  @Field(() => [ID], { description: 'The source records that belong to someone else' })
  sourceRecordIds!: string[];

  @Field(() => String, { nullable: true })
  note?: string | null;
}

/** The outcome of a split. */
@ObjectType('SplitPersonResult')
export class SplitPersonResultType {
  @Field(() => ID, { nullable: true, description: 'The person the other records stay with' })
  personId!: string | null;

  @Field(() => ID, { description: 'The person the split records now belong to' })
  newPersonId!: string;

  @Field(() => ID)
  decisionId!: string;
}
