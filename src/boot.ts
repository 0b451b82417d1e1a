import type { Redis } from 'ioredis';
import type { DataSource, Logger as QueryLogger } from 'typeorm';
import type { AppConfig } from './config/config.js';
import { redactUrl } from './config/redact-url.js';
import { warnIfPrivileged } from './db/app-role.js';
import { createDataSource, watchPool } from './db/data-source.js';
import { createLogger, trackDependency, type DependencyState, type Logger, type LogSink } from './logger.js';
import { QueueRegistry } from './queue/queue-registry.js';
import { createRedis, isRedisUnavailable, redisErrorReason, waitForRedis } from './queue/redis.js';
import { createServices, type Services } from './services.js';

/** How long boot waits for Redis before it gives up with a clear message. */
const REDIS_BOOT_TIMEOUT_MS = 10_000;

/** What every process (API or worker) stands on. */
export interface Infrastructure {
  config: AppConfig;
  log: Logger;
  ds: DataSource;
  redis: Redis;
  queues: QueueRegistry;
  services: Services;
  /** Whether PostgreSQL and Redis are reachable, as this process last saw them (each change is logged once). */
  dependencies: { postgres: DependencyState; redis: DependencyState };
  close(): Promise<void>;
}

/** Connects to PostgreSQL and Redis and builds the services; fails with a clear message if either is down. */
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
  await warnIfPrivileged(ds, log);
  watchPool(ds, dependencies.postgres);
  const pending = await ds.showMigrations();
  if (pending) log.warn('database has pending migrations: run npm run migrate');
  const redis = createRedis(config.redisUrl, 'queue', dependencies.redis);
  try {
    await waitForRedis(redis, REDIS_BOOT_TIMEOUT_MS);
  } catch (err) {
    await ds.destroy();
    redis.disconnect();
    throw new Error(`Cannot reach Redis at ${redactUrl(config.redisUrl)}: ${(err as Error).message}`);
  }
  const queues = new QueueRegistry(redis, config.queuePrefix, (err, queue) => {
    // The shared connection's own listener reports the outage; a queue repeats each of its errors.
    if (isRedisUnavailable(err)) dependencies.redis.down(redisErrorReason(err));
    else log.warn('queue error', { queue, errorName: err.name });
  });
  const services = createServices(ds, queues, config.consentAge);
  return {
    config,
    log,
    ds,
    redis,
    queues,
    services,
    dependencies,
    async close() {
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
      if (ds.isInitialized) await ds.destroy();
    },
  };
}

/** Re-exported for the callers that import it from here. */
export { redactUrl };
