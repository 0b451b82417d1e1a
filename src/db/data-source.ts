import 'reflect-metadata';
import type { Pool } from 'pg';
import { DataSource, type Logger } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { DependencyState } from '../logger.js';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './naming-strategy.js';
import { SHARED_SESSION } from './shared-session.js';

/** How long a request waits for a connection (a new one, or a free one from a full pool) before it gives up. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The same in the embedded database: one session serves every connection in turn, so a new connection waits
 * behind whatever transaction is running (the matcher's take seconds).
 */
const EMBEDDED_CONNECT_TIMEOUT_MS = 120_000;

/**
 * Creates (but does not initialise) the one TypeORM DataSource of a process. `synchronize` is never on.
 * With `state`, the errors of idle pooled connections (the server shutting down, say) are reported to it.
 */
export function createDataSource(databaseUrl: string, poolSize = 10, queryLogger?: Logger, state?: DependencyState): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: queryLogger ? ['query'] : false,
    ...(queryLogger ? { logger: queryLogger } : {}),
    ...(state ? { poolErrorHandler: (err: unknown) => state.down(databaseErrorReason(err)) } : {}),
    // JIT compilation costs more than a second on the policy filters' large cost estimates and saves
    // nothing on these short queries: it is off for the hub's connections. A server that accepts no
    // connection must not hold a request for ever.
    extra: { max: poolSize, application_name: 'cyswllt', options: '-c jit=off', connectionTimeoutMillis: SHARED_SESSION ? EMBEDDED_CONNECT_TIMEOUT_MS : CONNECT_TIMEOUT_MS },
  });
}

/** Reports every new pooled connection to `state` as "available" (a dependency that was down is back once one connects). */
export function watchPool(ds: DataSource, state: DependencyState): void {
  const pool = (ds.driver as unknown as { master?: Pool }).master;
  pool?.on('connect', () => state.up());
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  '57P01', // admin_shutdown: the server is stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
]);
const CONNECTION_MESSAGES: ReadonlyArray<[RegExp, string]> = [
  [/Connection terminated/i, 'connection terminated'],
  [/timeout exceeded when trying to connect/i, 'connect timeout'],
  [/not queryable/i, 'connection lost'],
];

// A TypeORM QueryFailedError keeps the driver's error; GraphQL and Apollo keep the thrown one as originalError.
function* causes(err: unknown): Generator<Error & { code?: unknown }> {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    yield e;
    const wrapped = e as { driverError?: unknown; originalError?: unknown; cause?: unknown };
    e = wrapped.driverError ?? wrapped.originalError ?? wrapped.cause;
  }
}

/** True when an error means PostgreSQL cannot be reached or is shutting down (not when a query is wrong). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of causes(err)) {
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
    if (CONNECTION_MESSAGES.some(([pattern]) => pattern.test(e.message))) return true;
  }
  return false;
}

/** A short, fixed reason for a database connection error (its code or a label), fit for a log line. */
export function databaseErrorReason(err: unknown): string {
  for (const e of causes(err)) {
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return e.code;
    const label = CONNECTION_MESSAGES.find(([pattern]) => pattern.test(e.message))?.[1];
    if (label) return label;
  }
  return err instanceof Error ? err.name : 'unknown';
}
