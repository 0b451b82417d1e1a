import { createAuditProcessor, scheduleAuditJobs } from '../src/audit/audit.processor.js';
import { bootInfrastructure } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import { databaseErrorReason, isDatabaseUnavailable } from '../src/db/data-source.js';
import { createMatchingProcessor } from '../src/modules/matching/matching.processor.js';
import { isRedisUnavailable, redisErrorReason } from '../src/queue/redis.js';
import { failureCode, withFailureCodes } from '../src/queue/job-failure.js';
import { reconcile } from '../src/queue/reconciler.js';
import { createSystemProcessor } from '../src/queue/system.processor.js';
import { exitOnStopSignals } from '../src/shutdown.js';
import { createWebhooksProcessor, scheduleWebhookDispatch } from '../src/modules/status-changes/webhooks.processor.js';

/** How often unfinished runs are re-pushed and abandoned imports closed (covers a crash between a commit and its push, Redis loss, a killed loader). */
const RECONCILE_INTERVAL_MS = 60_000;

/** Worker process entry: boots the same services as the API, reconciles unfinished work, consumes jobs, stops cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const infra = await bootInfrastructure(config, 'worker');
  const { log, services, dependencies } = infra;
  const backend = infra.queues.backend;
  // BullMQ repeats each error of a worker's connections as a worker 'error' (and prints its stack trace
  // when nobody listens): an outage is already logged once by the dependency state, anything else once here.
  const onWorkerError = (queue: string) => (err: Error) => {
    if (isRedisUnavailable(err)) dependencies.redis.down(redisErrorReason(err));
    else if (backend.kind === 'postgres' && isDatabaseUnavailable(err)) dependencies.postgres.down(databaseErrorReason(err));
    else log.warn('worker error', { queue, errorName: err.name });
  };

  const system = backend.newWorker('system', createSystemProcessor(services.jobRuns, log), { concurrency: 4 });
  // Matching takes the matching lock per chunk, so one job at a time per worker is enough.
  const shutdown = new AbortController();
  const matching = backend.newWorker('matching', createMatchingProcessor(services.jobRuns, services.matching, log, shutdown.signal), {
    concurrency: 1,
    lockDuration: 300_000, // a bulk batch holds the event loop for seconds at a time
  });
  const workers = [system, matching];
  for (const worker of workers) {
    worker.on('error', onWorkerError(worker.name));
    worker.on('failed', (job, err) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      // The processors let only a fixed code out (job-failure.ts); the run row keeps that code, never a message.
      const code = failureCode('JOB', err);
      log.warn('job failed', { job: job.name, jobId: job.id, attempt: job.attemptsMade, final, code });
      if (final) {
        services.jobRuns.markFailed(job.data.jobRunId, code).catch((e: unknown) => {
          // The run stays unfinished in PostgreSQL; the reconciler offers it again.
          if (isDatabaseUnavailable(e)) dependencies.postgres.down(databaseErrorReason(e));
          else log.warn('could not mark a job run failed', { jobId: job.id, errorName: (e as Error).name });
        });
      }
    });
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  // Audit checkpoints and partitions: one at a time, on a schedule (no job_run rows: each run re-reads
  // the chain head from PostgreSQL, so a lost run is simply made good by the next).
  const audit = backend.newWorker('audit', withFailureCodes('AUDIT', log, createAuditProcessor(infra.ds, config, log)), { concurrency: 1 });
  audit.on('error', onWorkerError('audit'));
  audit.on('failed', (job, err) => log.warn('audit job failed', { job: job?.name, jobId: job?.id, code: failureCode('AUDIT', err) }));
  await audit.waitUntilReady();
  await scheduleAuditJobs(infra.queues.get('audit'), config);

  // Partners' webhooks: dispatch rounds on a schedule, deliveries retried with exponential back-off.
  const webhooksQueue = infra.queues.get('webhooks');
  const webhookJobs = createWebhooksProcessor(services.webhooks, services.policy, webhooksQueue, config, log);
  const webhooks = backend.newWorker('webhooks', webhookJobs.process, { concurrency: 8 });
  webhooks.on('error', onWorkerError('webhooks'));
  webhooks.on('failed', webhookJobs.onFailed);
  await webhooks.waitUntilReady();
  await scheduleWebhookDispatch(webhooksQueue, config);

  const runReconcile = async (): Promise<void> => {
    try {
      const r = await reconcile(infra);
      if (r.requeued > 0) log.info('unfinished job runs pushed', { requeued: r.requeued });
      if (r.failedImports.length > 0) log.warn('abandoned imports marked FAILED', { importIds: r.failedImports });
    } catch (err) {
      if (isDatabaseUnavailable(err)) dependencies.postgres.down(databaseErrorReason(err));
      else log.warn('reconcile failed', { errorName: (err as Error).name });
    }
  };
  const { requeued, failedImports } = await reconcile(infra);
  const reconciler = setInterval(() => void runReconcile(), RECONCILE_INTERVAL_MS);
  // A Redis that comes back may have come back empty: once the queue connection is ready again, re-push
  // unfinished work and the audit schedules now rather than at the next round.
  backend.onReconnect(() => {
    void runReconcile();
    scheduleAuditJobs(infra.queues.get('audit'), config).catch((err: unknown) => log.warn('audit scheduling failed', { errorName: (err as Error).name }));
    scheduleWebhookDispatch(webhooksQueue, config).catch((err: unknown) => log.warn('webhook scheduling failed', { errorName: (err as Error).name }));
  });
  log.info('worker ready', { queues: ['system', 'audit', 'matching', 'webhooks'], backend: backend.kind, requeued, failedImports: failedImports.length });

  exitOnStopSignals({
    name: 'worker',
    log,
    timeoutMs: config.shutdownTimeoutMs,
    async stop() {
      clearInterval(reconciler);
      shutdown.abort(); // long matching jobs stop after their current chunk
      // Takes no new jobs and waits for those in progress; one still running at the deadline is left to
      // BullMQ's stalled-job check and the reconciler (its job_run row stays unfinished), never lost.
      await Promise.all([...workers, audit, webhooks].map((w) => w.close()));
      await infra.close();
      return 0;
    },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
