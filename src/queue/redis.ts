import { Redis } from 'ioredis';

/** Opens a Redis connection suitable for BullMQ (no per-command retry limit, as BullMQ requires). */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: 'cyswllt' });
}
