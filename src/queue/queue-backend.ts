import { createPostgresBackend, Queue, runMigrations, Worker, type JobsOptions, type Processor, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { isDatabaseUnavailable } from '../db/data-source.js';
import type { DependencyState } from '../logger.js';
import type { QueueName } from './jobs.js';
import { createRedis, isRedisUnavailable } from './redis.js';

/** The schema BullMQ's PostgreSQL backend keeps its queues in (its default), beside the hub's tables in `public`. */
export const QUEUE_SCHEMA = 'bullmq';

/**
 * In the embedded database every connection shares one session, where NOTIFY does not reach a listener: a
 * worker polls its queue this often (seconds) instead of waiting to be woken, so a job is picked up in
 * about a quarter of a second.
 */
const EMBEDDED_DRAIN_DELAY_S = 0.25;

/** Settings of a worker that are the hub's to choose (the connection is the backend's). */
export type WorkerSettings = Pick<WorkerOptions, 'concurrency' | 'lockDuration'>;

/**
 * Where BullMQ keeps the hub's queues, behind one interface: Redis (the default and production's) or
 * BullMQ's own PostgreSQL backend in the hub's database (the embedded demo, which runs no Redis). The
 * queues, job ids, payloads and processors are the same on both.
 */
export interface QueueBackend {
  readonly kind: 'redis' | 'postgres';
  /** Whether commands can be sent now: the Redis connection is ready (PostgreSQL: always; a failure surfaces per command). */
  readonly connected: boolean;
  /** A producer for one queue. */
  newQueue(name: QueueName, defaultJobOptions: JobsOptions): Queue;
  /** A consumer of one queue, on connections of its own. */
  newWorker<D, R, N extends string>(name: QueueName, processor: Processor<D, R, N>, settings: WorkerSettings): Worker<D, R, N>;
  /** One round trip to where the queues are kept. */
  ping(): Promise<void>;
  /** True when an error means the queue store cannot be reached (as opposed to a bad command). */
  isUnavailable(err: unknown): boolean;
  /** Calls `listener` each time the store comes back after an outage (Redis may come back empty). */
  onReconnect(listener: () => void): void;
  /** Closes the backend's own connections (queues and workers are closed by their owners first). */
  close(): Promise<void>;
  /** The Redis connection the producers share (Redis backend only). */
  readonly redis: Redis | null;
}

/** Opens the backend the configuration names; with Redis, resolves once it is connected (its errors go to `state`). */
export function createQueueBackend(config: AppConfig, state: DependencyState): QueueBackend {
  return config.queueBackend === 'postgres' ? new PostgresQueues(config) : new RedisQueues(config, state);
}

/** BullMQ on Redis: one shared connection for producers and reads, and one per worker. */
class RedisQueues implements QueueBackend {
  readonly kind = 'redis';
  readonly redis: Redis;

  constructor(
    private readonly config: AppConfig,
    private readonly state: DependencyState,
  ) {
    this.redis = createRedis(config.redisUrl, 'queue', state);
  }

  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  newQueue(name: QueueName, defaultJobOptions: JobsOptions): Queue {
    return new Queue(name, { connection: this.redis, prefix: this.config.queuePrefix, defaultJobOptions });
  }

  newWorker<D, R, N extends string>(name: QueueName, processor: Processor<D, R, N>, settings: WorkerSettings): Worker<D, R, N> {
    // Workers block on their own connections, which wait for Redis rather than fail fast.
    return new Worker(name, processor, { connection: createRedis(this.config.redisUrl, 'worker', this.state), prefix: this.config.queuePrefix, ...settings });
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  isUnavailable(err: unknown): boolean {
    return isRedisUnavailable(err);
  }

  onReconnect(listener: () => void): void {
    this.redis.on('ready', listener);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * BullMQ's PostgreSQL backend (bullmq ≥ 6, `createPostgresBackend`) on the hub's own database, in the
 * `bullmq` schema, created by `npm run migrate` (`migrateQueueSchema`). QUEUE_PREFIX does not apply: the
 * schema is the namespace.
 */
class PostgresQueues implements QueueBackend {
  readonly kind = 'postgres';
  readonly redis = null;
  readonly connected = true;
  private readonly probe: pg.Pool;

  constructor(private readonly config: AppConfig) {
    this.probe = new pg.Pool({ connectionString: config.databaseUrl, max: 1, application_name: 'cyswllt-queue-probe' });
    this.probe.on('error', () => undefined); // an idle probe connection lost: the next ping says so
  }

  // Each queue and worker owns a small pool (a worker also a LISTEN connection); the embedded session is shared anyway.
  private connection() {
    return { connectionString: this.config.databaseUrl, schema: QUEUE_SCHEMA, max: this.config.embedded.database ? 1 : 3 };
  }

  newQueue(name: QueueName, defaultJobOptions: JobsOptions): Queue {
    // The backend's queue has its own type parameters; the hub uses the API the two backends share.
    return new Queue(name, { connection: this.connection(), defaultJobOptions }, createPostgresBackend) as unknown as Queue;
  }

  newWorker<D, R, N extends string>(name: QueueName, processor: Processor<D, R, N>, settings: WorkerSettings): Worker<D, R, N> {
    const poll = this.config.embedded.database ? { drainDelay: EMBEDDED_DRAIN_DELAY_S } : {};
    return new Worker(name, processor, { connection: this.connection(), ...poll, ...settings }, createPostgresBackend) as unknown as Worker<D, R, N>;
  }

  async ping(): Promise<void> {
    await this.probe.query(`SELECT 1 FROM ${QUEUE_SCHEMA}.job LIMIT 1`);
  }

  isUnavailable(err: unknown): boolean {
    return isDatabaseUnavailable(err);
  }

  onReconnect(): void {
    // The queues are in the hub's database: they come back with it, with everything in them.
  }

  async close(): Promise<void> {
    await this.probe.end();
  }
}

/**
 * Creates or updates BullMQ's PostgreSQL schema (as the owner, on one session), and lets the application
 * role use it. Run by `npm run migrate` when QUEUE_BACKEND is `postgres`.
 */
export async function migrateQueueSchema(ownerUrl: string, appRole: string | null): Promise<number> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const version = await runMigrations(client, QUEUE_SCHEMA);
    if (appRole) {
      const [{ role }] = (await client.query('SELECT quote_ident($1) AS role', [appRole])).rows as [{ role: string }];
      await client.query(`GRANT USAGE ON SCHEMA ${QUEUE_SCHEMA} TO ${role}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${QUEUE_SCHEMA} TO ${role}`);
      await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${QUEUE_SCHEMA} TO ${role}`);
      await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${QUEUE_SCHEMA} TO ${role}`);
    }
    return version;
  } finally {
    await client.end();
  }
}
