// Person-list query: GraphQL over HTTP (policy on, as the hub administrator) against hand-written SQL
// returning the same rows, same process, same data; plus SQL round trips per request at page sizes 10
// and 100. Usage: npx tsx bench/people-query.ts [--people 5000] [--requests 400] [--concurrency 8]
import { parseArgs } from 'node:util';
import pg from 'pg';
import { QueryCounter } from '../src/db/query-counter.js';
import { BENCH_DB, benchToken, measure, post, prepareBenchDatabase, ratio, startBenchApi } from './support.js';

const { values } = parseArgs({
  options: { people: { type: 'string', default: '5000' }, requests: { type: 'string', default: '400' }, concurrency: { type: 'string', default: '8' } },
});
const PEOPLE = Number(values.people);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

const QUERY = `query ($first: Int!, $after: String) { youngPeople(first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id sourceRecords { provider { code name } partnerReference
  givenName familyName dateOfBirth postcode upn uln tierStatus attendance } } } } }`;

async function main(): Promise<void> {
  const seeded = await prepareBenchDatabase(PEOPLE);
  const counter = new QueryCounter();
  const { infra, api } = await startBenchApi(counter);
  const token = await benchToken(infra, 'admin');

  // Cursors spread over the population so requests do not all read the same page.
  const ids = ((await infra.ds.query('SELECT id FROM young_person ORDER BY id')) as Array<{ id: string }>).map((r) => r.id);
  const afterId = (i: number): string | null => (i % 5 === 0 ? null : (ids[(i * 37) % Math.max(1, ids.length - 120)] ?? null));
  const cursor = (i: number): string | null => {
    const id = afterId(i);
    return id ? Buffer.from(`v1:${id}`).toString('base64url') : null;
  };
  const graphql = (first: number) => (i: number) => post(api.url, token, 'TRACKING', QUERY, { first, after: cursor(i) }).then(() => undefined);

  const pool = new pg.Pool({ connectionString: BENCH_DB, max: 10 });
  const handSql = (first: number) => async (i: number): Promise<void> => {
    await pool.query(
      `WITH page AS (SELECT id FROM young_person WHERE ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2)
       SELECT p.id, sr.partner_reference, sr.given_name, sr.family_name, sr.date_of_birth, sr.postcode, sr.upn, sr.uln,
              sr.payload->'TIER_STATUS' AS tier, sr.payload->'ATTENDANCE' AS attendance, o.code, o.name
         FROM page p LEFT JOIN source_record sr ON sr.person_id = p.id
         LEFT JOIN organisation o ON o.id = sr.provider_organisation_id ORDER BY p.id`,
      [afterId(i), first + 1],
    );
  };

  const roundTrips: Record<string, number> = {};
  for (const first of [10, 100]) {
    await graphql(first)(1);
    counter.count = 0;
    for (let i = 0; i < 20; i++) await graphql(first)(i);
    roundTrips[`pageSize${first}`] = counter.count / 20;
  }
  await measure(100, CONCURRENCY, graphql(20)); // warm-up
  await measure(100, CONCURRENCY, handSql(20));
  const api20 = await measure(REQUESTS, CONCURRENCY, graphql(20));
  const sql20 = await measure(REQUESTS, CONCURRENCY, handSql(20));

  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'people-query',
        people: seeded.linkedPeople,
        sourceRecords: seeded.sourceRecords,
        requests: REQUESTS,
        concurrency: CONCURRENCY,
        pageSize: 20,
        graphql: api20,
        handWrittenSql: sql20,
        medianLatencyRatio: ratio(api20.medianMs, sql20.medianMs),
        sqlRoundTripsPerRequest: roundTrips,
      },
      null,
      2,
    )}\n`,
  );
  await pool.end();
  await api.close();
  await infra.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
