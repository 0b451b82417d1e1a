// What a failed job leaves behind. BullMQ keeps a failed job's error message (`failedReason`) and stack in
// Redis, and the job run row keeps an error too; an error's message can quote data (PostgreSQL's "invalid
// input syntax for type date" quotes the value it could not read). So processors let only a fixed code out:
// the job's ids are in the job already, and the class of the error says what kind of failure it was.
import { RATE_LIMIT_ERROR, type Job } from 'bullmq';
import type { Logger } from '../logger.js';

/** An error whose message is a fixed code (`MATCHING_FAILED:QueryFailedError`) and whose stack holds nothing more. */
export class JobFailure extends Error {
  constructor(
    readonly code: string,
    unrecoverable = false,
  ) {
    super(code);
    // BullMQ recognises an unrecoverable error by this name and does not retry it.
    this.name = unrecoverable ? 'UnrecoverableError' : 'JobFailure';
    this.stack = `${this.name}: ${code}`;
  }
}

// Errors BullMQ interprets itself (move to delayed, wait for children, rate limits); their messages are BullMQ's own.
const CONTROL_ERRORS = new Set(['DelayedError', 'WaitingError', 'WaitingChildrenError', 'RateLimitError']);
const SAFE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const SQL_STATE = /^[0-9A-Z]{5}$/;

/** The fixed code of an error thrown by a job: `<PREFIX>_FAILED:<error class name>`, never its message. */
export function failureCode(prefix: string, err: unknown): string {
  if (err instanceof JobFailure) return err.code;
  const name = err instanceof Error && SAFE_NAME.test(err.name) ? err.name : 'Error';
  return `${prefix}_FAILED:${name}`;
}

/** The SQLSTATE of a database error (five characters, no data), when there is one. */
export function sqlStateOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && SQL_STATE.test(code) ? code : undefined;
}

/**
 * One line about an error, fit for a terminal or a log: a database error by its class and SQLSTATE only (its
 * message can quote a value it could not read), any other error (the hub's own, with fixed texts) by its message.
 */
export function safeErrorText(prefix: string, err: unknown): string {
  const sqlState = sqlStateOf(err);
  if (sqlState !== undefined) return `${failureCode(prefix, err)} (SQLSTATE ${sqlState})`;
  return err instanceof Error ? err.message : failureCode(prefix, err);
}

/** True when this attempt of the job is its last (no retry follows a failure). */
export function isFinalAttempt(job: Pick<Job, 'attemptsMade' | 'opts'>): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Wraps a processor so that every error it throws reaches BullMQ (and the worker's `failed` handler) as a
 * JobFailure carrying only `<PREFIX>_FAILED:<error class name>`; BullMQ's own control errors pass unchanged
 * and an unrecoverable error stays unrecoverable. Each failed attempt is logged with the code and ids.
 */
export function withFailureCodes<J extends Pick<Job, 'id' | 'name' | 'attemptsMade' | 'opts'>, R>(
  prefix: string,
  log: Logger,
  processor: (job: J, token?: string) => Promise<R>,
): (job: J, token?: string) => Promise<R> {
  return async (job, token) => {
    try {
      return await processor(job, token);
    } catch (err) {
      if (err instanceof Error && (CONTROL_ERRORS.has(err.name) || err.message === RATE_LIMIT_ERROR)) throw err;
      const code = failureCode(prefix, err);
      log.warn('job attempt failed', { job: job.name, jobId: job.id, attempt: job.attemptsMade + 1, final: isFinalAttempt(job), code, sqlState: sqlStateOf(err) });
      throw new JobFailure(code, err instanceof Error && err.name === 'UnrecoverableError');
    }
  };
}
