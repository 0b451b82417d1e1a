import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/config.js';
import { createDataSource } from '../../db/data-source.js';
import { createLogger } from '../../logger.js';
import { DEFAULT_AS_OF } from './generate-cohort.js';
import { seedReferenceData } from './seed-reference.js';
import { seedMoves } from './seed-moves.js';
import { seedCohort, seedConsentLedger, seedEventHistory } from './seed.service.js';

/** `npm run seed -- --people N --seed S [--as-of YYYY-MM-DD] [--truth path] [--link identifiers|none] [--reference-only | --ledger-only]`. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      people: { type: 'string', default: '3000' },
      seed: { type: 'string', default: 'cyswllt-demo' },
      'as-of': { type: 'string', default: DEFAULT_AS_OF },
      truth: { type: 'string' },
      link: { type: 'string', default: 'identifiers' },
      'reference-only': { type: 'boolean', default: false },
      // After records have been linked by the matcher: seed the consent ledger, the event history and moves between LAs for the linked people.
      'ledger-only': { type: 'boolean', default: false },
    },
  });
  const seed = values.seed ?? 'cyswllt-demo';
  const asOf = values['as-of'] ?? DEFAULT_AS_OF;
  const people = Number(values.people);
  if (!Number.isInteger(people) || people < 1 || people > 2_000_000) {
    throw new Error('--people must be a whole number between 1 and 2,000,000');
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error('--as-of must be YYYY-MM-DD');
  const link = values.link ?? 'identifiers';
  if (link !== 'identifiers' && link !== 'none') throw new Error('--link must be identifiers or none');
  const config = loadConfig();
  const log = createLogger('seed', config.logLevel);
  // As the owner: replacing the cohort truncates tables, which the application role may not.
  const ds = await createDataSource(config.migrationDatabaseUrl, 2).initialize();
  try {
    if (await ds.showMigrations()) throw new Error('The database has pending migrations: run npm run migrate first');
    if (values['ledger-only']) {
      await seedConsentLedger(ds);
      await seedEventHistory(ds);
      const moves = await seedMoves(ds, seed);
      log.info('consent ledger, event history and moves between LAs seeded', { ...moves });
      return;
    }
    await seedReferenceData(ds);
    log.info('reference data seeded');
    if (values['reference-only']) return;
    const truthFile = values.truth ?? `var/truth/cohort-${seed}-${people}.csv`;
    const report = await seedCohort(ds, { people, seed, asOf }, truthFile, link);
    log.info('cohort seeded', { ...report });
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
