import { rm } from 'node:fs/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase, maintenanceUrl } from '../src/db/ensure-database.js';
import { seedReferenceData } from '../src/modules/cohort/seed-reference.js';
import { TEMPLATE_URL, TEST_WORKERS, workerDatabaseUrl, workerRedisUrl } from './support/test-env.js';

/**
 * Once per run: a fresh test database with every migration and the reference data, cloned into one database per
 * worker (files run in parallel, each worker's files one at a time on its own database); each worker's Redis database
 * emptied; scratch files (checkpoints, signing keys) of earlier runs removed.
 */
export default async function setup(): Promise<void> {
  await ensureDatabase(TEMPLATE_URL, { recreate: true });
  const ds = await createDataSource(TEMPLATE_URL, 2).initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await seedReferenceData(ds);
  } finally {
    await ds.destroy();
  }
  const { database: template, adminUrl } = maintenanceUrl(TEMPLATE_URL);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let i = 1; i <= TEST_WORKERS; i++) {
      const { database } = maintenanceUrl(workerDatabaseUrl(i));
      await rm(`var/test/${database}`, { recursive: true, force: true }); // checkpoints and key of the previous database
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${database} TEMPLATE ${template}`);
      const redis = new Redis(workerRedisUrl(i));
      try {
        await redis.flushdb(); // the test Redis databases only, never the demo's
      } finally {
        redis.disconnect();
      }
    }
  } finally {
    await admin.end();
  }
}
