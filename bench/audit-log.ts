// Access-log benchmark: loads N synthetic, correctly chained access events (default ten million) in SQL,
// then reports IG query latencies over HTTP, the verifier's rows per second, and the audit overhead on the
// person-status query (youngPeople page, audit on against off, same process, same data, interleaved).
// Usage: npx tsx bench/audit-log.ts [--events 10000000] [--people 5000] [--requests 400] [--concurrency 8] [--reuse]
//   --reuse measures again on the database a previous run loaded (no reseeding, no reload).
//   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cyswllt_bench_audit), BENCH_REDIS_URL (db 6).
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startApi, type RunningApi } from '../src/app.js';
import { writeCheckpoint } from '../src/audit/checkpoints.js';
import { loadSigningKey } from '../src/audit/signing-key.js';
import { signToken } from '../src/auth/tokens.js';
import { bootInfrastructure, type Infrastructure } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase } from '../src/db/ensure-database.js';
import { seedReferenceData } from '../src/modules/cohort/seed-reference.js';
import { seedCohort } from '../src/modules/cohort/seed.service.js';
import { UnloggedAuditService } from './lib/unlogged-audit.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    people: { type: 'string', default: '5000' },
    requests: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '8' },
    batch: { type: 'string', default: '1000000' },
    reuse: { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);
const PEOPLE = Number(values.people);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const BATCH = Number(values.batch);
const DB = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_bench_audit';
const REDIS = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379/6';

