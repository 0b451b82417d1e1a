/** The test database as its owner (the superuser): migrations, fixtures that need the owner, tampering tests. */
const OWNER_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_test';
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
  REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/1',
  QUEUE_PREFIX: process.env['TEST_QUEUE_PREFIX'] ?? 'cyswllt-test',
  AUTH_SECRET: 'test-secret-for-cyswllt-tests-only-0123456789',
  LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'error',
  AUDIT_CHECKPOINT_DIR: `${SCRATCH}/checkpoints`,
  AUDIT_SIGNING_KEY_FILE: `${SCRATCH}/signing-key.pem`,
} as const;

/** Copies TEST_ENV into process.env. */
export function applyTestEnv(): void {
  Object.assign(process.env, TEST_ENV);
}
