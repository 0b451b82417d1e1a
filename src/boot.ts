import type { Redis } from 'ioredis';
import type { DataSource, Logger as QueryLogger } from 'typeorm';
import type { AppConfig } from './config/config.js';
import { redactUrl } from './config/redact-url.js';
import { warnIfPrivileged } from './db/app-role.js';
import { createDataSource, databaseErrorReason, watchPool } from './db/data-source.js';
import { createLogger, trackDependency, type DependencyState, type Logger, type LogSink } from './logger.js';
import { QueueRegistry } from './queue/queue-registry.js';
import { createQueueBackend } from './queue/queue-backend.js';
import { redisErrorReason, waitForRedis } from './queue/redis.js';
import { createServices, type Services } from './services.js';

/** How long boot waits for Redis before it gives up with a clear message. */
const REDIS_BOOT_TIMEOUT_MS = 10_000;

/** What every process (API or worker) stands on. */
export interface Infrastructure {
  config: AppConfig;
  log: Logger;
  ds: DataSource;
  /** The Redis connection the queues share (throws when QUEUE_BACKEND is postgres: there is none). */
  readonly redis: Redis;
  queues: QueueRegistry;
  services: Services;
  /** Whether PostgreSQL and Redis are reachable, as this process last saw them (each change is logged once). */
  dependencies: { postgres: DependencyState; redis: DependencyState };
  close(): Promise<void>;
}

/** Connects to PostgreSQL and the queue backend (Redis, unless QUEUE_BACKEND is postgres) and builds the services; fails with a clear message if either is down. */
export async function bootInfrastructure(
  config: AppConfig,
  component: string,
  options: { queryLogger?: QueryLogger; logSink?: LogSink } = {},
): Promise<Infrastructure> {
  const log = createLogger(component, config.logLevel, options.logSink);
  const dependencies = { postgres: trackDependency(log, 'postgres'), redis: trackDependency(log, 'redis') };
  const ds = createDataSource(config.databaseUrl, config.databasePoolSize, options.queryLogger, dependencies.postgres);
  try {
    await ds.initialize();
  } catch (err) {
    throw new Error(`Cannot reach PostgreSQL at ${redactUrl(config.databaseUrl)}: ${(err as Error).message}`);
  }
  if (config.embedded.database) {
    // PGlite serves every connection from one superuser session: the application role's limits cannot hold.
    log.info('embedded database: every connection shares one superuser session (for the demo, not for production)');
  } else {
    await warnIfPrivileged(ds, log);
  }
  watchPool(ds, dependencies.postgres);
  const pending = await ds.showMigrations();
  if (pending) log.warn('database has pending migrations: run npm run migrate');
  const backend = createQueueBackend(config, dependencies.redis);
  if (backend.redis) {
    try {
      await waitForRedis(backend.redis, REDIS_BOOT_TIMEOUT_MS);
    } catch (err) {
      await ds.destroy();
      backend.redis.disconnect();
      throw new Error(`Cannot reach Redis at ${redactUrl(config.redisUrl)}: ${(err as Error).message}`);
    }
  }
  // Where an outage of the queue store is reported: Redis, or (BullMQ on PostgreSQL) the database itself.
  const queueStore = backend.redis ? dependencies.redis : dependencies.postgres;
  const outageReason = backend.redis ? redisErrorReason : databaseErrorReason;
  const queues = new QueueRegistry(backend, (err, queue) => {
    // The shared connection's own listener reports the outage; a queue repeats each of its errors.
    if (backend.isUnavailable(err)) queueStore.down(outageReason(err));
    else log.warn('queue error', { queue, errorName: err.name });
  });
  const services = createServices(ds, queues, config);
  return {
    config,
    log,
    ds,
    get redis(): Redis {
      if (!backend.redis) throw new Error('QUEUE_BACKEND is postgres: this process has no Redis connection');
      return backend.redis;
    },
    queues,
    services,
    dependencies,
    async close() {
      await queues.close();
      await backend.close();
      if (ds.isInitialized) await ds.destroy();
    },
  };
}

/** Re-exported for the callers that import it from here. */
export { redactUrl };
