// Partner status lookups over HTTP on a synthetic cohort: LearnerStatus (one key a request) and LearnerStatuses
// (1,000 keys a request), each a registered operation sent by hash, as the partner's system sends it; with the
// policy engine and the access log on, beside the same requests with both off, in one run (alternating rounds,
// same process, same data, same keys). Prints lookups a second, latencies, the on/off ratios and SQL round trips
// a request (JSON). Uses its own database (cyswllt_bench_learner, or BENCH_DATABASE_URL) and Redis database 6
// (or BENCH_REDIS_URL); the cohort is linked on strong identifiers (no matcher run), as the policy bench does.
// Usage: npx tsx bench/learner-status.ts [--people 100000] [--handle cw.system] [--singles 600] [--batches 12] [--reuse]
import { parseArgs } from 'node:util';
import { startApi, type RunningApi } from '../src/app.js';
import { signToken } from '../src/auth/tokens.js';
import { bootInfrastructure, type Infrastructure } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase } from '../src/db/ensure-database.js';
import { QueryCounter } from '../src/db/query-counter.js';
import type { RequestContext } from '../src/graphql/context.js';
import { seedReferenceData } from '../src/modules/cohort/seed-reference.js';
import { seedCohort } from '../src/modules/cohort/seed.service.js';
import { RegisteredOperations } from '../src/modules/partners/registered-operations.js';
import { compilePolicy } from '../src/policy/compile.js';
import { PolicyService } from '../src/policy/policy.service.js';
import { RequestPolicy } from '../src/policy/request-policy.js';
import { measure, ratio, type LoadFigures } from './support.js';
import { UnloggedAuditService } from './lib/unlogged-audit.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    handle: { type: 'string', default: 'cw.system' },
    purpose: { type: 'string', default: 'TRACKING' },
    singles: { type: 'string', default: '600' },
    batches: { type: 'string', default: '12' },
    concurrency: { type: 'string', default: '4' },
    seed: { type: 'string', default: 'bench-learner' },
    reuse: { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(values.people);
const HANDLE = values.handle!;
const PURPOSE = values.purpose!;
const SINGLES = Number(values.singles);
const BATCHES = Number(values.batches);
const CONCURRENCY = Number(values.concurrency);
const SEED = values.seed!;
const DATABASE = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_bench_learner';
const REDIS = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379/6';
const BATCH = 1000;
/** One key in ten names nobody the partner may see (a reference it never supplied): NOT_FOUND costs the same lookup. */
const MISSING_EVERY = 10;

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

async function prepare(): Promise<{ people: number; records: number }> {
  const ds = await createDataSource(DATABASE, 2).initialize();
  try {
    if (!values.reuse) {
      await ds.runMigrations({ transaction: 'each' });
      await seedReferenceData(ds);
      await seedCohort(ds, { people: PEOPLE, seed: SEED, asOf: new Date().toISOString().slice(0, 10) }, `var/truth/${SEED}-${PEOPLE}.csv`);
      await ds.query('VACUUM ANALYZE');
    }
    const [counts] = (await ds.query(
      `SELECT (SELECT count(*)::int FROM young_person) AS people, (SELECT count(*)::int FROM source_record) AS records`,
    )) as [{ people: number; records: number }];
    return counts;
  } finally {
    await ds.destroy();
  }
}

/** An API on the bench database; `audit` off only for the baseline (outside production, as config requires). */
async function boot(audit: 'on' | 'off', counter?: QueryCounter): Promise<{ infra: Infrastructure; api: RunningApi }> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    AUTH_SECRET: 'bench-secret-'.padEnd(40, 'x'),
    AUDIT_SIGNING_KEY_FILE: process.env['AUDIT_SIGNING_KEY_FILE'] ?? 'var/bench/signing-key.pem',
    DATABASE_URL: DATABASE,
    REDIS_URL: REDIS,
    QUEUE_PREFIX: 'cyswllt-bench-learner',
    LOG_LEVEL: 'error',
    // The bench measures lookups, not the rate limit: one partner system sends far more than a partner's share.
    PARTNER_RATE_LIMIT: '9999999/1',
  });
  const infra = await bootInfrastructure(config, `bench-learner-${audit}`, counter ? { queryLogger: counter } : {});
  // The baseline's log is off through a double injected here, never through configuration.
  if (audit === 'off') infra.services.audit = new UnloggedAuditService();
  return { infra, api: await startApi(infra, 0) };
}

