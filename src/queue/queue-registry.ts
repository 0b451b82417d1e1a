import type { JobsOptions, Queue } from 'bullmq';
import type { QueueName } from './jobs.js';
import type { QueueBackend } from './queue-backend.js';

/** Defaults for every job: retried with backoff, kept briefly for inspection. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

/** The BullMQ queues of one process, on one backend (with Redis: one shared connection and key prefix). */
export class QueueRegistry {
  private readonly queues = new Map<QueueName, Queue>();

  /**
   * `onError` receives every error a queue emits: BullMQ forwards each error of the shared connection to
   * every queue on it, and a queue with no listener prints the stack trace of each one.
   */
  constructor(
    readonly backend: QueueBackend,
    private readonly onError: (err: Error, queue: QueueName) => void,
  ) {}

  /** The queue with this name (created on first use). */
  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.backend.newQueue(name, DEFAULT_JOB_OPTIONS);
      queue.on('error', (err: Error) => this.onError(err, name));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Whether the backend can take commands now (while Redis is away, commands are refused at once rather than queued). */
  get connected(): boolean {
    return this.backend.connected;
  }

  /** Closes every queue (the backend's connections are closed by its owner). */
  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
