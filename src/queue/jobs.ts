/** Queue names (kebab-case nouns). */
export const QUEUE_NAMES = ['system', 'audit', 'matching', 'webhooks'] as const;

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


/** Standardise and link the records one import queued (the import id is the job run's subject). */
export interface MatchingImportJob {
  name: 'matching.import';
  data: { jobRunId: string };
}

/** Queue every record that has never been matched (e.g. after a seed) and link everything queued. */
export interface MatchingBacklogJob {
  name: 'matching.backlog';
  data: { jobRunId: string };
}

/** Re-estimate the matching model (m, u and term frequencies) on the whole population. */
export interface MatchingTrainJob {
  name: 'matching.train';
  data: { jobRunId: string };
}

/** Every job of the `matching` queue. Payloads carry ids only, never personal data. */
export type MatchingJob = MatchingImportJob | MatchingBacklogJob | MatchingTrainJob;

/** Turns new changes into webhook deliveries (scheduled; no payload: subscriptions and cursors are in PostgreSQL). */
export interface WebhooksDispatchJob {
  name: 'webhooks.dispatch';
  data: Record<string, never>;
}

/** One webhook delivery (its row holds the change id and kind; the job id is the delivery id). */
export interface WebhookDeliverJob {
  name: 'webhook.deliver';
  data: { deliveryId: string };
}

/** Every job of the `webhooks` queue. Payloads carry ids only, never personal data. */
export type WebhooksJob = WebhooksDispatchJob | WebhookDeliverJob;

/** Names of every job, per queue. */
export type JobName = SystemJob['name'] | AuditJob['name'] | MatchingJob['name'] | WebhooksJob['name'];

/** The queue each job runs on. */
export const QUEUE_OF_JOB: Readonly<Record<JobName, QueueName>> = {
  'system.ping': 'system',
  'audit.checkpoint': 'audit',
  'audit.partitions': 'audit',
  'matching.import': 'matching',
  'matching.backlog': 'matching',
  'matching.train': 'matching',
  'webhooks.dispatch': 'webhooks',
  'webhook.deliver': 'webhooks',
};

/** Fails the type check when a switch over a union misses a case. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled job: ${JSON.stringify(value)}`);
}
