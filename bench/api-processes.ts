// The person list served by one API process against one per core (API_PROCESSES), in one run, interleaved.
// Both run as deployed: `node --import tsx src/main.ts` in production mode on the bench database, policy
// engine and access log on; the same query, cursors, concurrency and data for both.
// Caveat, printed with the figures: the load generator (this process: fetch, JSON parsing) runs on the same
// cores as the API and PostgreSQL, so the all-core figure understates what the API would do with its own
// machine; the ratio is a floor, not a ceiling.
// Prints JSON: rps, median and p95 per setting, the ratio all-core/single, cores, load average before and after.
// Usage: npx tsx bench/api-processes.ts [--people 5000] [--requests 600] [--concurrency 16] [--rounds 3] [--processes N] [--reuse]
//   --reuse measures on the bench database a previous run seeded. BENCH_DATABASE_URL names the database.
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { BENCH_DB, benchToken, measure, post, prepareBenchDatabase, ratio, startBenchApi, type LoadFigures } from './support.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '5000' },
    requests: { type: 'string', default: '600' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    processes: { type: 'string', default: String(availableParallelism()) },
    reuse: { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(values.people);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const PROCESSES = Number(values.processes);
const PAGE = 20;

const QUERY = `query ($first: Int!, $after: String) { youngPeople(first: $first, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { id sourceRecords { provider { code name } partnerReference
  givenName familyName dateOfBirth postcode upn uln tierStatus attendance } } } } }`;

/** Starts the API entry with `processes` processes on `port`; resolves once every process listens. */
function startApiProcesses(processes: number, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      API_PROCESSES: String(processes),
      AUTH_SECRET: 'bench-secret-'.padEnd(40, 'x'),
      AUDIT_SIGNING_KEY_FILE: process.env['AUDIT_SIGNING_KEY_FILE'] ?? 'var/bench/signing-key.pem',
      DATABASE_URL: BENCH_DB,
      REDIS_URL: process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379/2',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = processes > 1 ? '"msg":"api processes listening"' : '"msg":"ready"';
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer): void => {
      out += b.toString();
      if (out.includes(ready)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`API (${processes} processes) exited ${code} before it was ready:\n${out.slice(-2000)}`)));
  });
}

/** SIGTERM, and resolves with the exit code once it has stopped cleanly (or not). */
const stop = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

function combine(runs: LoadFigures[]): LoadFigures {
  const mid = <T>(xs: T[]): T => xs[Math.floor(xs.length / 2)]!;
  return {
    rps: Math.round(mid(runs.map((r) => r.rps).sort((a, b) => a - b)) * 10) / 10,
    medianMs: mid(runs.map((r) => r.medianMs).sort((a, b) => a - b)),
    p95Ms: mid(runs.map((r) => r.p95Ms).sort((a, b) => a - b)),
  };
}

async function main(): Promise<void> {
  const load = { atStart: loadavg().map((l) => Math.round(l * 100) / 100) };
  if (!values.reuse) await prepareBenchDatabase(PEOPLE);
  // A token, and the bench signing key on disk, from an in-process API that is then closed.
  const boot = await startBenchApi();
  const token = await benchToken(boot.infra, 'admin');
  await boot.api.close();
  await boot.infra.close();

  const pool = new pg.Pool({ connectionString: BENCH_DB, max: 2 });
  const ids = ((await pool.query('SELECT id FROM young_person ORDER BY id')).rows as Array<{ id: string }>).map((r) => r.id);
  await pool.end();
  // The same cursors as bench/people-query.ts: spread over the population, a fifth of them the first page.
  const after = (i: number): string | null => {
    const id = i % 5 === 0 ? null : (ids[(i * 37) % Math.max(1, ids.length - 120)] ?? null);
    return id ? Buffer.from(`v1:${id}`).toString('base64url') : null;
  };

  const ports = { single: 41_000 + Math.floor(Math.random() * 1000), allCores: 42_000 + Math.floor(Math.random() * 1000) };
  const apis = { single: await startApiProcesses(1, ports.single), allCores: await startApiProcesses(PROCESSES, ports.allCores) };
  const task = (port: number) => async (i: number) => {
    await post(`http://127.0.0.1:${port}`, token, 'TRACKING', QUERY, { first: PAGE, after: after(i) });
  };
  const runs: Record<'single' | 'allCores', LoadFigures[]> = { single: [], allCores: [] };
  try {
    // Warm both (JIT, pools, the policy cache in every process), then rounds that alternate which goes first.
    await measure(Math.max(50, PROCESSES * 25), CONCURRENCY, task(ports.single));
    await measure(Math.max(50, PROCESSES * 25), CONCURRENCY, task(ports.allCores));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['single', 'allCores'] as const) : (['allCores', 'single'] as const);
      for (const name of order) runs[name].push(await measure(REQUESTS, CONCURRENCY, task(ports[name])));
    }
  } finally {
    const exits = { single: await stop(apis.single), allCores: await stop(apis.allCores) };
    if (exits.single !== 0 || exits.allCores !== 0) process.stderr.write(`API exits on SIGTERM: ${JSON.stringify(exits)}\n`);
  }
  const single = combine(runs.single);
  const allCores = combine(runs.allCores);
  const report = {
    bench: 'api-processes',
    people: ids.length,
    requestsPerRound: REQUESTS,
    concurrency: CONCURRENCY,
    rounds: ROUNDS,
    cores: availableParallelism(),
    processes: PROCESSES,
    single,
    allCores,
    ratios: { throughputAllCoresOverSingle: ratio(allCores.rps, single.rps), medianLatencyAllCoresOverSingle: ratio(allCores.medianMs, single.medianMs) },
    perRound: runs,
    note: 'the load generator (this process) and PostgreSQL share the cores with the API processes: the all-core ratio is a floor on what separate client machines would see',
    load: { ...load, atEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
