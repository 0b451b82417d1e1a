// A bench's own database and Redis database, rebuilt on every run.
import { bootInfrastructure, type Infrastructure } from '../../src/boot.js';
import { loadConfig } from '../../src/config/config.js';
import { createDataSource } from '../../src/db/data-source.js';
import { ensureDatabase } from '../../src/db/ensure-database.js';
import { seedReferenceData } from '../../src/modules/cohort/seed-reference.js';

/** The bench database (BENCH_DATABASE_URL) and Redis (BENCH_REDIS_URL, database 5 by default). */
export const BENCH_DB = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_bench_matching';
export const BENCH_REDIS = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379/5';

/** Recreates the bench database with the migrations and reference data, then boots the services on it. */
export async function freshBenchInfrastructure(database = BENCH_DB): Promise<Infrastructure> {
  await ensureDatabase(database, { recreate: true });
  const setup = await createDataSource(database, 2).initialize();
  await setup.runMigrations({ transaction: 'each' });
  await seedReferenceData(setup);
  await setup.destroy();
  return bootBench(database);
}

/** Boots the services on an existing bench database. */
export function bootBench(database = BENCH_DB): Promise<Infrastructure> {
  return bootInfrastructure(
    loadConfig({ ...process.env, DATABASE_URL: database, REDIS_URL: BENCH_REDIS, QUEUE_PREFIX: 'cyswllt-bench-matching', LOG_LEVEL: 'warn' }),
    'bench',
  );
}

/** Rounds for JSON output. */
export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
