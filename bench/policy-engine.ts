// The person-status query with the policy engine on and off: same process, same data, same principal,
// fixed concurrency. Prints throughput, median latency, the throughput cost, and SQL round trips per
// request at page sizes 10 and 100. Usage: npx tsx bench/policy-engine.ts [--people 5000] [--requests 600]
import { parseArgs } from 'node:util';
import { QueryCounter } from '../src/db/query-counter.js';
import type { RequestContext } from '../src/graphql/context.js';
import { compilePolicy } from '../src/policy/compile.js';
import { PolicyService } from '../src/policy/policy.service.js';
import { RequestPolicy } from '../src/policy/request-policy.js';
import { benchToken, measure, post, prepareBenchDatabase, ratio, startBenchApi } from './support.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '5000' }, requests: { type: 'string', default: '600' }, concurrency: { type: 'string', default: '8' } } });
const PEOPLE = Number(values.people);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const HANDLE = 'epc.cardiff';
const PURPOSE = 'TRACKING';

const QUERY = `query ($first: Int!, $after: String) { youngPeople(first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id sourceRecords { provider { code name } partnerReference
  givenName familyName dateOfBirth postcode upn uln tierStatus attendance enrolment involvement } } } } }`;

/** The engine switched off (bench only; it lives here, not in src/, so nothing in production can select it). */
class UnenforcedPolicy extends RequestPolicy {
  override visibility() {
    return { sql: 'TRUE', params: {} };
  }
  override async prepare(): Promise<void> {}
  override decide() {
    return { allowed: true, reason: null, agreement: null, flagOnly: false, recipientReason: null, recipientAgreement: null };
  }
}

class UnenforcedPolicyService extends PolicyService {
  private readonly off = new WeakMap<RequestContext, RequestPolicy>();
  override async forRequest(ctx: RequestContext): Promise<RequestPolicy> {
    const p = new UnenforcedPolicy(compilePolicy({ organisationId: '', organisationKind: 'LOCAL_AUTHORITY', laCode: null, roles: [] }, 'TRACKING', [], '2026-01-01'), ctx.ds, 16);
    this.off.set(ctx, p);
    return p;
  }
  override existing(ctx: RequestContext): RequestPolicy | undefined {
    return this.off.get(ctx);
  }
}

async function main(): Promise<void> {
  const seeded = await prepareBenchDatabase(PEOPLE);
  const counter = new QueryCounter();
  const on = await startBenchApi(counter);
  const off = await startBenchApi();
  off.infra.services.policy = new UnenforcedPolicyService(off.infra.ds, 16);
  const token = await benchToken(on.infra, HANDLE);

  const ids = ((await on.infra.ds.query('SELECT id FROM young_person ORDER BY id')) as Array<{ id: string }>).map((r) => r.id);
  const after = (i: number): string | null => (i % 4 === 0 ? null : Buffer.from(`v1:${ids[(i * 37) % ids.length]!}`).toString('base64url'));
  const run = (url: string, first: number) => (i: number) => post(url, token, PURPOSE, QUERY, { first, after: after(i) }).then(() => undefined);
  const COUNT = '{ youngPeople(first: 1) { totalCount } }';
  const count = (url: string) => () => post(url, token, PURPOSE, COUNT, {}).then(() => undefined);

  const roundTrips: Record<string, number> = {};
  for (const first of [10, 100]) {
    await run(on.api.url, first)(1); // compile and cache the rules first: steady state is what we report
    counter.count = 0;
    for (let i = 0; i < 20; i++) await run(on.api.url, first)(i);
    roundTrips[`pageSize${first}`] = counter.count / 20;
  }

  await measure(150, CONCURRENCY, run(on.api.url, 20)); // warm-up both
  await measure(150, CONCURRENCY, run(off.api.url, 20));
  const figures = { off: [] as Awaited<ReturnType<typeof measure>>[], on: [] as Awaited<ReturnType<typeof measure>>[] };
  for (let round = 0; round < 3; round++) {
    figures.off.push(await measure(REQUESTS / 3, CONCURRENCY, run(off.api.url, 20)));
    figures.on.push(await measure(REQUESTS / 3, CONCURRENCY, run(on.api.url, 20)));
  }
  const sum = (xs: Array<{ rps: number; medianMs: number }>) => ({
    rps: Math.round((xs.reduce((a, x) => a + x.rps, 0) / xs.length) * 10) / 10,
    medianMs: Math.round((xs.map((x) => x.medianMs).sort((a, b) => a - b)[1]!) * 100) / 100,
  });
  const policyOn = sum(figures.on);
  const policyOff = sum(figures.off);
  const countOff = await measure(60, CONCURRENCY, count(off.api.url));
  const countOn = await measure(60, CONCURRENCY, count(on.api.url));
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'policy-engine',
        people: seeded.linkedPeople,
        sourceRecords: seeded.sourceRecords,
        principal: HANDLE,
        purpose: PURPOSE,
        pageSize: 20,
        requests: REQUESTS,
        concurrency: CONCURRENCY,
        policyOff,
        policyOn,
        throughputCost: ratio(policyOff.rps - policyOn.rps, policyOff.rps),
        medianLatencyRatio: ratio(policyOn.medianMs, policyOff.medianMs),
        target: { throughputCostAtMost: 0.15, roundTripsIndependentOfPageSize: true },
        sqlRoundTripsPerRequest: roundTrips,
        totalCountQuery: { policyOff: countOff, policyOn: countOn, medianLatencyRatio: ratio(countOn.medianMs, countOff.medianMs) },
      },
      null,
      2,
    )}\n`,
  );
  await on.api.close();
  await off.api.close();
  await on.infra.close();
  await off.infra.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
