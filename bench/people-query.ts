// The person list against its peers, in one run, interleaved (same cursors, same concurrency, same data):
//   hub            GraphQL over HTTP with the policy engine and the access log on (production code path)
//   hubPolicyOff   the same API with the policy engine replaced by a bench double (access log on)
//   hubAuditOff    the same API with the access log replaced by a bench double (policy on)
//   hubBothOff     both doubles
//   postgraphile   PostGraphile v5 serving the same rows from the same tables (no policy, no log)
//   handSql        one hand-written SQL statement returning the same rows
// It first checks that all six return identical rows (as the hub administrator, who is shown everything),
// then counts the SQL statements each sends per request (serially, at page sizes 10 and 100), then times
// them in rounds that rotate the order. Also: totalCount with the policy on and off (as an EPC, who is not).
// Prints JSON: medians, p95, throughput, ratios, statements per request, load average before and after.
// Usage: npx tsx bench/people-query.ts [--people 5000] [--requests 600] [--concurrency 8] [--rounds 3] [--reuse]
//   --reuse measures on the bench database a previous run seeded. BENCH_DATABASE_URL names the database.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Infrastructure } from '../src/boot.js';
import type { RunningApi } from '../src/app.js';
import { UnenforcedPolicyService } from './lib/unenforced-policy.js';
import { UnloggedAuditService } from './lib/unlogged-audit.js';
import { startPostGraphile } from './lib/postgraphile-peer.js';
import { BENCH_DB, benchToken, post, prepareBenchDatabase, ratio, startBenchApi } from './support.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '5000' },
    requests: { type: 'string', default: '600' },
    concurrency: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    reuse: { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(values.people);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const PAGE = 20;

const HUB_QUERY = `query ($first: Int!, $after: String) { youngPeople(first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id sourceRecords { provider { code name } partnerReference
  givenName familyName dateOfBirth postcode upn uln tierStatus attendance } } } } }`;
const PEER_QUERY = `query ($first: Int!, $after: Cursor) { allYoungPeople(first: $first, after: $after, orderBy: PRIMARY_KEY_ASC) {
  pageInfo { hasNextPage endCursor } nodes { rowId sourceRecordsByPersonId(orderBy: PRIMARY_KEY_ASC) { nodes {
  organisationByProviderOrganisationId { code name } partnerReference givenName familyName dateOfBirth postcode upn uln payload } } } } }`;
const HAND_SQL = `WITH page AS (SELECT id FROM young_person WHERE ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2)
  SELECT p.id, sr.id AS record_id, sr.partner_reference, sr.given_name, sr.family_name, sr.date_of_birth::text AS date_of_birth,
         sr.postcode, sr.upn, sr.uln, sr.payload->'TIER_STATUS' AS tier, sr.payload->'ATTENDANCE' AS attendance, o.code, o.name
    FROM page p LEFT JOIN source_record sr ON sr.person_id = p.id
    LEFT JOIN organisation o ON o.id = sr.provider_organisation_id ORDER BY p.id, sr.received_at, sr.id`;

/** One record as every system's answer is compared. */
interface Row {
  code: string;
  name: string;
  partnerReference: string;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  postcode: string | null;
  upn: string | null;
  uln: string | null;
  tierStatus: unknown;
  attendance: unknown;
}
type Page = Array<{ id: string; records: Row[] }>;

/** Statements sent on the wire by this process (every pg client: the hub's, PostGraphile's and the hand pool's). */
let wireStatements = 0;
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  wireStatements++;
  return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

/** The record with its fields in one order, so that answers compare as JSON. */
const row = (r: Row): Row => ({
  code: r.code,
  name: r.name,
  partnerReference: r.partnerReference,
  givenName: r.givenName,
  familyName: r.familyName,
  dateOfBirth: r.dateOfBirth,
  postcode: r.postcode,
  upn: r.upn,
  uln: r.uln,
  tierStatus: r.tierStatus ?? null,
  attendance: r.attendance ?? null,
});
const sortRecords = (rows: Row[]): Row[] => rows.map(row).sort((a, b) => `${a.code}|${a.partnerReference}`.localeCompare(`${b.code}|${b.partnerReference}`));

/** Where two answers part (an offset and the field names around it; synthetic bench data only). */
function firstDifference(a: string, b: string): string {
  let k = 0;
  while (k < a.length && a[k] === b[k]) k++;
  return `at ${k}: …${a.slice(Math.max(0, k - 60), k + 40)}… against …${b.slice(Math.max(0, k - 60), k + 40)}…`;
}

interface Latencies {
  latencies: number[];
  seconds: number;
}

/** Runs `task` `requests` times with `concurrency` in flight (bounded in count). */
async function timed(requests: number, concurrency: number, task: (i: number) => Promise<unknown>, offset: number): Promise<Latencies> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = offset + next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - start) / 1000 };
}