const log = (msg: string, fields: Record<string, unknown> = {}): void => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), msg, ...fields })}\n`);
};

/** Latency summary of `n` runs of `task` at `concurrency`. */
async function measure(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ medianMs: number; p95Ms: number; rps: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { ...summary(latencies), rps: Math.round((n / seconds) * 10) / 10, latencies };
}

function summary(latencies: number[]): { medianMs: number; p95Ms: number } {
  const s = [...latencies].sort((a, b) => a - b);
  const at = (q: number): number => Math.round(s[Math.floor(q * (s.length - 1))]! * 100) / 100;
  return { medianMs: at(0.5), p95Ms: at(0.95) };
}

/**
 * Loads the synthetic events in batches, each one INSERT … SELECT from generate_series, hashed set-based
 * by the chain aggregate the append function uses (so the verifier checks real chains). Spread over the
 * last twelve months; ids drawn from the seeded cohort, principals and organisations.
 */
async function loadEvents(infra: Infrastructure): Promise<{ seconds: number; tableBytes: number; indexBytes: number }> {
  const ds = infra.ds;
  const started = performance.now();
  await ds.query(`SELECT ensure_access_event_partitions((now() - interval '12 months')::date, 16)`);
  // Build the secondary indexes once after the load rather than row by row during it.
  const indexes = (await ds.query(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index
      WHERE indrelid = 'access_event'::regclass AND NOT indisprimary`,
  )) as Array<{ name: string; def: string }>;
  for (const ix of indexes) await ds.query(`DROP INDEX ${ix.name}`);

  const setup = `
    CREATE TEMP TABLE bench_people AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM young_person;
    CREATE TEMP TABLE bench_orgs AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, id FROM organisation;
    CREATE TEMP TABLE bench_principals AS
      SELECT p.i, coalesce(real.id, gen_random_uuid()) AS id, o.id AS organisation_id,
             coalesce(real.roles, ARRAY[(ARRAY['EPC','LEAD_WORKER','CW_ADVISER','PROVIDER_PASTORAL','PARTNER_SYSTEM'])[1 + p.i % 5]]) AS roles
        FROM generate_series(0, 499) AS p(i)
        LEFT JOIN (SELECT row_number() OVER (ORDER BY handle) - 1 AS i, id, roles FROM principal) real ON real.i = p.i
        JOIN bench_orgs o ON o.i = p.i % (SELECT count(*) FROM bench_orgs);`;
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(setup);
    const [counts] = (await runner.query(
      `SELECT (SELECT count(*) FROM bench_people)::int AS people, (SELECT count(*) FROM bench_orgs)::int AS orgs`,
    )) as [{ people: number; orgs: number }];
    const spanMs = 365 * 24 * 3600 * 1000;
    const t0 = Date.now() - spanMs - 60_000;
    const stepMs = spanMs / EVENTS;
    for (let lo = 1; lo <= EVENTS; lo += BATCH) {
      const n = Math.min(BATCH, EVENTS - lo + 1);
      const b0 = performance.now();
      await runner.query(
        `WITH head AS (SELECT seq, hash FROM access_chain_head WHERE id = 1),
         gen AS (
           SELECT head.seq + g AS seq,
                  to_timestamp(floor(($3::float8 + (head.seq + g) * $4::float8)) / 1000.0) AS occurred_at,
                  hashint8(head.seq + g)::bigint AS h1, hashint8(-(head.seq + g))::bigint AS h2
             FROM head, generate_series(1, $1::bigint) AS g
         ),
         shaped AS (
           SELECT gen.seq, date_trunc('milliseconds', gen.occurred_at) AS occurred_at, 'person.read'::text AS event,
                  CASE WHEN abs(h1) % 100 < 85 THEN 'RELEASED' WHEN abs(h1) % 100 < 95 THEN 'PARTIAL' ELSE 'WITHHELD' END AS outcome,
                  'bench-' || (gen.seq / 20) AS request_id, 'query PeoplePage'::text AS operation,
                  pr.id AS principal_id, pr.organisation_id, pr.roles,
                  (ARRAY['TRACKING','BROKERAGE','LEAD_WORKER_SUPPORT','EARLY_IDENTIFICATION','TRANSITION','UNKNOWN_RESOLUTION','ADMISSIONS','STATISTICS'])[1 + abs(h2) % 8] AS purpose,
                  pe.id AS person_id, prov.id AS provider_id
             FROM gen
             JOIN bench_principals pr ON pr.i = abs(gen.h1) % 500
             JOIN bench_people pe ON pe.i = abs(gen.h2) % $2::int
             JOIN bench_orgs prov ON prov.i = abs(gen.h1 # gen.h2) % $5::int
         ),
         content AS (
           SELECT s.*,
                  CASE WHEN outcome = 'WITHHELD' THEN '{}'::text[] ELSE ARRAY['CONTACT.postcode@0', 'EDUCATION_ENROLMENT.enrolment@0',
                       'IDENTITY.dateOfBirth@0', 'IDENTITY.familyName@0', 'IDENTITY.givenName@0', 'TIER_STATUS.tierStatus@0'] END AS released,
                  CASE WHEN outcome = 'RELEASED' THEN '{}'::text[] ELSE ARRAY['CARE_STATUS.careStatus@0!NO_AGREEMENT'] END AS withheld,
                  ARRAY['ISP-CYMRU-YEPF@3']::text[] AS agreements, ARRAY[provider_id] AS provider_ids, NULL::text AS details
             FROM shaped s
         ),
         hashed AS (
           SELECT c.*, access_chain(access_event_canonical(c.seq, c.occurred_at, c.event, c.outcome, c.request_id, c.operation,
                    c.principal_id, c.organisation_id, c.roles, c.purpose, c.person_id, c.released, c.withheld, c.agreements,
                    c.provider_ids, c.details), (SELECT hash FROM head)) OVER (ORDER BY c.seq) AS hash
             FROM content c
         ),
         inserted AS (
           INSERT INTO access_event (seq, occurred_at, event, outcome, request_id, operation, principal_id, organisation_id, roles,
                                     purpose, person_id, released, withheld, agreements, provider_ids, details, prev_hash, hash)
           SELECT seq, occurred_at, event, outcome, request_id, operation, principal_id, organisation_id, roles, purpose, person_id,
                  released, withheld, agreements, provider_ids, details,
                  coalesce(lag(hash) OVER (ORDER BY seq), (SELECT hash FROM head)), hash
             FROM hashed
           RETURNING seq, hash, occurred_at
         )
         UPDATE access_chain_head h SET seq = i.seq, hash = i.hash, occurred_at = i.occurred_at
           FROM (SELECT seq, hash, occurred_at FROM inserted ORDER BY seq DESC LIMIT 1) i WHERE h.id = 1`,
        [n, counts.people, t0, stepMs, counts.orgs],
      );
      log('events loaded', { upTo: lo + n - 1, batchSeconds: Math.round((performance.now() - b0) / 100) / 10 });
    }
  } finally {
    await runner.release();
  }
  const i0 = performance.now();
  await ds.query(`SET maintenance_work_mem = '512MB'`);
  for (const ix of indexes) await ds.query(ix.def.replace(' ON ONLY ', ' ON '));
  log('indexes built', { seconds: Math.round((performance.now() - i0) / 1000) });
  await ds.query('ANALYZE access_event');
  const [size] = (await ds.query(
    `SELECT sum(pg_table_size(c.oid))::bigint AS t, sum(pg_indexes_size(c.oid))::bigint AS i
       FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid WHERE h.inhparent = 'access_event'::regclass`,
  )) as [{ t: string; i: string }];
  return { seconds: Math.round((performance.now() - started) / 1000), tableBytes: Number(size.t), indexBytes: Number(size.i) };
}

