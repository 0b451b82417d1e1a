// Shared pieces of the benchmark scripts: a seeded bench database, a bounded load loop, GraphQL over HTTP.
import { startApi, type RunningApi } from '../src/app.js';
import { signToken } from '../src/auth/tokens.js';
import { bootInfrastructure, type Infrastructure } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase } from '../src/db/ensure-database.js';
import type { QueryCounter } from '../src/db/query-counter.js';
import { seedReferenceData } from '../src/modules/cohort/seed-reference.js';
import { seedCohort, type SeedLinking, type SeedReport } from '../src/modules/cohort/seed.service.js';

/** The bench database (never the demo's or the tests'). */
export const BENCH_DB = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_bench';

/** Recreates the bench database, migrates it and seeds a cohort (linked on strong identifiers, or not at all). */
export async function prepareBenchDatabase(people: number, seed = 'bench', linking: SeedLinking = 'identifiers'): Promise<SeedReport> {
  await ensureDatabase(BENCH_DB, { recreate: true });
  const ds = await createDataSource(BENCH_DB, 2).initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await seedReferenceData(ds);
    return await seedCohort(ds, { people, seed, asOf: '2026-10-01' }, `var/truth/${seed}-${people}.csv`, linking);
  } finally {
    await ds.destroy();
  }
}

/** Boots an API in production mode on the bench database. */
export async function startBenchApi(counter?: QueryCounter): Promise<{ infra: Infrastructure; api: RunningApi }> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    AUTH_SECRET: 'bench-secret-'.padEnd(40, 'x'),
    AUDIT_SIGNING_KEY_FILE: process.env['AUDIT_SIGNING_KEY_FILE'] ?? 'var/bench/signing-key.pem',
    DATABASE_URL: BENCH_DB,
    LOG_LEVEL: 'error',
    REDIS_URL: process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379/2',
  });
  const infra = await bootInfrastructure(config, 'bench', counter ? { queryLogger: counter } : {});
  return { infra, api: await startApi(infra, 0) };
}

/** A bearer token for a seeded principal. */
export async function benchToken(infra: Infrastructure, handle: string): Promise<string> {
  const p = await infra.services.principals.findByHandle(handle);
  if (!p) throw new Error(`no principal ${handle}`);
  return signToken(infra.config.authSecret, { principalId: p.id, handle }, '1h');
}

/** Throughput and latency of a bounded run. */
export interface LoadFigures {
  rps: number;
  medianMs: number;
  p95Ms: number;
}

/** Runs `task` `requests` times with `concurrency` in flight; bounded in count, never open-ended. */
export async function measure(requests: number, concurrency: number, task: (i: number) => Promise<void>): Promise<LoadFigures> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
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
  return { rps: Math.round((requests / seconds) * 10) / 10, medianMs: at(0.5), p95Ms: at(0.95) };
}

/** Posts a GraphQL operation; throws on GraphQL errors so a bench never measures failures. */
export async function post(url: string, token: string, purpose: string, query: string, variables: Record<string, unknown>): Promise<unknown> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': purpose },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: unknown; data?: unknown };
  if (body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Rounds a ratio for reports. */
export const ratio = (a: number, b: number): number => Math.round((a / b) * 1000) / 1000;
