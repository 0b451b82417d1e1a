// The demo's two modes side by side, run as `npm run demo` runs them (the same processes and steps):
// embedded (PGlite over pglite-socket, BullMQ on PostgreSQL) against servers (PostgreSQL, Redis). For each:
// how long each start-up step takes, and the latency of one person query over HTTP (sequential and with 4
// in flight). Prints JSON with the embedded/server ratios. Run it on a quiet machine: both modes share the CPU
// with whatever else runs, and the embedded one serialises everything through one PGlite session.
// Usage: npx tsx bench/embedded-mode.ts [--people 3000] [--requests 200] [--modes server,embedded]
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { signToken } from '../src/auth/tokens.js';
import { ensureDatabase } from '../src/db/ensure-database.js';
import { measure, post, ratio, type LoadFigures } from './support.js';

const { values } = parseArgs({
  options: { people: { type: 'string', default: '3000' }, requests: { type: 'string', default: '200' }, modes: { type: 'string', default: 'server,embedded' } },
});
const PEOPLE = values.people ?? '3000';
const REQUESTS = Number(values.requests);
const SECRET = 'bench-secret-'.padEnd(40, 'x');
const SERVER_DB = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_bench';
const SERVER_REDIS = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379/2';
const EMBEDDED_DIR = 'var/bench/embedded';
const PERSON = 'query ($id: ID!) { youngPerson(id: $id) { id sourceRecords { provider { name } givenName familyName tierStatus attendance } } }';

/** A started process: its output so far, and how to stop it (SIGTERM; resolves with its exit code). */
interface Running {
  output(): string;
  stop(): Promise<number | null>;
}

function start(entry: string, args: string[], env: Record<string, string>, ready: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.once('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer): void => {
      out += b.toString();
      if (out.includes(ready)) resolve({ output: () => out, stop: () => (child.kill('SIGTERM'), exited) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`${entry} exited (${code}) before "${ready}":\n${out}`)));
  });
}

