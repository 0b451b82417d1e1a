import { Worker } from 'bullmq';
import { createAuditProcessor, scheduleAuditJobs } from '../src/audit/audit.processor.js';
import { bootInfrastructure } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import { createMatchingProcessor } from '../src/modules/matching/matching.processor.js';
import { reconcile } from '../src/queue/reconciler.js';
import { createSystemProcessor } from '../src/queue/system.processor.js';

/** How often unfinished runs are re-pushed and abandoned imports closed (covers a crash between a commit and its push, Redis loss, a killed loader). */
const RECONCILE_INTERVAL_MS = 60_000;

/** Worker process entry: boots the same services as the API, reconciles unfinished work, then consumes jobs. */
async function main(): Promise<void> {
  const config = loadConfig();
  const infra = await bootInfrastructure(config, 'worker');
  const { log, services } = infra;

  const system = new Worker('system', createSystemProcessor(services.jobRuns, log), {
    connection: infra.redis.duplicate(),
    prefix: config.queuePrefix,
    concurrency: 4,
  });
  // Matching takes the matching lock per chunk, so one job at a time per worker is enough.
  const shutdown = new AbortController();
  const matching = new Worker('matching', createMatchingProcessor(services.jobRuns, services.matching, log, shutdown.signal), {
    connection: infra.redis.duplicate(),
    prefix: config.queuePrefix,
    concurrency: 1,
    lockDuration: 300_000, // a bulk batch holds the event loop for seconds at a time
  });
  const workers = [system, matching];
  for (const worker of workers) {
    worker.on('failed', (job, err) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      log.warn('job failed', { job: job.name, jobId: job.id, attempt: job.attemptsMade, final, errorName: err.name });
      if (final) void services.jobRuns.markFailed(job.data.jobRunId, `${err.name} after ${job.attemptsMade} attempts`);
    });
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  // Audit checkpoints and partitions: one at a time, on a schedule (no job_run rows: each run re-reads
  // the chain head from PostgreSQL, so a lost run is simply made good by the next).
  const audit = new Worker('audit', createAuditProcessor(infra.ds, config, log), {
    connection: infra.redis.duplicate(),
    prefix: config.queuePrefix,
    concurrency: 1,
  });
  audit.on('failed', (job, err) => log.warn('audit job failed', { job: job?.name, jobId: job?.id, errorName: err.name }));
  await audit.waitUntilReady();
  await scheduleAuditJobs(infra.queues.get('audit'), config);

  const { requeued, failedImports } = await reconcile(infra);
  const reconciler = setInterval(() => {
    reconcile(infra)
      .then((r) => r.failedImports.length > 0 && log.warn('abandoned imports marked FAILED', { importIds: r.failedImports }))
      .catch((err: unknown) => log.warn('reconcile failed', { errorName: (err as Error).name }));
  }, RECONCILE_INTERVAL_MS);
  log.info('worker ready', { queues: ['system', 'audit', 'matching'], requeued, failedImports: failedImports.length });

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info('worker shutting down', { signal });
    clearInterval(reconciler);
    shutdown.abort(); // long matching jobs stop after their current chunk
    await Promise.all([...workers, audit].map((w) => w.close())); // waits for jobs in progress to finish
    await infra.close();
    log.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