function figures(runs: Latencies[]): { rps: number; medianMs: number; p95Ms: number } {
  const all = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const at = (q: number): number => Math.round(all[Math.floor(q * (all.length - 1))]! * 100) / 100;
  return { rps: Math.round((all.length / seconds) * 10) / 10, medianMs: at(0.5), p95Ms: at(0.95) };
}

async function main(): Promise<void> {
  const load = { atStart: loadavg().map((l) => Math.round(l * 100) / 100) };
  const seeded = values.reuse ? null : await prepareBenchDatabase(PEOPLE);
  const apis: Record<'hub' | 'hubPolicyOff' | 'hubAuditOff' | 'hubBothOff', { infra: Infrastructure; api: RunningApi }> = {
    hub: await startBenchApi(),
    hubPolicyOff: await startBenchApi(),
    hubAuditOff: await startBenchApi(),
    hubBothOff: await startBenchApi(),
  };
  // The baselines' doubles, injected here: no configuration of the product can switch either off.
  for (const name of ['hubPolicyOff', 'hubBothOff'] as const) apis[name].infra.services.policy = new UnenforcedPolicyService(apis[name].infra.ds, 16);
  for (const name of ['hubAuditOff', 'hubBothOff'] as const) apis[name].infra.services.audit = new UnloggedAuditService();
  const infra = apis.hub.infra;
  const admin = await benchToken(infra, 'admin');
  const epc = await benchToken(infra, 'epc.cardiff');

  const handPool = new pg.Pool({ connectionString: BENCH_DB, max: 10 });
  const peerPool = new pg.Pool({ connectionString: BENCH_DB, max: 10 });
  const peer = await startPostGraphile(peerPool);

  // Cursors spread over the population, the same for every system.
  const ids = ((await handPool.query('SELECT id FROM young_person ORDER BY id')).rows as Array<{ id: string }>).map((r) => r.id);
  const afterId = (i: number): string | null => (i % 5 === 0 ? null : (ids[(i * 37) % Math.max(1, ids.length - 120)] ?? null));
  const hubCursor = (i: number): string | null => {
    const id = afterId(i);
    return id ? Buffer.from(`v1:${id}`).toString('base64url') : null;
  };
  // PostGraphile's cursor for a primary-key order is base64 JSON of [its order digest, the key]; the digest is read once.
  const probe = (await peerPost({ first: 1, after: null })) as { allYoungPeople: { pageInfo: { endCursor: string } } };
  const digest = (JSON.parse(Buffer.from(probe.allYoungPeople.pageInfo.endCursor, 'base64').toString()) as [string, string])[0];
  const peerCursor = (i: number): string | null => {
    const id = afterId(i);
    return id ? Buffer.from(JSON.stringify([digest, id])).toString('base64') : null;
  };

  async function peerPost(variables: Record<string, unknown>): Promise<unknown> {
    const res = await fetch(`${peer.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PEER_QUERY, variables }),
    });
    const body = (await res.json()) as { errors?: unknown; data?: unknown };
    if (body.errors) throw new Error(`PostGraphile error: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  type HubData = {
    youngPeople: {
      edges: Array<{ node: { id: string; sourceRecords: Array<Omit<Row, 'code' | 'name'> & { provider: { code: string; name: string } }> } }>;
    };
  };
  const hub = (url: string, token = admin) => async (first: number, i: number): Promise<Page> => {
    const data = (await post(url, token, 'TRACKING', HUB_QUERY, { first, after: hubCursor(i) })) as HubData;
    return data.youngPeople.edges.map(({ node }) => ({
      id: node.id,
      records: sortRecords(node.sourceRecords.map(({ provider, ...r }) => ({ ...r, code: provider.code, name: provider.name }))),
    }));
  };
  const postgraphile = async (first: number, i: number): Promise<Page> => {
    type PeerData = {
      allYoungPeople: {
        nodes: Array<{
          rowId: string;
          sourceRecordsByPersonId: {
            nodes: Array<Omit<Row, 'code' | 'name' | 'tierStatus' | 'attendance'> & { organisationByProviderOrganisationId: { code: string; name: string }; payload: Record<string, unknown> }>;
          };
        }>;
      };
    };
    const data = (await peerPost({ first, after: peerCursor(i) })) as PeerData;
    return data.allYoungPeople.nodes.map((n) => ({
      id: n.rowId,
      records: sortRecords(
        n.sourceRecordsByPersonId.nodes.map(({ organisationByProviderOrganisationId: o, payload, ...r }) => ({
          ...r,
          code: o.code,
          name: o.name,
          tierStatus: payload['TIER_STATUS'] ?? null,
          attendance: payload['ATTENDANCE'] ?? null,
        })),
      ),
    }));
  };
  const handSql = async (first: number, i: number): Promise<Page> => {
    const { rows } = await handPool.query(HAND_SQL, [afterId(i), first]);
    const out: Page = [];
    for (const r of rows as Array<Record<string, unknown>>) {
      let person = out.at(-1);
      if (!person || person.id !== r['id']) {
        person = { id: r['id'] as string, records: [] };
        out.push(person);
      }
      if (r['record_id'] == null) continue;
      person.records.push({
        code: r['code'] as string,
        name: r['name'] as string,
        partnerReference: r['partner_reference'] as string,
        givenName: r['given_name'] as string | null,
        familyName: r['family_name'] as string | null,
        dateOfBirth: r['date_of_birth'] as string | null,
        postcode: r['postcode'] as string | null,
        upn: r['upn'] as string | null,
        uln: r['uln'] as string | null,
        tierStatus: r['tier'] ?? null,
        attendance: r['attendance'] ?? null,
      });
    }
    for (const p of out) p.records = sortRecords(p.records);
    return out;
  };
  const systems: Record<string, (first: number, i: number) => Promise<Page>> = {
    hub: hub(apis.hub.api.url),
    hubPolicyOff: hub(apis.hubPolicyOff.api.url),
    hubAuditOff: hub(apis.hubAuditOff.api.url),
    hubBothOff: hub(apis.hubBothOff.api.url),
    postgraphile,
    handSql,
  };

  // 1. Identical rows, or no figures at all.
  let checkedPages = 0;
  for (const first of [PAGE, 100]) {
    for (let i = 0; i < 12; i++) {
      const expected = JSON.stringify(await handSql(first, i));
      for (const [name, system] of Object.entries(systems)) {
        const got = JSON.stringify(await system(first, i));
        if (got !== expected) throw new Error(`${name} returned other rows than the hand-written SQL (page ${first}, request ${i}): ${firstDifference(got, expected)}`);
      }
      checkedPages++;
    }
  }

  // 2. Statements per request, serially (steady state: each system has answered above).
  const statements: Record<string, Record<string, number>> = {};
  for (const [name, system] of Object.entries(systems)) {
    statements[name] = {};
    for (const first of [10, 100]) {
      wireStatements = 0;
      for (let i = 0; i < 20; i++) await system(first, i);
      statements[name]![`pageSize${first}`] = wireStatements / 20;
    }
  }

  // 3. Timing: rounds that rotate the order of the systems; all at the same concurrency over the same cursors.
  const names = Object.keys(systems);
  const runs: Record<string, Latencies[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) await timed(60, CONCURRENCY, (i) => systems[n]!(PAGE, i), 0); // warm-up
  const perRound = Math.ceil(REQUESTS / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    const order = names.map((_, k) => names[(k + round) % names.length]!);
    for (const n of order) runs[n]!.push(await timed(perRound, CONCURRENCY, (i) => systems[n]!(PAGE, i), round * perRound));
  }
  const fig = Object.fromEntries(names.map((n) => [n, figures(runs[n]!)])) as Record<string, ReturnType<typeof figures>>;

  // 4. totalCount as an EPC (the policy filters the count), policy and audit on against both off, interleaved.
  const COUNT = '{ youngPeople(first: 1) { totalCount } }';
  const count = (url: string) => () => post(url, epc, 'TRACKING', COUNT, {});
  const countRuns: Record<'on' | 'off', Latencies[]> = { on: [], off: [] };
  await count(apis.hub.api.url)();
  await count(apis.hubBothOff.api.url)();
  for (let round = 0; round < ROUNDS; round++) {
    countRuns.off.push(await timed(30, CONCURRENCY, count(apis.hubBothOff.api.url), 0));
    countRuns.on.push(await timed(30, CONCURRENCY, count(apis.hub.api.url), 0));
  }
  const countOn = figures(countRuns.on);
  const countOff = figures(countRuns.off);
  const hubFig = fig['hub']!;

  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'people-query',
        people: seeded?.linkedPeople ?? ids.length,
        sourceRecords: seeded?.sourceRecords ?? null,
        principal: 'admin (shown everything, so all six return the same rows)',
        requests: perRound * ROUNDS,
        rounds: ROUNDS,
        concurrency: CONCURRENCY,
        processes: 1,
        pageSize: PAGE,
        identicalRowsChecked: { pages: checkedPages, pageSizes: [PAGE, 100], systems: names },
        figures: fig,
        statementsPerRequest: statements,
        ratios: {
          hubMedianOverHandSql: ratio(hubFig.medianMs, fig['handSql']!.medianMs),
          hubThroughputOverPostGraphile: ratio(hubFig.rps, fig['postgraphile']!.rps),
          postgraphileMedianOverHandSql: ratio(fig['postgraphile']!.medianMs, fig['handSql']!.medianMs),
          hubBothOffMedianOverHandSql: ratio(fig['hubBothOff']!.medianMs, fig['handSql']!.medianMs),
          policyThroughputCost: ratio(fig['hubPolicyOff']!.rps - hubFig.rps, fig['hubPolicyOff']!.rps),
          auditMedianOverhead: ratio(hubFig.medianMs - fig['hubAuditOff']!.medianMs, fig['hubAuditOff']!.medianMs),
          auditThroughputCost: ratio(fig['hubAuditOff']!.rps - hubFig.rps, fig['hubAuditOff']!.rps),
          policyAndAuditThroughputCost: ratio(fig['hubBothOff']!.rps - hubFig.rps, fig['hubBothOff']!.rps),
        },
        totalCountAsEpc: { policyAndAuditOn: countOn, bothOff: countOff, medianRatio: ratio(countOn.medianMs, countOff.medianMs) },
        targets: {
          hubMedianOverHandSqlAtMost: 2,
          hubThroughputOverPostGraphileAtLeast: 1,
          policyThroughputCostAtMost: 0.1,
          auditMedianOverheadAtMost: 0.05,
          statementsPerRequestAtMost: 2,
          totalCountMedianRatioAtMost: 2,
        },
        loadAverage: { ...load, atEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
      },
      null,
      2,
    )}\n`,
  );
  await peer.close();
  await peerPool.end();
  await handPool.end();
  for (const { api, infra: i } of Object.values(apis)) {
    await api.close();
    await i.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
