/** The environment every test process uses: its own database, Redis database and queue prefix. */
export const TEST_ENV = {
  NODE_ENV: 'test',
  DATABASE_URL: process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_test',
  REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/1',
  QUEUE_PREFIX: process.env['TEST_QUEUE_PREFIX'] ?? 'cyswllt-test',
  AUTH_SECRET: 'test-secret-for-cyswllt-tests-only-0123456789',
  LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'error',
} as const;

/** Copies TEST_ENV into process.env. */
export function applyTestEnv(): void {
  Object.assign(process.env, TEST_ENV);
}
