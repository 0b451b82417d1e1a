import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import {
  DecideMatchInput,
  MatchCandidateConnectionType,
  MatchCandidateType,
  SplitPersonInput,
  SplitPersonResultType,
} from './match-candidate.type.js';

/** The EPC review queue: evidence for each pair, and confirm / reject / split decisions. */
@Resolver(() => MatchCandidateType)
export class MatchReviewResolver {
  @Allow('review', 'MatchCandidate')
  @Query(() => MatchCandidateConnectionType, { description: 'Record pairs waiting for an EPC decision, strongest first' })
  matchReviewQueue(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<MatchCandidateConnectionType> {
    return ctx.services.matchReview.reviewQueue(ctx, first, after);
  }

  @Allow('review', 'MatchCandidate')
  @Query(() => MatchCandidateType, { description: 'One record pair with its comparison vector and weights' })
  matchCandidate(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<MatchCandidateType> {
    return ctx.services.matchReview.candidate(ctx, id);
  }

  @Allow('review', 'MatchCandidate')
  @Query(() => [MatchCandidateType], { description: "Why a person's records are linked: the evidence of every link among them" })
  personMatchEvidence(@Ctx() ctx: RequestContext, @Arg('personId', () => ID) personId: string): Promise<MatchCandidateType[]> {
    return ctx.services.matchReview.personEvidence(ctx, personId);
  }

  @Allow('review', 'MatchCandidate')
  @Mutation(() => MatchCandidateType, { description: 'Confirm that two records are the same young person' })
  confirmMatch(@Ctx() ctx: RequestContext, @Arg('input', () => DecideMatchInput) input: DecideMatchInput): Promise<MatchCandidateType> {
    return ctx.services.matchReview.confirm(ctx, input);
  }

  @Allow('review', 'MatchCandidate')
  @Mutation(() => MatchCandidateType, { description: 'Reject a pair: the two records are different young people' })
  rejectMatch(@Ctx() ctx: RequestContext, @Arg('input', () => DecideMatchInput) input: DecideMatchInput): Promise<MatchCandidateType> {
    return ctx.services.matchReview.reject(ctx, input);
  }

  @Allow('review', 'MatchCandidate')
  @Mutation(() => SplitPersonResultType, { description: 'Split records off a wrongly merged person' })
  splitPerson(@Ctx() ctx: RequestContext, @Arg('input', () => SplitPersonInput) input: SplitPersonInput): Promise<SplitPersonResultType> {
    return ctx.services.matchReview.split(ctx, input.personId, input.sourceRecordIds, input.note);
  }
}
