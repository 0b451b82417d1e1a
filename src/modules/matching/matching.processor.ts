import { DelayedError, type Job } from 'bullmq';
import { AuditUnavailableError } from '../../audit/access-log.writer.js';
import type { Logger } from '../../logger.js';
import { isFinalAttempt, withFailureCodes } from '../../queue/job-failure.js';
import type { JobRunsService } from '../../queue/job-runs.service.js';
import { assertNever, type MatchingJob } from '../../queue/jobs.js';
import type { MatchingService } from './matching.service.js';

/** How long a run waits before trying again when the access log could not be written. */
export const AUDIT_RETRY_MS = 5_000;

/**
 * Handles jobs of the `matching` queue; each is idempotent, so a retry or a re-enqueue after Redis loss
 * is safe. When the worker is asked to stop, a long job stops between chunks (each chunk is its own
 * transaction) and puts itself back on the queue without using up an attempt. So does a job whose chunk
 * could not write its access-log rows (the chunk rolled back, nothing linked): it waits AUDIT_RETRY_MS and
 * tries again, for as long as the log stays unwritable, and its run stays unfinished for the reconciler.
 * Any other error fails the attempt with a fixed code (`MATCHING_FAILED:<error class>`, never its message:
 * a database error can quote a record's value); when the last attempt of an import's job fails, the import
 * is marked FAILED rather than left MATCHING.
 */
export function createMatchingProcessor(jobRuns: JobRunsService, matching: MatchingService, log: Logger, stopping: AbortSignal) {
  return withFailureCodes('MATCHING', log, async (job: Job<MatchingJob['data'], unknown, MatchingJob['name']>, token?: string): Promise<{ jobRunId: string }> => {
    const typed = { name: job.name, data: job.data } as MatchingJob;
    const { jobRunId } = typed.data;
    const run = await jobRuns.find(jobRunId);
    if (!run || !(await jobRuns.markRunning(jobRunId))) {
      log.info('job already finished; skipping', { job: typed.name, jobRunId });
      return { jobRunId };
    }
    try {
      switch (typed.name) {
        case 'matching.import': {
          const stats = await matching.processQueue(run.subjectId, log, stopping, jobRunId);
          log.info('import matched', { jobRunId, importId: run.subjectId, ...stats });
          break;
        }
        case 'matching.backlog': {
          const stats = await matching.processBacklog(log, stopping, jobRunId);
          log.info('backlog matched', { jobRunId, ...stats });
          break;
        }
        case 'matching.train':
          await matching.train(log);
          break;
        default:
          assertNever(typed);
      }
    } catch (err) {
      if (stopping.aborted && token) {
        log.info('job paused for shutdown', { job: typed.name, jobRunId });
        await job.moveToDelayed(Date.now() + 500, token);
        throw new DelayedError();
      }
      if (err instanceof AuditUnavailableError && token) {
        log.warn('access log unavailable: matching chunk rolled back, will retry', { job: typed.name, jobRunId, sqlState: err.sqlState, retryMs: AUDIT_RETRY_MS });
        await job.moveToDelayed(Date.now() + AUDIT_RETRY_MS, token);
        throw new DelayedError();
      }
      if (typed.name === 'matching.import' && run.subjectId && isFinalAttempt(job)) await matching.failImport(run.subjectId);
      throw err;
    }
    await jobRuns.markDone(jobRunId);
    return { jobRunId };
  });
}
