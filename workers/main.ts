import { Worker } from 'bullmq';
import { createAuditProcessor, scheduleAuditJobs } from '../src/audit/audit.processor.js';
import { bootInfrastructure } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import { createSystemProcessor } from '../src/queue/system.processor.js';

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
  system.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    log.warn('job failed', { job: job.name, jobId: job.id, attempt: job.attemptsMade, final, errorName: err.name });
    if (final) void services.jobRuns.markFailed(job.data.jobRunId, `${err.name} after ${job.attemptsMade} attempts`);
  });
  await system.waitUntilReady();

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

  const requeued = await services.jobRuns.reconcile();
  log.info('worker ready', { queues: ['system', 'audit'], requeued });

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info('worker shutting down', { signal });
    await Promise.all([system.close(), audit.close()]); // waits for jobs in progress to finish
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
