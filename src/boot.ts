import type { Redis } from 'ioredis';
import type { DataSource, Logger as QueryLogger } from 'typeorm';
import type { AppConfig } from './config/config.js';
import { warnIfPrivileged } from './db/app-role.js';
import { createDataSource } from './db/data-source.js';
import { createLogger, type Logger } from './logger.js';
import { QueueRegistry } from './queue/queue-registry.js';
import { createRedis } from './queue/redis.js';
import { createServices, type Services } from './services.js';

/** What every process (API or worker) stands on. */
export interface Infrastructure {
  config: AppConfig;
  log: Logger;
  ds: DataSource;
  redis: Redis;
  queues: QueueRegistry;
  services: Services;
  close(): Promise<void>;
}

/** Connects to PostgreSQL and Redis and builds the services; fails with a clear message if either is down. */
export async function bootInfrastructure(
  config: AppConfig,
  component: string,
  options: { queryLogger?: QueryLogger } = {},
): Promise<Infrastructure> {
  const log = createLogger(component, config.logLevel);
  const ds = createDataSource(config.databaseUrl, config.databasePoolSize, options.queryLogger);
  try {
    await ds.initialize();
  } catch (err) {
    throw new Error(`Cannot reach PostgreSQL at ${redactUrl(config.databaseUrl)}: ${(err as Error).message}`);
  }
  await warnIfPrivileged(ds, log);
  const pending = await ds.showMigrations();
  if (pending) log.warn('database has pending migrations: run npm run migrate');
  const redis = createRedis(config.redisUrl);
  try {
    await redis.ping();
  } catch (err) {
    await ds.destroy();
    redis.disconnect();
    throw new Error(`Cannot reach Redis at ${redactUrl(config.redisUrl)}: ${(err as Error).message}`);
  }
  const queues = new QueueRegistry(redis, config.queuePrefix);
  const services = createServices(ds, queues, config.consentAge);
  return {
    config,
    log,
    ds,
    redis,
    queues,
    services,
    async close() {
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
      if (ds.isInitialized) await ds.destroy();
    },
  };
}

/** A connection URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
