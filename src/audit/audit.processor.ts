import type { Job, Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { assertNever, type AuditJob } from '../queue/jobs.js';
import { writeCheckpoint } from './checkpoints.js';
import { loadSigningKey, type SigningKey } from './signing-key.js';

/** How many months of access-log partitions are kept created ahead of the current one. */
export const PARTITION_MONTHS_AHEAD = 3;

/** How often the partitions job runs. */
const PARTITIONS_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Registers the audit schedules (idempotent: BullMQ job schedulers are upserted by id, and each
 * iteration gets a deterministic job id from the scheduler id and its slot, so two workers booting
 * together do not double the work).
 */
export async function scheduleAuditJobs(queue: Queue, config: AppConfig): Promise<void> {
  await queue.upsertJobScheduler('audit.checkpoint', { every: config.audit.checkpointIntervalMs }, { name: 'audit.checkpoint', data: {} });
  await queue.upsertJobScheduler('audit.partitions', { every: PARTITIONS_EVERY_MS, immediately: true }, { name: 'audit.partitions', data: {} });
}

/** Handles jobs of the `audit` queue: signed checkpoints of the chain head, partitions ahead of time. */
export function createAuditProcessor(ds: DataSource, config: AppConfig, log: Logger) {
  let key: Promise<SigningKey> | undefined;
  return async (job: Job<AuditJob['data'], unknown, AuditJob['name']>): Promise<Record<string, unknown>> => {
    const typed = { name: job.name, data: job.data } as AuditJob;
    switch (typed.name) {
      case 'audit.checkpoint': {
        key ??= loadSigningKey(config);
        const checkpoint = await writeCheckpoint(ds, await key, config.audit.checkpointDir);
        if (checkpoint) log.info('access log checkpoint signed', { seq: checkpoint.seq, keyId: checkpoint.keyId });
        return { seq: checkpoint?.seq ?? null };
      }
      case 'audit.partitions': {
        const [r] = (await ds.query(`SELECT ensure_access_event_partitions(now()::date, $1) AS created`, [PARTITION_MONTHS_AHEAD + 1])) as Array<{
          created: number;
        }>;
        if (r?.created) log.info('access log partitions created', { created: r.created });
        return { created: r?.created ?? 0 };
      }
      default:
        return assertNever(typed);
    }
  };
}
