import { rm } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase } from '../src/db/ensure-database.js';
import { seedReferenceData } from '../src/modules/cohort/seed-reference.js';
import { TEST_ENV } from './support/test-env.js';

/** Once per run: a fresh test database with every migration and the reference data, and an empty test Redis db. */
export default async function setup(): Promise<void> {
  await rm(TEST_ENV.AUDIT_CHECKPOINT_DIR, { recursive: true, force: true }); // checkpoints of the previous database
  await ensureDatabase(TEST_ENV.MIGRATION_DATABASE_URL, { recreate: true });
  const ds = await createDataSource(TEST_ENV.MIGRATION_DATABASE_URL, 2).initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await seedReferenceData(ds);
  } finally {
    await ds.destroy();
  }
  const redis = new Redis(TEST_ENV.REDIS_URL);
  try {
    await redis.flushdb(); // the test Redis database only, never the demo's
  } finally {
    redis.disconnect();
  }
}
