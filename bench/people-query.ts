// Person-list query benchmark: GraphQL over HTTP against hand-written SQL returning the same rows,
// in the same process on the same data, plus SQL round trips per request at page sizes 10 and 100.
// Usage: npx tsx bench/people-query.ts [--people 5000] [--requests 400] [--concurrency 8]
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startApi } from '../src/app.js';
import { signToken } from '../src/auth/tokens.js';
import { bootInfrastructure } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase } from '../src/db/ensure-database.js';
import { QueryCounter } from '../src/db/query-counter.js';
import { seedReferenceData } from '../src/modules/cohort/seed-reference.js';
import { seedCohort } from '../src/modules/cohort/seed.service.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '5000' },
    requests: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '8' },
  },
});
const PEOPLE = Number(values.people);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const DB = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_bench';

const QUERY = `query ($first: Int!, $after: String) { youngPeople(first: $first, after: $after) { totalCount
  pageInfo { hasNextPage endCursor } edges { node { id sourceRecords { provider { code name } partnerReference
  givenName familyName dateOfBirth postcode upn uln tierStatus attendance } } } } }`;

/** Runs `task` REQUESTS times at CONCURRENCY; returns throughput and median latency. */
async function measure(task: (i: number) => Promise<void>): Promise<{ rps: number; medianMs: number; p95Ms: number }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => Math.round(latencies[Math.floor(q * (latencies.length - 1))]! * 100) / 100;
  return { rps: Math.round((REQUESTS / seconds) * 10) / 10, medianMs: at(0.5), p95Ms: at(0.95) };
}

async function main(): Promise<void> {
  await ensureDatabase(DB, { recreate: true });
  const setup = await createDataSource(DB, 2).initialize();
  await setup.runMigrations({ transaction: 'each' });
  await seedReferenceData(setup);
  const seeded = await seedCohort(setup, { people: PEOPLE, seed: 'bench', asOf: '2026-10-01' }, 'var/truth/bench.csv');
  await setup.destroy();

  const counter = new QueryCounter();
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', AUTH_SECRET: 'b'.repeat(40), AUDIT_SIGNING_KEY_FILE: 'var/bench/signing-key.pem', DATABASE_URL: DB, LOG_LEVEL: 'error', REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/2' });
  const infra = await bootInfrastructure(config, 'bench', { queryLogger: counter });
  const api = await startApi(infra, 0);
  const admin = await infra.services.principals.findByHandle('admin');
  const token = await signToken(config.authSecret, { principalId: admin!.id, handle: 'admin' }, '1h');

  // Cursors spread over the population so requests do not all read the same page.
  const ids = ((await infra.ds.query('SELECT id FROM young_person ORDER BY id')) as Array<{ id: string }>).map((r) => r.id);
  const cursorAt = (i: number): string | null => {
    const id = ids[(i * 37) % Math.max(1, ids.length - 120)];
    return i % 5 === 0 || !id ? null : Buffer.from(`v1:${id}`).toString('base64url');
  };

  const graphql = async (first: number, i: number): Promise<void> => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY, variables: { first, after: cursorAt(i) } }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  };

  const pool = new pg.Pool({ connectionString: DB, max: 10 });
  const handSql = async (first: number, i: number): Promise<void> => {
    const cursor = cursorAt(i);
    const afterId = cursor ? Buffer.from(cursor, 'base64url').toString().slice(3) : null;
    await pool.query(
      `WITH page AS (SELECT id FROM young_person WHERE ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2)
       SELECT p.id, (SELECT count(*) FROM young_person) AS total,
              sr.partner_reference, sr.given_name, sr.family_name, sr.date_of_birth, sr.postcode, sr.upn, sr.uln,
              sr.payload->'TIER_STATUS' AS tier, sr.payload->'ATTENDANCE' AS attendance, o.code, o.name
         FROM page p LEFT JOIN source_record sr ON sr.person_id = p.id
         LEFT JOIN organisation o ON o.id = sr.provider_organisation_id ORDER BY p.id`,
      [afterId, first + 1],
    );
  };

  const roundTrips: Record<string, number> = {};
  for (const first of [10, 100]) {
    counter.count = 0;
    for (let i = 0; i < 20; i++) await graphql(first, i);
    roundTrips[`pageSize${first}`] = counter.count / 20;
  }

  await measure((i) => graphql(20, i)); // warm-up
  await measure((i) => handSql(20, i));
  const api20 = await measure((i) => graphql(20, i));
  const sql20 = await measure((i) => handSql(20, i));

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
        medianLatencyRatio: Math.round((api20.medianMs / sql20.medianMs) * 100) / 100,
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
