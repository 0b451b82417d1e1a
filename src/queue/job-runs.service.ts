import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { noteDeferredPush } from './deferred-pushes.js';
import type { RequestContext } from '../graphql/context.js';
import { withIdempotency } from '../graphql/idempotency.js';
import { JobRunEntity } from './job-run.entity.js';
import type { JobName, QueueName } from './jobs.js';
import type { QueueRegistry } from './queue-registry.js';
import { isRedisUnavailable, withinMs } from './redis.js';

/** How long a push may keep a request waiting before the run is left to the reconciler. */
const PUSH_TIMEOUT_MS = 2_000;

/** Tracks queued work in PostgreSQL (the source of truth) and puts it on BullMQ with deterministic job ids. */
export class JobRunsService {
  constructor(
    private readonly ds: DataSource,
    private readonly queues: QueueRegistry,
  ) {}

  /**
   * Records a job run and enqueues it; the job id is the run id, so re-enqueueing is idempotent. With Redis
   * away the run is still recorded (QUEUED) and the reconciler pushes it when Redis returns.
   */
  async enqueue(queue: QueueName, name: JobName, requestedBy: string | null, subjectId: string | null = null): Promise<JobRunEntity> {
    const run = await this.ds.getRepository(JobRunEntity).save({ queue, name, requestedBy, subjectId, status: 'QUEUED' });
    await this.push(run);
    return run;
  }

  /**
   * Records a job run asked for by a request, in one transaction with its access-log row (and once per
   * Idempotency-Key), then enqueues it once committed: a refused log write leaves no run behind.
   */
  async enqueueForRequest(ctx: RequestContext, queue: QueueName, name: JobName): Promise<JobRunEntity> {
    const { id } = await this.ds.transaction((em) =>
      withIdempotency(ctx, em, async () => {
        const runId = randomUUID();
        await this.record(em, runId, queue, name, ctx.principal.id, null);
        await ctx.services.audit.recordChange(ctx, em, { personId: null, event: 'job.enqueued', change: { jobRunId: runId, queue, name } });
        return { id: runId };
      }),
    );
    await this.pushById(id);
    return (await this.find(id))!;
  }

  /**
   * Records a job run with a deterministic id inside the caller's transaction (nothing happens when a run
   * with that id exists). Call `push` after the transaction commits; if the process dies in between,
   * `reconcile` pushes it later, so the work is never lost.
   */
  async record(em: EntityManager, id: string, queue: QueueName, name: JobName, requestedBy: string | null, subjectId: string | null): Promise<void> {
    await em.query(
      `INSERT INTO job_run (id, queue, name, subject_id, requested_by, status) VALUES ($1, $2, $3, $4, $5, 'QUEUED')
       ON CONFLICT (id) DO NOTHING`,
      [id, queue, name, subjectId, requestedBy],
    );
  }

  /**
   * Pushes a recorded run to its queue (a no-op while a job with the same id is still in Redis). Returns
   * false when Redis could not take it: the run stays QUEUED in PostgreSQL for the reconciler.
   */
  async pushById(id: string): Promise<boolean> {
    const run = await this.find(id);
    if (!run || (run.status !== 'QUEUED' && run.status !== 'RUNNING')) return true;
    return this.push(run);
  }

  /** The run with this id, or null. */
  async find(id: string): Promise<JobRunEntity | null> {
    return this.ds.getRepository(JobRunEntity).findOneBy({ id });
  }

  /** Marks a run as started (counting the attempt); returns false when it has already finished. */
  async markRunning(id: string): Promise<boolean> {
    const result = await this.ds.query(
      `UPDATE job_run SET status = 'RUNNING', attempts = attempts + 1, started_at = now()
        WHERE id = $1 AND status IN ('QUEUED','RUNNING') RETURNING id`,
      [id],
    );
    return (result as unknown[][])[0]!.length > 0;
  }

  /** Marks a run as finished. */
  async markDone(id: string): Promise<void> {
    await this.ds.query(`UPDATE job_run SET status = 'DONE', finished_at = now(), error = NULL WHERE id = $1`, [id]);
  }

  /** Marks a run as failed for good, with a message that carries no personal data. */
  async markFailed(id: string, error: string): Promise<void> {
    await this.ds.query(`UPDATE job_run SET status = 'FAILED', finished_at = now(), error = $2 WHERE id = $1`, [id, error.slice(0, 500)]);
  }

  /**
   * Re-enqueues every unfinished run (after Redis lost its data, or a worker died). Safe to run at any
   * time: a job whose id is still in Redis is not added twice. Returns how many runs were pushed; while
   * Redis is away it stops at the first refusal (the next round pushes the rest).
   */
  async reconcile(): Promise<number> {
    const unfinished = await this.ds
      .getRepository(JobRunEntity)
      .createQueryBuilder('j')
      .where("j.status IN ('QUEUED','RUNNING')")
      .orderBy('j.created_at')
      .getMany();
    let pushed = 0;
    for (const run of unfinished) {
      if (!(await this.push(run))) break;
      pushed++;
    }
    return pushed;
  }

  // The push after a commit must not hold the response while Redis is away: a disconnected queue is not
  // tried at all, and a slow one is given two seconds. Only "Redis unreachable" is absorbed; any other
  // failure (a bad script, say) still throws.
  private async push(run: JobRunEntity): Promise<boolean> {
    if (this.queues.connected) {
      try {
        await withinMs(this.queues.get(run.queue as QueueName).add(run.name, { jobRunId: run.id }, { jobId: run.id }), PUSH_TIMEOUT_MS);
        return true;
      } catch (err) {
        if (!isRedisUnavailable(err) && !this.queues.backend.isUnavailable(err)) throw err;
      }
    }
    noteDeferredPush(run.id);
    return false;
  }
}
