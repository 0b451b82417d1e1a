import type { Job, Queue } from 'bullmq';
import type { AppConfig } from '../../config/config.js';
import type { Logger } from '../../logger.js';
import type { PolicyService } from '../../policy/policy.service.js';
import { failureCode, JobFailure, withFailureCodes } from '../../queue/job-failure.js';
import { assertNever, type WebhooksJob } from '../../queue/jobs.js';
import type { WebhookConfig } from '../partner-credentials/partner.config.js';
import type { WebhooksService } from './webhooks.service.js';

/** The options of one delivery job: its id is the delivery's (so it is queued once), retried with exponential back-off. */
export function deliveryJobOptions(config: WebhookConfig, deliveryId: string) {
  return {
    jobId: `delivery-${deliveryId}`,
    attempts: config.attempts,
    backoff: { type: 'exponential' as const, delay: config.backoffMs },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 5000 },
  };
}

/** Schedules the dispatch rounds (and runs one at once). */
export async function scheduleWebhookDispatch(queue: Queue, config: AppConfig): Promise<void> {
  await queue.upsertJobScheduler('webhooks.dispatch', { every: config.partners.webhooks.dispatchIntervalMs, immediately: true }, { name: 'webhooks.dispatch', data: {} });
}

/**
 * Handles the `webhooks` queue: a dispatch round records deliveries and queues a job for each PENDING one; a
 * delivery job makes one attempt and fails with a fixed code (`WEBHOOK_DELIVERY:HTTP_503`, `…:TIMEOUT`,
 * `…:UNREACHABLE`; never a body or an address) to be retried. The last failed attempt is put on the dead-letter list
 * by `onFailed`.
 */
export function createWebhooksProcessor(webhooks: WebhooksService, policy: PolicyService, queue: Queue, config: AppConfig, log: Logger) {
  const process = async (job: Job<WebhooksJob['data'], unknown, WebhooksJob['name']>): Promise<Record<string, unknown>> => {
    const typed = { name: job.name, data: job.data } as WebhooksJob;
    switch (typed.name) {
      case 'webhooks.dispatch': {
        const pending = await webhooks.dispatch(policy, log);
        if (pending.length > 0) {
          await queue.addBulk(pending.map((id) => ({ name: 'webhook.deliver', data: { deliveryId: id }, opts: deliveryJobOptions(config.partners.webhooks, id) })));
        }
        return { pending: pending.length };
      }
      case 'webhook.deliver': {
        const outcome = await webhooks.attempt(typed.data.deliveryId, config.partners.webhooks);
        if (outcome && !outcome.delivered) throw new JobFailure(`WEBHOOK_DELIVERY:${outcome.failure}`);
        return { delivered: outcome?.delivered ?? false };
      }
      default:
        return assertNever(typed);
    }
  };
  const onFailed = (job: Job | undefined, err: Error): void => {
    if (!job || job.name !== 'webhook.deliver') {
      log.warn('webhooks job failed', { job: job?.name, jobId: job?.id, code: failureCode('WEBHOOK', err) });
      return;
    }
    // Each attempt's failure is logged by withFailureCodes; the last one puts the delivery on the dead-letter list.
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    const { deliveryId } = job.data as { deliveryId: string };
    log.warn('webhook delivery dead', { deliveryId, attempts: job.attemptsMade, code: failureCode('WEBHOOK', err) });
    webhooks.markDead(deliveryId).catch((e: unknown) => log.warn('could not mark a webhook delivery dead', { deliveryId, errorName: (e as Error).name }));
  };
  return { process: withFailureCodes('WEBHOOK', log, process), onFailed };
}
