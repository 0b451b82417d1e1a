import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../graphql/allow.decorator.js';
import type { RequestContext } from '../graphql/context.js';
import { notFound } from '../graphql/errors.js';
import { JobRunType } from './job-run.type.js';

/** Background-job operations (administrators). */
@Resolver(() => JobRunType)
export class JobRunsResolver {
  @Allow('enqueue', 'JobRun')
  @Mutation(() => JobRunType, { description: 'Send a ping through the queue to the workers and back to the database' })
  async pingWorkers(@Ctx() ctx: RequestContext): Promise<JobRunType> {
    return ctx.services.jobRuns.enqueueForRequest(ctx, 'system', 'system.ping');
  }

  @Allow('read', 'JobRun')
  @Query(() => JobRunType, { description: 'A tracked background job' })
  async jobRun(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<JobRunType> {
    const run = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.services.jobRuns.find(id) : null;
    if (!run) throw notFound('Job run');
    return run;
  }
}
