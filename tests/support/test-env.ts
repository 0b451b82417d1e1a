/**
 * How many test files run at once (vitest's workers): each worker has a database of its own, cloned from the migrated
 * and seeded test database, and a Redis database of its own (TEST_REDIS_URL's number plus the worker's index).
 */
export const TEST_WORKERS = Math.max(1, Number(process.env['TEST_WORKERS'] ?? 2));

/** The migrated and seeded test database, as its owner: the template each worker's database is cloned from. */
export const TEMPLATE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_test';
const BASE_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/1';

/** Worker `index` (1 to TEST_WORKERS)'s database, as its owner. */
export function workerDatabaseUrl(index: number): string {
  const url = new URL(TEMPLATE_URL);
  url.pathname = `${url.pathname}_w${index}`;
  return url.toString();
}

/** Worker `index`'s Redis database: the base database's number plus index − 1. */
export function workerRedisUrl(index: number): string {
  const url = new URL(BASE_REDIS_URL);
  url.pathname = `/${Number(url.pathname.slice(1) || 0) + index - 1}`;
  return url.toString();
}

/** This process's worker index (vitest sets VITEST_POOL_ID in each worker; 1 elsewhere). */
const WORKER = Number(process.env['VITEST_POOL_ID'] ?? 1);

/** The test database as its owner (the superuser): migrations, fixtures that need the owner, tampering tests. */
const OWNER_URL = workerDatabaseUrl(WORKER);
/** The same database as the application role, as the API and the workers connect. */
const DATABASE_URL = (() => {
  const url = new URL(OWNER_URL);
  url.username = 'cyswllt_app';
  url.password = '';
  return url.toString();
})();
/** Per-checkout scratch files (checkpoints, the generated signing key), named after the test database. */
const SCRATCH = `var/test/${new URL(DATABASE_URL).pathname.slice(1)}`;

/** The environment every test process uses: its own database, Redis database, queue prefix and audit files. */
export const TEST_ENV = {
  NODE_ENV: 'test',
  DATABASE_URL,
  MIGRATION_DATABASE_URL: OWNER_URL,
  REDIS_URL: workerRedisUrl(WORKER),
  QUEUE_PREFIX: `${process.env['TEST_QUEUE_PREFIX'] ?? 'cyswllt-test'}-w${WORKER}`,
  AUTH_SECRET: 'test-secret-for-cyswllt-tests-only-0123456789',
  LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'error',
  AUDIT_CHECKPOINT_DIR: `${SCRATCH}/checkpoints`,
  AUDIT_SIGNING_KEY_FILE: `${SCRATCH}/signing-key.pem`,
} as const;

/** Copies TEST_ENV into process.env. */
export function applyTestEnv(): void {
  Object.assign(process.env, TEST_ENV);
}
