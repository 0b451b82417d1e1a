import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source.js';
import { TEST_ENV } from './test-env.js';

/**
 * A DataSource on the test database as its owner (the superuser), for what the application role the API
 * connects as may not do: tamper with the access log, make roles, truncate. Destroy it when done.
 */
export async function ownerDataSource(poolSize = 2): Promise<DataSource> {
  return createDataSource(TEST_ENV.MIGRATION_DATABASE_URL, poolSize).initialize();
}
