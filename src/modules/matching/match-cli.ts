import { parseArgs } from 'node:util';
import { bootInfrastructure } from '../../boot.js';
import { loadConfig } from '../../config/config.js';
import { safeErrorText } from '../../queue/job-failure.js';
import { waitForMatching } from './wait-for-matching.js';

/**
 * `npm run match [-- --here] [--train]`: matches every record not yet matched (after a seed, say), on the
 * workers or, with --here or when none is running, in this process; --train re-estimates the model first.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { here: { type: 'boolean', default: false }, train: { type: 'boolean', default: false } } });
  const infra = await bootInfrastructure(loadConfig({ ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn' }), 'match');
  try {
    const queued = await infra.services.matching.queueBacklog();
    if (values.train) await infra.services.matching.train(infra.log);
    if (!values.here && (await infra.queues.get('matching').getWorkers()).length > 0) await infra.services.matching.enqueueBacklog(null);
    await waitForMatching(infra, null, { label: 'matching', here: values.here });
    const [s] = (await infra.ds.query(
      `SELECT (SELECT count(*)::int FROM source_record) AS records, (SELECT count(*)::int FROM young_person) AS people,
              (SELECT count(*)::int FROM match_candidate WHERE status = 'REVIEW') AS review`,
    )) as [{ records: number; people: number; review: number }];
    process.stdout.write(`matched: ${s.records} records (${queued} newly queued) → ${s.people} people; ${s.review} pairs wait for review\n`);
  } finally {
    await infra.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`match failed: ${safeErrorText('MATCHING', err)}\n`);
  process.exit(1);
});
