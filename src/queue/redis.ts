import { Redis, type RedisOptions } from 'ioredis';
import type { DependencyState } from '../logger.js';

/**
 * How a connection is used. `queue` connections (producers, health checks, reads) fail fast while Redis is
 * away, so a request never waits for it. `worker` is the template a BullMQ worker is given: BullMQ opens its
 * own duplicates of it (which must wait for Redis, with no per-command retry limit) and never uses the
 * template itself, so the template does not connect.
 */
export type RedisRole = 'queue' | 'worker';

const OPTIONS: Record<RedisRole, RedisOptions> = {
  // No offline queue: a command sent while disconnected is refused at once instead of waiting for the
  // reconnection. The timeout covers a Redis that accepts the connection but does not answer.
  queue: { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 5_000 },
  worker: { maxRetriesPerRequest: null, lazyConnect: true },
};

/**
 * Opens a Redis connection that reports its state to `state`: ioredis emits 'error' on every failed
 * reconnection attempt (and prints a stack trace for each when nobody listens), so the listener here turns
 * those into one state change, and 'ready' into the change back.
 */
export function createRedis(url: string, role: RedisRole, state: DependencyState): Redis {
  const client = new Redis(url, { ...OPTIONS[role], enableReadyCheck: true, connectionName: `cyswllt-${role}` });
  client.on('error', (err: Error) => state.down(redisErrorReason(err)));
  client.on('ready', () => state.up());
  return client;
}

/** Resolves once the connection is ready; rejects on its first error or after `timeoutMs` (a fail-fast connection refuses commands until then). */
export function waitForRedis(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const done = (err?: Error): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onReady = (): void => done();
    const onError = (err: Error): void => done(err);
    const timer = setTimeout(() => done(new QueueUnavailableError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    client.once('ready', onReady);
    client.once('error', onError);
  });
}

/** Redis did not answer in time, or is not connected: the work stays recorded in PostgreSQL. */
export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}

/** Waits at most `ms` for a Redis-bound promise; the promise itself is left to settle (and is never an unhandled rejection). */
export function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const CONNECTION_MESSAGES: ReadonlyArray<[RegExp, string]> = [
  [/Connection is closed/i, 'connection closed'],
  [/enableOfflineQueue options is false/i, 'not connected'],
  [/Command timed out/i, 'command timeout'],
  [/max retries per request/i, 'max retries'],
  [/^LOADING/, 'loading'],
];

/** True when a Redis or BullMQ error means Redis cannot be reached (as opposed to a bad command or a script error). */
export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof QueueUnavailableError || err.name === 'MaxRetriesPerRequestError') return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return CONNECTION_MESSAGES.some(([pattern]) => pattern.test(err.message));
}

/** A short, fixed reason for a Redis error (its system code or a label), fit for a log line. */
export function redisErrorReason(err: Error): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code;
  if (err instanceof QueueUnavailableError) return 'timeout';
  return CONNECTION_MESSAGES.find(([pattern]) => pattern.test(err.message))?.[1] ?? err.name;
}
