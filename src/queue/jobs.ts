/** Queue names (kebab-case nouns). */
export const QUEUE_NAMES = ['system', 'audit'] as const;

/** One queue name. */
export type QueueName = (typeof QUEUE_NAMES)[number];

/** A round trip through the queue: proves the workers are alive and reach PostgreSQL. */
export interface SystemPingJob {
  name: 'system.ping';
  data: { jobRunId: string };
}

/** Every job of the `system` queue. Payloads carry ids only, never personal data. */
export type SystemJob = SystemPingJob;

/** Signs the access-log chain head (scheduled; no payload: the head is read from PostgreSQL). */
export interface AuditCheckpointJob {
  name: 'audit.checkpoint';
  data: Record<string, never>;
}

/** Creates the access log's monthly partitions ahead of time (scheduled; no payload). */
export interface AuditPartitionsJob {
  name: 'audit.partitions';
  data: Record<string, never>;
}

/** Every job of the `audit` queue. */
export type AuditJob = AuditCheckpointJob | AuditPartitionsJob;

/** Names of every job, per queue. */
export type JobName = SystemJob['name'] | AuditJob['name'];

/** Fails the type check when a switch over a union misses a case. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled job: ${JSON.stringify(value)}`);
}
