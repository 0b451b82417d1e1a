// The tier-1 unknowns worklist of epc.cardiff over HTTP (policy and audit on) on a synthetic cohort: median and
// p95 latency of a page of 50 with reasons, sightings, progress and the shown records' names, walking the list
// with cursors; the counts; and SQL round trips per page at page sizes 10 and 50 (which must not grow).
// Uses its own database (cyswllt_bench_worklist) and Redis database 6; the cohort is linked on strong
// identifiers (no matcher run), as the policy bench does.
// Usage: npx tsx bench/worklist.ts [--people 100000] [--requests 60] [--seed bench-worklist]
import { parseArgs } from 'node:util';
import { startApi } from '../src/app.js';
import { signToken } from '../src/auth/tokens.js';
import { bootInfrastructure } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase } from '../src/db/ensure-database.js';
import { QueryCounter } from '../src/db/query-counter.js';
import { seedReferenceData } from '../src/modules/cohort/seed-reference.js';
import { seedCohort } from '../src/modules/cohort/seed.service.js';
import { measure, post } from './support.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '60' },
    seed: { type: 'string', default: 'bench-worklist' },
    reuse: { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(values.people);
const REQUESTS = Number(values.requests);
const SEED = values.seed ?? 'bench-worklist';
const DATABASE = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_bench_worklist';
const REDIS = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379/6';

const PAGE = `query ($first: Int!, $after: String) { unknownsWorklist(laCode: "cardiff", first: $first, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node {
    person { id sourceRecords { provider { code } givenName familyName dateOfBirth } }
    reasons { reason since daysUnknown provider { code } }
    sightings { __typename kind on provider { code name } recordedAt }
    progress { state since attempts by { displayName } }
  } } } }`;
const COUNTS = `{ unknownsWorklist(laCode: "cardiff", first: 1) { counts { total byAge { age count } byReason { reason count } } } }`;

interface Page {
  unknownsWorklist: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { sightings: unknown[] } }> };
}

async function main(): Promise<void> {
  if (!values.reuse) {
    await ensureDatabase(DATABASE, { recreate: true });
    const setup = await createDataSource(DATABASE, 2).initialize();
    try {
      await setup.runMigrations({ transaction: 'each' });
      await seedReferenceData(setup);
      await seedCohort(setup, { people: PEOPLE, seed: SEED, asOf: new Date().toISOString().slice(0, 10) }, `var/truth/${SEED}-${PEOPLE}.csv`);
      await setup.query('VACUUM ANALYZE');
    } finally {
      await setup.destroy();
    }
  }
  const counter = new QueryCounter();
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    AUTH_SECRET: 'bench-secret-'.padEnd(40, 'x'),
    AUDIT_SIGNING_KEY_FILE: process.env['AUDIT_SIGNING_KEY_FILE'] ?? 'var/bench/signing-key.pem',
    DATABASE_URL: DATABASE,
    REDIS_URL: REDIS,
    QUEUE_PREFIX: 'cyswllt-bench-worklist',
    LOG_LEVEL: 'error',
  });
  const infra = await bootInfrastructure(config, 'bench', { queryLogger: counter });
  const api = await startApi(infra, 0);
  try {
    const principal = (await infra.services.principals.findByHandle('epc.cardiff'))!;
    const token = await signToken(infra.config.authSecret, { principalId: principal.id, handle: 'epc.cardiff' }, '1h');
    const ask = (query: string, variables: Record<string, unknown>) => post(api.url, token, 'UNKNOWN_RESOLUTION', query, variables);

    // The cursors of every page of 50, so that the timed requests walk the whole list.
    const cursors: Array<string | null> = [null];
    let sightings = 0;
    let items = 0;
    for (;;) {
      const page = ((await ask(PAGE, { first: 50, after: cursors.at(-1) })) as Page).unknownsWorklist;
      items += page.edges.length;
      sightings += page.edges.reduce((n, e) => n + e.node.sightings.length, 0);
      if (!page.pageInfo.hasNextPage) break;
      cursors.push(page.pageInfo.endCursor);
    }
    const fullPages = cursors.length > 1 ? cursors.slice(0, -1) : cursors;

    const roundTrips: Record<string, number> = {};
    for (const first of [10, 50]) {
      await ask(PAGE, { first, after: null });
      counter.count = 0;
      const runs = 10;
      for (let i = 0; i < runs; i++) await ask(PAGE, { first, after: fullPages[i % fullPages.length] ?? null });
      roundTrips[`pageSize${first}`] = counter.count / runs;
    }

    await measure(10, 1, (i) => ask(PAGE, { first: 50, after: fullPages[i % fullPages.length] ?? null }).then(() => undefined)); // warm-up
    const page50 = await measure(REQUESTS, 1, (i) => ask(PAGE, { first: 50, after: fullPages[i % fullPages.length] ?? null }).then(() => undefined));
    const page50Concurrent = await measure(REQUESTS, 4, (i) => ask(PAGE, { first: 50, after: fullPages[i % fullPages.length] ?? null }).then(() => undefined));
    const counts = await measure(Math.max(10, Math.floor(REQUESTS / 3)), 1, () => ask(COUNTS, {}).then(() => undefined));
    const [{ people, records }] = (await infra.ds.query(
      `SELECT (SELECT count(*)::int FROM young_person) AS people, (SELECT count(*)::int FROM source_record) AS records`,
    )) as [{ people: number; records: number }];
    const totals = ((await ask(COUNTS, {})) as { unknownsWorklist: { counts: unknown } }).unknownsWorklist.counts;

    process.stdout.write(
      `${JSON.stringify(
        {
          bench: 'worklist',
          cohort: { generated: PEOPLE, linkedPeople: people, sourceRecords: records, seed: SEED },
          principal: 'epc.cardiff',
          worklist: { items, pages: cursors.length, sightingsShown: sightings, counts: totals },
          pageOf50WithSightings: { sequential: page50, concurrency4: page50Concurrent, targetP95Ms: 200, meetsTarget: page50.p95Ms < 200 },
          counts,
          sqlRoundTripsPerPage: roundTrips,
          roundTripsGrowWithPageSize: roundTrips['pageSize50']! > roundTrips['pageSize10']!,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await api.close();
    await infra.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
