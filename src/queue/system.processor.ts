import type { Job } from 'bullmq';
import type { Logger } from '../logger.js';
import { withFailureCodes } from './job-failure.js';
import type { JobRunsService } from './job-runs.service.js';
import { assertNever, type SystemJob } from './jobs.js';

/** Handles jobs of the `system` queue (a failure reaches BullMQ as `SYSTEM_FAILED:<error class>` only). */
export function createSystemProcessor(jobRuns: JobRunsService, log: Logger) {
  return withFailureCodes('SYSTEM', log, async (job: Job<SystemJob['data'], unknown, SystemJob['name']>): Promise<{ jobRunId: string }> => {
    const typed = { name: job.name, data: job.data } as SystemJob;
    switch (typed.name) {
      case 'system.ping': {
        const { jobRunId } = typed.data;
        if (!(await jobRuns.markRunning(jobRunId))) {
          log.info('job already finished; skipping', { job: typed.name, jobRunId });
          return { jobRunId };
        }
        await jobRuns.markDone(jobRunId);
        log.info('job done', { job: typed.name, jobRunId });
        return { jobRunId };
      }
      default:
        return assertNever(typed.name);
    }
  });
}