async function main(): Promise<void> {
  if (!values.reuse) await ensureDatabase(DATABASE, { recreate: true });
  const cohort = await prepare();
  const counter = new QueryCounter();
  const on = await boot('on', counter);
  const off = await boot('off');
  off.infra.services.policy = new UnenforcedPolicyService(off.infra.ds, 16);
  try {
    const principal = (await on.infra.services.principals.findByHandle(HANDLE))!;
    const token = await signToken(on.infra.config.authSecret, { principalId: principal.id, handle: HANDLE }, '2h');
    const registered = await RegisteredOperations.load();
    const hash = (name: string): string => registered.all().find((o) => o.name === name)!.sha256Hash;
    const ask = async (url: string, name: string, variables: Record<string, unknown>): Promise<unknown> => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': PURPOSE },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash(name) } }, variables }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
      // A single lookup that finds nobody is NOT_FOUND by design; anything else is a failure the bench must not time.
      if (body.errors && !(name === 'LearnerStatus' && body.errors.every((e) => e.extensions?.code === 'NOT_FOUND'))) {
        throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
      }
      return body.data;
    };

    // The partner's own references (linked records), shuffled deterministically; every tenth key a reference it never sent.
    const refs = ((await on.infra.ds.query(
      `SELECT partner_reference FROM source_record WHERE provider_organisation_id = $1 AND person_id IS NOT NULL ORDER BY md5(partner_reference)`,
      [principal.organisation.id],
    )) as Array<{ partner_reference: string }>).map((r) => r.partner_reference);
    if (refs.length === 0) throw new Error(`${HANDLE}'s organisation holds no linked records in this cohort`);
    const keyAt = (i: number): { reference: string } => ({ reference: i % MISSING_EVERY === MISSING_EVERY - 1 ? `NEVER-SENT-${i}` : refs[i % refs.length]! });
    const batchAt = (b: number): Array<{ reference: string }> => Array.from({ length: BATCH }, (_, i) => keyAt(b * BATCH + i));

    const single = (url: string) => (i: number) => ask(url, 'LearnerStatus', keyAt(i)).then(() => undefined);
    const batch = (url: string) => (i: number) => ask(url, 'LearnerStatuses', { keys: batchAt(i) }).then(() => undefined);

    // What one request costs in SQL statements, with everything on (steady state: the rules compiled first).
    await single(on.api.url)(0);
    counter.count = 0;
    for (let i = 0; i < 20; i++) await single(on.api.url)(i);
    const singleRoundTrips = counter.count / 20;
    await batch(on.api.url)(0);
    counter.count = 0;
    for (let i = 0; i < 3; i++) await batch(on.api.url)(i);
    const batchRoundTrips = counter.count / 3;
    const found = ((await ask(on.api.url, 'LearnerStatuses', { keys: batchAt(0) })) as { learnerStatuses: Array<{ found: boolean; status: unknown }> }).learnerStatuses;

    // Warm both, then alternate rounds so that load on a shared machine falls on both sides alike.
    await measure(60, CONCURRENCY, single(off.api.url));
    await measure(60, CONCURRENCY, single(on.api.url));
    await measure(2, 1, batch(off.api.url));
    await measure(2, 1, batch(on.api.url));
    const rounds = 3;
    const figures = { singleOn: [] as LoadFigures[], singleOff: [] as LoadFigures[], batchOn: [] as LoadFigures[], batchOff: [] as LoadFigures[] };
    for (let r = 0; r < rounds; r++) {
      figures.singleOff.push(await measure(Math.ceil(SINGLES / rounds), CONCURRENCY, single(off.api.url)));
      figures.singleOn.push(await measure(Math.ceil(SINGLES / rounds), CONCURRENCY, single(on.api.url)));
      figures.batchOff.push(await measure(Math.ceil(BATCHES / rounds), 1, batch(off.api.url)));
      figures.batchOn.push(await measure(Math.ceil(BATCHES / rounds), 1, batch(on.api.url)));
    }
    const merge = (xs: LoadFigures[]): LoadFigures => ({
      rps: Math.round((xs.reduce((a, x) => a + x.rps, 0) / xs.length) * 10) / 10,
      medianMs: [...xs.map((x) => x.medianMs)].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!,
      p95Ms: Math.max(...xs.map((x) => x.p95Ms)),
    });
    const singleOn = merge(figures.singleOn);
    const singleOff = merge(figures.singleOff);
    const batchOn = merge(figures.batchOn);
    const batchOff = merge(figures.batchOff);
    const lookups = (f: LoadFigures) => ({ ...f, lookupsPerSecond: Math.round(f.rps * BATCH) });

    process.stdout.write(
      `${JSON.stringify(
        {
          bench: 'learner-status',
          cohort: { generated: PEOPLE, linkedPeople: cohort.people, sourceRecords: cohort.records, seed: SEED },
          principal: HANDLE,
          purpose: PURPOSE,
          keys: { ownReferences: refs.length, notFoundShare: 1 / MISSING_EVERY, foundInFirstBatch: found.filter((a) => a.found).length, withStatusInFirstBatch: found.filter((a) => a.status).length },
          single: {
            concurrency: CONCURRENCY,
            policyAndLogOn: { ...singleOn, lookupsPerSecond: singleOn.rps },
            policyAndLogOff: { ...singleOff, lookupsPerSecond: singleOff.rps },
            throughputRatioOnToOff: ratio(singleOn.rps, singleOff.rps),
            medianLatencyRatioOnToOff: ratio(singleOn.medianMs, singleOff.medianMs),
          },
          batch1000: {
            concurrency: 1,
            policyAndLogOn: lookups(batchOn),
            policyAndLogOff: lookups(batchOff),
            throughputRatioOnToOff: ratio(batchOn.rps, batchOff.rps),
            medianLatencyRatioOnToOff: ratio(batchOn.medianMs, batchOff.medianMs),
          },
          sqlRoundTripsPerRequest: { single: singleRoundTrips, batch1000: batchRoundTrips },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await on.api.close();
    await off.api.close();
    await on.infra.close();
    await off.infra.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
