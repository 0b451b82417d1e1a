// Capacity of one node, for docs/scaling.md: a synthetic cohort seeded unlinked and matched by the production matcher,
// then the space each person, record and access-log row takes in PostgreSQL, and the rate at which one API process
// answers person-list requests with policy and access log on (and so writes log rows), measured in the same run.
// Usage: npx tsx bench/capacity.ts [--people 5000] [--requests 400] [--concurrency 8]
//   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cyswllt_bench_capacity), BENCH_REDIS_URL (db 9).
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { waitForMatching } from '../src/modules/matching/wait-for-matching.js';

process.env['BENCH_DATABASE_URL'] ??= 'postgres://postgres@127.0.0.1:5432/cyswllt_bench_capacity';
process.env['BENCH_REDIS_URL'] ??= 'redis://127.0.0.1:6379/9';
const { benchToken, measure, post, prepareBenchDatabase, startBenchApi } = await import('./support.js');

const { values } = parseArgs({
  options: { people: { type: 'string', default: '5000' }, requests: { type: 'string', default: '400' }, concurrency: { type: 'string', default: '8' } },
});
const PEOPLE = Number(values.people);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

const QUERY = `query ($first: Int!, $after: String) { youngPeople(first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id sourceRecords { provider { code } partnerReference
  givenName familyName dateOfBirth postcode tierStatus } } } } }`;

/** Bytes (tables, their indexes and TOAST) of the tables named, partitions included. */
const SIZE_SQL = `
  SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
    FROM pg_class c
    LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
    LEFT JOIN pg_class parent ON parent.oid = i.inhparent
   WHERE c.relkind = 'r' AND (c.relname = ANY($1) OR parent.relname = ANY($1))`;

const PERSON_TABLES = ['young_person', 'source_record', 'match_candidate', 'match_decision', 'person_home', 'tier_event', 'consent_event'];

async function main(): Promise<void> {
  const seedStarted = performance.now();
  await prepareBenchDatabase(PEOPLE, 'capacity', 'none');
  const { infra, api } = await startBenchApi();
  try {
    const matchStarted = performance.now();
    await infra.services.matching.queueBacklog();
    await waitForMatching(infra, null, { label: 'matching', here: true });
    const matchSeconds = (performance.now() - matchStarted) / 1000;
    await infra.ds.query('VACUUM ANALYZE');

    const count = async (sql: string): Promise<number> => Number(((await infra.ds.query(sql)) as [{ n: string }])[0].n);
    const bytes = async (tables: string[]): Promise<number> => Number(((await infra.ds.query(SIZE_SQL, [tables])) as [{ bytes: string }])[0].bytes);
    const people = await count('SELECT count(*) AS n FROM young_person');
    const records = await count('SELECT count(*) AS n FROM source_record');
    const personBytes = await bytes(PERSON_TABLES);

    // One API process, policy and access log on: person-list pages of 20, CONCURRENCY in flight.
    const token = await benchToken(infra, 'epc.cardiff');
    const ids = ((await infra.ds.query('SELECT id FROM young_person ORDER BY id')) as Array<{ id: string }>).map((r) => r.id);
    const cursor = (i: number): string | null => {
      const id = i % 5 === 0 ? null : ids[(i * 37) % Math.max(1, ids.length - 40)];
      return id ? Buffer.from(`v1:${id}`).toString('base64url') : null;
    };
    const page = (i: number): Promise<void> => post(api.url, token, 'TRACKING', QUERY, { first: 20, after: cursor(i) }).then(() => undefined);
    await measure(50, CONCURRENCY, page); // warm-up
    const logBefore = await count('SELECT count(*) AS n FROM access_event');
    const load = await measure(REQUESTS, CONCURRENCY, page);
    await infra.ds.query('VACUUM ANALYZE access_event');
    const logRows = await count('SELECT count(*) AS n FROM access_event');
    const logBytes = await bytes(['access_event']);
    const rowsPerRequest = (logRows - logBefore) / REQUESTS;

    const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
    process.stdout.write(
      `${JSON.stringify(
        {
          bench: 'capacity',
          loadAverage: loadavg().map((x) => round(x, 2)),
          seedAndMatchSeconds: round((performance.now() - seedStarted) / 1000),
          matchSeconds: round(matchSeconds),
          people,
          sourceRecords: records,
          recordsPerPerson: round(records / people, 2),
          bytesPerPerson: Math.round(personBytes / people),
          bytesPerRecord: Math.round(personBytes / records),
          personDataMiB: round(personBytes / 2 ** 20),
          accessLog: { rows: logRows, bytesPerRow: Math.round(logBytes / logRows), rowsPerPersonListRequest: round(rowsPerRequest, 2) },
          personList: { pageSize: 20, concurrency: CONCURRENCY, ...load },
          // At that rate around the clock: an upper bound on one process's log growth, not a forecast.
          logRowsPerDayAtThatRate: Math.round(load.rps * rowsPerRequest * 86_400),
          logGiBPerDayAtThatRate: round((load.rps * rowsPerRequest * 86_400 * (logBytes / logRows)) / 2 ** 30, 2),
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
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
