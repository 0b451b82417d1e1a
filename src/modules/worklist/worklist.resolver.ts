import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { TierEventType } from '../tiers/tier-history.type.js';
import {
  RecordContactAttemptInput,
  RecordUnknownOutcomeInput,
  ReopenUnknownInput,
  UnknownsWorklistConnectionType,
  UnknownsWorklistFilterInput,
  WorklistCountsType,
} from './worklist.type.js';

/** The worklist's counts, computed only when asked for (a pass over the whole list). */
@Resolver(() => UnknownsWorklistConnectionType)
export class UnknownsWorklistConnectionResolver {
  @FieldResolver(() => WorklistCountsType, { description: 'Counts by age and by reason over every page with this filter' })
  counts(@Root() connection: UnknownsWorklistConnectionType): Promise<WorklistCountsType> {
    return connection.counts();
  }
}

/** The tier-1 unknowns worklist of an LA's EPC (X-Purpose: UNKNOWN_RESOLUTION). */
@Resolver()
export class WorklistResolver {
  @Allow('read', 'UnknownsWorklist')
  @Query(() => UnknownsWorklistConnectionType, {
    description: 'Young people aged 16 to 18 in the LA whose status is unknown to you, oldest first (at most 100 a page)',
  })
  unknownsWorklist(
    @Ctx() ctx: RequestContext,
    @Arg('laCode', () => String) laCode: string,
    @Arg('filter', () => UnknownsWorklistFilterInput, { nullable: true }) filter: UnknownsWorklistFilterInput | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<UnknownsWorklistConnectionType> {
    return ctx.services.worklist.list(ctx, laCode, filter, first, after);
  }

  @Allow('update', 'UnknownsWorklist')
  @Mutation(() => TierEventType, { description: 'Record what was found out about a young person on your worklist (an event of their tier history)' })
  recordUnknownOutcome(@Ctx() ctx: RequestContext, @Arg('input', () => RecordUnknownOutcomeInput) input: RecordUnknownOutcomeInput): Promise<TierEventType> {
    return ctx.services.worklist.recordOutcome(ctx, input);
  }

  @Allow('update', 'UnknownsWorklist')
  @Mutation(() => TierEventType, { description: 'Log one attempt to reach a young person on your worklist: you, how, when' })
  recordContactAttempt(@Ctx() ctx: RequestContext, @Arg('input', () => RecordContactAttemptInput) input: RecordContactAttemptInput): Promise<TierEventType> {
    return ctx.services.worklist.recordAttempt(ctx, input);
  }

  @Allow('update', 'UnknownsWorklist')
  @Mutation(() => TierEventType, { description: 'Reverse your latest outcome for a young person (recorded in error), by a later event' })
  reopenUnknown(@Ctx() ctx: RequestContext, @Arg('input', () => ReopenUnknownInput) input: ReopenUnknownInput): Promise<TierEventType> {
    return ctx.services.worklist.reopen(ctx, input);
  }
}
