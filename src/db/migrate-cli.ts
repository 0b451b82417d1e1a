import { loadConfig } from '../config/config.js';
import { createLogger } from '../logger.js';
import { migrateQueueSchema, QUEUE_SCHEMA } from '../queue/queue-backend.js';
import { APP_ROLE, setAppRolePassword } from './app-role.js';
import { createDataSource } from './data-source.js';
import { ensureDatabase } from './ensure-database.js';

/**
 * `npm run migrate [-- --down N]`: as the owner (MIGRATION_DATABASE_URL), creates the database if needed,
 * runs (or reverts) migrations and gives the application role the password in DATABASE_URL; with
 * QUEUE_BACKEND=postgres, also creates or updates BullMQ's schema (`bullmq`) in the same database.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('migrate', config.logLevel);
  await ensureDatabase(config.migrationDatabaseUrl);
  const ds = await createDataSource(config.migrationDatabaseUrl, 2).initialize();
  try {
    const downIndex = process.argv.indexOf('--down');
    if (downIndex >= 0) {
      const steps = Number(process.argv[downIndex + 1] ?? '1');
      for (let i = 0; i < steps; i++) await ds.undoLastMigration({ transaction: 'each' });
      log.info('migrations reverted', { steps });
    } else {
      const ran = await ds.runMigrations({ transaction: 'each' });
      log.info('migrations applied', { applied: ran.map((m) => m.name) });
      const password = await setAppRolePassword(ds, config.databaseUrl);
      if (password === 'set') log.info('application role password set from DATABASE_URL');
      if (config.queueBackend === 'postgres') {
        const version = await migrateQueueSchema(config.migrationDatabaseUrl, APP_ROLE);
        log.info('queue schema ready (BullMQ on PostgreSQL)', { schema: QUEUE_SCHEMA, version });
      }
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`migrate failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
