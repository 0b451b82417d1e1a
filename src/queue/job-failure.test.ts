import { DelayedError, UnrecoverableError } from 'bullmq';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { failureCode, isFinalAttempt, JobFailure, safeErrorText, sqlStateOf, withFailureCodes } from './job-failure.js';

const VALUE = 'Gwenllian Prys 2009-03-04';
/** What PostgreSQL's driver throws for a value that is no date: the message quotes the value. */
const dbError = (): QueryFailedError =>
  new QueryFailedError('UPDATE …', [VALUE], Object.assign(new Error(`invalid input syntax for type date: "${VALUE}"`), { code: '22007' }));

function capturingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (msg: string, fields?: Record<string, unknown>): void => void lines.push(JSON.stringify({ msg, ...fields }));
  return { lines, debug: write, info: write, warn: write, error: write };
}

const job = (attemptsMade: number) => ({ id: 'run-1', name: 'matching.import', attemptsMade, opts: { attempts: 3 } });

describe('job failures', () => {
  it('name an error by a fixed code and its class, never its message', () => {
    const err = dbError();
    expect(err.message).toContain('Gwenllian');
    expect(failureCode('MATCHING', err)).toBe('MATCHING_FAILED:QueryFailedError');
    expect(failureCode('MATCHING', 'a thrown string')).toBe('MATCHING_FAILED:Error');
    expect(failureCode('MATCHING', Object.assign(new Error('x'), { name: 'Gwen Prys' }))).toBe('MATCHING_FAILED:Error');
    expect(sqlStateOf(err)).toBe('22007');
    expect(sqlStateOf(new Error('no state'))).toBeUndefined();
  });

  it('turn whatever a processor throws into a JobFailure holding only the code, logged with ids', async () => {
    const log = capturingLog();
    const run = withFailureCodes('MATCHING', log, async () => {
      throw dbError();
    });
    const thrown = await run(job(0)).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(JobFailure);
    expect(thrown).toMatchObject({ name: 'JobFailure', message: 'MATCHING_FAILED:QueryFailedError', stack: 'JobFailure: MATCHING_FAILED:QueryFailedError' });
    expect(log.lines).toEqual([
      JSON.stringify({ msg: 'job attempt failed', job: 'matching.import', jobId: 'run-1', attempt: 1, final: false, code: 'MATCHING_FAILED:QueryFailedError', sqlState: '22007' }),
    ]);
    expect(JSON.stringify(thrown) + String((thrown as Error).stack) + log.lines.join('')).not.toContain('Gwenllian');
  });

  it("pass BullMQ's own control errors through, keep an unrecoverable error unrecoverable, and return results untouched", async () => {
    const log = capturingLog();
    const delayed = new DelayedError();
    await expect(withFailureCodes('MATCHING', log, async () => { throw delayed; })(job(0))).rejects.toBe(delayed);
    const unrecoverable = await withFailureCodes('MATCHING', log, async () => { throw new UnrecoverableError(VALUE); })(job(0)).catch((e: unknown) => e as Error);
    expect(unrecoverable).toMatchObject({ name: 'UnrecoverableError', message: 'MATCHING_FAILED:UnrecoverableError' });
    await expect(withFailureCodes('MATCHING', log, async () => ({ jobRunId: 'run-1' }))(job(0))).resolves.toEqual({ jobRunId: 'run-1' });
  });

  it('know the last attempt', () => {
    expect(isFinalAttempt(job(1))).toBe(false);
    expect(isFinalAttempt(job(2))).toBe(true);
  });

  it('describe a database error for a terminal by class and SQLSTATE, the hub’s own errors by their message', () => {
    expect(safeErrorText('MATCHING', dbError())).toBe('MATCHING_FAILED:QueryFailedError (SQLSTATE 22007)');
    expect(safeErrorText('MATCHING', new Error('Cannot reach Redis at redis://127.0.0.1:6379/14'))).toBe('Cannot reach Redis at redis://127.0.0.1:6379/14');
  });
});