/** Runs a command to its end; throws with its output when it fails. */
function complete(entry: string, args: string[], env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${entry} failed (${code}):\n${out}`)))));
}

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function timed<T>(steps: Record<string, number>, name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const value = await fn();
  steps[name] = Math.round(performance.now() - t0);
  return value;
}

/** One mode: the demo's steps, timed, then the person query, sequential and 4 in flight. */
async function mode(name: 'embedded' | 'server'): Promise<{ steps: Record<string, number>; startMs: number; sequential: LoadFigures; concurrent4: LoadFigures }> {
  const steps: Record<string, number> = {};
  const env: Record<string, string> = {
    NODE_ENV: 'development', // as the demo runs
    AUTH_SECRET: SECRET,
    LOG_LEVEL: 'info',
    AUDIT_SIGNING_KEY_FILE: `var/bench/${name}-signing-key.pem`,
    AUDIT_CHECKPOINT_DIR: `var/bench/${name}-checkpoints`,
  };
  let db: Running | null = null;
  const begun = performance.now();
  if (name === 'embedded') {
    await rm(EMBEDDED_DIR, { recursive: true, force: true });
    Object.assign(env, { EMBEDDED_DATABASE: 'on', QUEUE_BACKEND: 'postgres', EMBEDDED_DATA_DIR: `${EMBEDDED_DIR}/pgdata` });
    db = await timed(steps, 'databaseFirstStartMs', () => start('src/db/embedded-cli.ts', [], env, '"embedded PostgreSQL ready"'));
    const owner = /"url":"(postgres:\/\/[^"]+)"/.exec(db.output())![1]!;
    Object.assign(env, { DATABASE_URL: owner, MIGRATION_DATABASE_URL: owner });
  } else {
    await timed(steps, 'databaseCreateMs', () => ensureDatabase(SERVER_DB, { recreate: true }));
    Object.assign(env, { DATABASE_URL: SERVER_DB, MIGRATION_DATABASE_URL: SERVER_DB, REDIS_URL: SERVER_REDIS, QUEUE_PREFIX: 'cyswllt-bench-modes' });
  }
  await timed(steps, 'migrateMs', () => complete('src/db/migrate-cli.ts', [], env));
  await timed(steps, 'seedMs', () => complete('src/modules/cohort/seed-cli.ts', ['--people', PEOPLE, '--seed', 'bench-modes', '--link', 'none'], env));
  await timed(steps, 'matchMs', () => complete('src/modules/matching/match-cli.ts', ['--here'], env));
  await timed(steps, 'ledgerMs', () => complete('src/modules/cohort/seed-cli.ts', ['--ledger-only'], env));
  const port = await freePort();
  // The demo starts the worker and then the API; the API is up when it says ready.
  const worker = await timed(steps, 'workerReadyMs', () => start('workers/main.ts', [], env, '"worker ready"'));
  let api = await timed(steps, 'apiReadyMs', () => start('src/main.ts', [], { ...env, PORT: String(port) }, '"msg":"ready"'));
  const startMs = Math.round(performance.now() - begun);

  const client = new pg.Client({ connectionString: env['DATABASE_URL'] });
  await client.connect();
  const [admin] = (await client.query(`SELECT id FROM principal WHERE handle = 'admin'`)).rows as Array<{ id: string }>;
  const ids = ((await client.query('SELECT id FROM young_person ORDER BY id LIMIT 500')).rows as Array<{ id: string }>).map((r) => r.id);
  await client.end();
  const token = await signToken(SECRET, { principalId: admin!.id, handle: 'admin' }, '1h');
  const url = `http://127.0.0.1:${port}`;
  const person = (i: number): Promise<void> => post(url, token, 'TRACKING', PERSON, { id: ids[i % ids.length] }).then(() => undefined);
  const queries = async (): Promise<{ sequential: LoadFigures; concurrent4: LoadFigures }> => {
    try {
      await measure(20, 1, person); // warm-up
      return { sequential: await measure(REQUESTS, 1, person), concurrent4: await measure(REQUESTS, 4, person) };
    } catch (err) {
      throw new Error(`${name}: ${(err as Error).message}\nAPI:\n${api.output().slice(-4000)}`);
    }
  };
  process.stderr.write(`${name}: started in ${startMs} ms ${JSON.stringify(steps)}\n`);
  const { sequential, concurrent4 } = await queries();

  await api.stop();
  await worker.stop();
  if (db) {
    // The same files opened again: what a second `npm run demo` waits for before its steps.
    await db.stop();
    db = await timed(steps, 'databaseRestartMs', () => start('src/db/embedded-cli.ts', [], env, '"embedded PostgreSQL ready"'));
    const owner = /"url":"(postgres:\/\/[^"]+)"/.exec(db.output())![1]!;
    Object.assign(env, { DATABASE_URL: owner, MIGRATION_DATABASE_URL: owner });
  }
  api = await timed(steps, 'apiRestartMs', () => start('src/main.ts', [], { ...env, PORT: String(port) }, '"msg":"ready"'));
  await api.stop();
  if (db) await db.stop();
  return { steps, startMs, sequential, concurrent4 };
}

async function main(): Promise<void> {
  const modes = (values.modes ?? '').split(',');
  const server = modes.includes('server') ? await mode('server') : null;
  const embedded = modes.includes('embedded') ? await mode('embedded') : null;
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'embedded-mode',
        people: Number(PEOPLE),
        requests: REQUESTS,
        query: 'youngPerson(id) with its source records, as admin, X-Purpose TRACKING',
        server,
        embedded,
        ratios:
          server && embedded
            ? {
                startEmbeddedOverServer: ratio(embedded.startMs, server.startMs),
                sequentialMedianEmbeddedOverServer: ratio(embedded.sequential.medianMs, server.sequential.medianMs),
                concurrent4MedianEmbeddedOverServer: ratio(embedded.concurrent4.medianMs, server.concurrent4.medianMs),
                concurrent4RpsEmbeddedOverServer: ratio(embedded.concurrent4.rps, server.concurrent4.rps),
              }
            : null,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
