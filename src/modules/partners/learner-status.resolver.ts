import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { LeadWorkerType } from '../lead-workers/lead-worker.type.js';
import { TierStatusType } from '../tiers/tier-history.type.js';
import { LearnerKeyInput, LearnerStatusType } from './learner-status.type.js';

/** Partners' status lookups by their own keys. */
@Resolver(() => LearnerStatusType)
export class LearnerStatusResolver {
  @Allow('read', 'PersonRecord')
  @Query(() => LearnerStatusType, {
    description:
      'The status of your learner by exactly one of your own reference, a ULN or a UPN; NOT_FOUND when it names no young person you may see',
  })
  learnerStatus(
    @Ctx() ctx: RequestContext,
    @Arg('reference', () => String, { nullable: true }) reference: string | null,
    @Arg('uln', () => String, { nullable: true }) uln: string | null,
    @Arg('upn', () => String, { nullable: true }) upn: string | null,
  ): Promise<LearnerStatusType> {
    return ctx.services.learnerStatus.one(ctx, { reference, uln, upn });
  }

  @Allow('read', 'PersonRecord')
  @Query(() => [LearnerStatusType], { description: 'Up to 1,000 learners at once, in the order asked, each found or not' })
  learnerStatuses(@Ctx() ctx: RequestContext, @Arg('keys', () => [LearnerKeyInput]) keys: LearnerKeyInput[]): Promise<LearnerStatusType[]> {
    return ctx.services.learnerStatus.many(ctx, keys);
  }

  @FieldResolver(() => TierStatusType, {
    nullable: true,
    description: 'The current tier with its evidence; null when no tier is known to you (none held, or none released)',
  })
  status(@Ctx() ctx: RequestContext, @Root() learner: LearnerStatusType): Promise<TierStatusType | null> | null {
    return learner.personId ? ctx.services.personStatus.status(ctx, learner.personId) : null;
  }

  @FieldResolver(() => LeadWorkerType, {
    nullable: true,
    description: 'The current lead worker; null when none is known to you (none allocated, or none released)',
  })
  leadWorker(@Ctx() ctx: RequestContext, @Root() learner: LearnerStatusType): Promise<LeadWorkerType | null> | null {
    return learner.personId ? ctx.services.leadWorkers.current(ctx, learner.personId) : null;
  }
}
