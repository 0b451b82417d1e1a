import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { RecordTierAssessmentInput, TierAssessmentType } from './tier.type.js';

/** Careers Wales tier assessments. */
@Resolver(() => TierAssessmentType)
export class TiersResolver {
  @Allow('create', 'TierAssessment')
  @Mutation(() => TierAssessmentType, { description: 'Record a five-tier assessment; access that depends on the tier follows on the next request' })
  recordTierAssessment(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordTierAssessmentInput) input: RecordTierAssessmentInput,
  ): Promise<TierAssessmentType> {
    return ctx.services.tiers.record(ctx, input);
  }
}