async function main(): Promise<void> {
  let people: number;
  if (values.reuse) {
    const existing = await createDataSource(DB, 1).initialize();
    people = Number(((await existing.query('SELECT count(*) AS n FROM young_person')) as [{ n: string }])[0].n);
    await existing.destroy();
  } else {
    await ensureDatabase(DB, { recreate: true });
    await rm('var/bench/audit-checkpoints', { recursive: true, force: true }); // they sign the previous database's chain
    const setup = await createDataSource(DB, 2).initialize();
    await setup.runMigrations({ transaction: 'each' });
    await seedReferenceData(setup);
    people = (await seedCohort(setup, { people: PEOPLE, seed: 'bench', asOf: '2026-10-01' }, 'var/truth/bench-audit.csv')).linkedPeople;
    await setup.destroy();
    log('cohort seeded', { people });
  }

  const common = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: DB,
    REDIS_URL: REDIS,
    QUEUE_PREFIX: 'cyswllt-bench-audit',
    LOG_LEVEL: 'error',
    AUTH_SECRET: 'b'.repeat(40),
    AUDIT_SIGNING_KEY_FILE: 'var/bench/audit-signing-key.pem',
    AUDIT_CHECKPOINT_DIR: 'var/bench/audit-checkpoints',
  };
  const onInfra = await bootInfrastructure(loadConfig(common), 'bench-audit-on');
  const offInfra = await bootInfrastructure(loadConfig(common), 'bench-audit-off');
  // The baseline's log is off through a double injected here, never through configuration.
  offInfra.services.audit = new UnloggedAuditService();
  const load = values.reuse ? null : await loadEvents(onInfra);
  log('load done', load ?? { reused: true });

  const key = await loadSigningKey(onInfra.config);
  await writeCheckpoint(onInfra.ds, key, onInfra.config.audit.checkpointDir);
  const verification = await onInfra.services.audit.verifyChain(onInfra);
  log('verified', { ok: verification.ok, rows: verification.rowsChecked, ms: verification.durationMs, firstBadRow: verification.firstBadRow });

  const on = await startApi(onInfra, 0);
  const off = await startApi(offInfra, 0);
  const tokenOf = async (handle: string): Promise<string> => {
    const p = await onInfra.services.principals.findByHandle(handle);
    return signToken(onInfra.config.authSecret, { principalId: p!.id, handle }, '2h');
  };
  const admin = await tokenOf('admin');
  const ig = await tokenOf('ig.cardiff');

  const post = async (api: RunningApi, token: string, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      // Reading personal data needs a declared purpose (the IG queries ignore it).
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'TRACKING' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
    if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
    return body.data!;
  };

  // IG queries: sample ids from the loaded log.
  const [sample] = (await onInfra.ds.query(
    `SELECT (SELECT id FROM young_person ORDER BY id LIMIT 1 OFFSET 17) AS person,
            (SELECT id FROM principal WHERE handle = 'epc.cardiff') AS principal,
            (SELECT id FROM organisation WHERE code = 'careers-wales') AS organisation`,
  )) as [{ person: string; principal: string; organisation: string }];
  const LOG = `query ($filter: AccessLogFilter, $first: Int, $after: String) { accessLog(filter: $filter, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { seq occurredAt event outcome operation purpose personId
      actor { principalHandle organisationCode roles } released { field category } withheld { field category reason } agreements } } } }`;
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const twoMonthsAgo = new Date(Date.now() - 60 * 86_400_000).toISOString();
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['igNewest50', ig, { first: 50 }],
    ['igByPerson', ig, { first: 50, filter: { personId: sample.person } }],
    ['adminByPerson', admin, { first: 50, filter: { personId: sample.person } }],
    ['igByPrincipal', ig, { first: 50, filter: { principalId: sample.principal } }],
    ['adminByOrganisation', admin, { first: 50, filter: { organisationId: sample.organisation } }],
    ['igPurposeLastWeek', ig, { first: 50, filter: { purpose: 'ADMISSIONS', from: weekAgo } }],
    ['igWithheldMonthRange', ig, { first: 50, filter: { outcome: 'WITHHELD', from: twoMonthsAgo, to: monthAgo } }],
    ['adminByPersonWithheld', admin, { first: 50, filter: { personId: sample.person, outcome: 'WITHHELD' } }],
  ];
  const igQueries: Record<string, unknown> = {};
  for (const [name, token, variables] of cases) {
    await post(on, token, LOG, variables); // warm
    igQueries[name] = summaryOf(await measure(20, 1, () => post(on, token, LOG, variables).then(() => undefined)));
  }
  // Tenth page of a person's events (cursor paging).
  let after: string | null = null;
  for (let p = 0; p < 9; p++) {
    const d = (await post(on, admin, LOG, { first: 50, after, filter: { personId: sample.person } })) as {
      accessLog: { pageInfo: { endCursor: string | null } };
    };
    after = d.accessLog.pageInfo.endCursor;
  }
  igQueries['adminByPersonPage10'] = summaryOf(
    await measure(20, 1, () => post(on, admin, LOG, { first: 50, after, filter: { personId: sample.person } }).then(() => undefined)),
  );
  igQueries['igCsvExport10k'] = summaryOf(await measure(5, 1, () => post(on, ig, '{ accessLogCsv(max: 10000) }', {}).then(() => undefined)));
  const SAR = `query ($id: ID!) { subjectAccessReport(personId: $id) { values { field value } accessEvents { occurredAt outcome } accessEventsTruncated } }`;
  igQueries['adminSubjectAccessReport'] = summaryOf(await measure(5, 1, () => post(on, admin, SAR, { id: sample.person }).then(() => undefined)));

  // Audit overhead on the person-status query: the same youngPeople page through the API with the log
  // written (on) and with it switched off (bench-only flag), interleaved in rounds so drift hits both.
  const ids = ((await onInfra.ds.query('SELECT id FROM young_person ORDER BY id')) as Array<{ id: string }>).map((r) => r.id);
  const cursorAt = (i: number): string | null => {
    const id = ids[(i * 37) % Math.max(1, ids.length - 120)];
    return i % 5 === 0 || !id ? null : Buffer.from(`v1:${id}`).toString('base64url');
  };
  const PAGE = `query ($first: Int!, $after: String) { youngPeople(first: $first, after: $after) { totalCount
    pageInfo { hasNextPage endCursor } edges { node { id sourceRecords { provider { code name } partnerReference
    givenName familyName dateOfBirth postcode upn uln tierStatus attendance } } } } }`;
  const page = (api: RunningApi) => (i: number) => post(api, admin, PAGE, { first: 20, after: cursorAt(i) }).then(() => undefined);
  await measure(100, CONCURRENCY, page(on)); // warm both
  await measure(100, CONCURRENCY, page(off));
  const onLat: number[] = [];
  const offLat: number[] = [];
  const rounds = 4;
  for (let r = 0; r < rounds; r++) {
    const first = r % 2 === 0 ? on : off;
    const second = first === on ? off : on;
    const a = await measure(REQUESTS / rounds, CONCURRENCY, page(first));
    const b = await measure(REQUESTS / rounds, CONCURRENCY, page(second));
    (first === on ? onLat : offLat).push(...a.latencies);
    (second === on ? onLat : offLat).push(...b.latencies);
  }
  const auditOn = summary(onLat);
  const auditOff = summary(offLat);

  const [rows] = (await onInfra.ds.query('SELECT count(*)::bigint AS n FROM access_event')) as [{ n: string }];
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'audit-log',
        events: EVENTS,
        rowsInLog: Number(rows.n),
        people,
        load: load ? { ...load, tableGiB: round(load.tableBytes / 2 ** 30), indexGiB: round(load.indexBytes / 2 ** 30) } : 'reused',
        verifier: {
          ok: verification.ok,
          firstBadRow: verification.firstBadRow,
          connections: 2,
          rowsChecked: verification.rowsChecked,
          seconds: verification.durationMs / 1000,
          rowsPerSecond: verification.rowsPerSecond,
          target: 200_000,
        },
        igQueries,
        personStatusQuery: {
          requests: REQUESTS,
          concurrency: CONCURRENCY,
          pageSize: 20,
          auditOn,
          auditOff,
          medianOverheadPercent: round(((auditOn.medianMs - auditOff.medianMs) / auditOff.medianMs) * 100),
          target: '<= 10',
        },
      },
      null,
      2,
    )}\n`,
  );
  await on.close();
  await off.close();
  await onInfra.close();
  await offInfra.close();
}

function summaryOf(m: { medianMs: number; p95Ms: number }): { medianMs: number; p95Ms: number } {
  return { medianMs: m.medianMs, p95Ms: m.p95Ms };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
