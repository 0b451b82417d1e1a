import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth/tokens.js';
import { runHubCommand, startHubProcess, type HubProcess } from './support/processes.js';
import { TEST_ENV } from './support/test-env.js';
import { freePort } from './support/throwaway.js';
import { waitFor } from './support/worker.js';
import { patient } from './support/patience.js';

const PEOPLE = 'query { youngPeople(first: 1) { totalCount edges { node { id sourceRecords { provider { code } givenName } } } } }';
/** A GraphQL response body, read loosely: each test names the fields it checks. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shapes differ per query and are asserted field by field
type Body = { data?: Record<string, any>; errors?: unknown[] };

const PING = 'mutation { pingWorkers { id status } }';
const JOB = 'query ($id: ID!) { jobRun(id: $id) { status attempts } }';

/**
 * The demo's embedded mode end to end, as `npm run demo -- --embedded` runs it: PGlite served over the wire
 * protocol (src/db/embedded-cli.ts), the real migrations and seed, the real API and worker, and BullMQ on
 * PostgreSQL; REDIS_URL names a port where nothing listens, so nothing here can use Redis. Then everything
 * is stopped and the database started again on the same files.
 */
describe('embedded mode: PGlite over the wire protocol and BullMQ on PostgreSQL, no servers', () => {
  let scratch: string;
  let env: Record<string, string>;
  const started: HubProcess[] = [];

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'cyswllt-embedded-'));
    env = {
      EMBEDDED_DATABASE: 'on',
      QUEUE_BACKEND: 'postgres',
      EMBEDDED_DATA_DIR: join(scratch, 'pgdata'),
      REDIS_URL: 'redis://127.0.0.1:1/0',
      AUDIT_CHECKPOINT_DIR: join(scratch, 'checkpoints'),
      AUDIT_SIGNING_KEY_FILE: join(scratch, 'signing-key.pem'),
      LOG_LEVEL: 'info',
    };
  });
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await rm(scratch, { recursive: true, force: true });
  });

  const start = async (entry: string, ready: string, extra: Record<string, string> = {}): Promise<HubProcess> => {
    const p = await startHubProcess(entry, ready, { ...env, ...extra }, patient(300_000));
    started.push(p);
    return p;
  };
  const stop = async (p: HubProcess): Promise<void> => {
    expect(await p.stop(), p.output()).toEqual({ code: 0, signal: null });
  };

  /** Starts the embedded server; sets DATABASE_URL (the app role's name: any name is the one session) and the owner's URL. */
  const startDatabase = async (): Promise<{ server: HubProcess; ownerUrl: string }> => {
    const server = await start('src/db/embedded-cli.ts', '"embedded PostgreSQL ready"');
    const ownerUrl = /"url":"(postgres:\/\/[^"]+)"/.exec(server.output())![1]!;
    env['MIGRATION_DATABASE_URL'] = ownerUrl;
    env['DATABASE_URL'] = ownerUrl.replace('postgres@', 'cyswllt_app@');
    return { server, ownerUrl };
  };

  const post = async (port: number, token: string, query: string, variables: Record<string, unknown> = {}, purpose?: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, requestId: res.headers.get('x-request-id')!, body: (await res.json()) as Body };
  };

  it('migrates, seeds, answers a query with its access-log row, runs a job through the PostgreSQL queue, and restarts on the same data', { timeout: patient(900_000) }, async () => {
    const first = await startDatabase();
    const migrated = await runHubCommand('src/db/migrate-cli.ts', [], env);
    expect(migrated.code, migrated.output).toBe(0);
    expect(migrated.output).toContain('queue schema ready (BullMQ on PostgreSQL)');
    const seeded = await runHubCommand('src/modules/cohort/seed-cli.ts', ['--people', '40', '--seed', 'embedded-test'], env);
    expect(seeded.code, seeded.output).toBe(0);

    const owner = new pg.Client({ connectionString: first.ownerUrl });
    await owner.connect();
    let token: string;
    let personId: string;
    let firstRequest: string;
    try {
      const [admin] = (await owner.query(`SELECT id FROM principal WHERE handle = 'admin'`)).rows as Array<{ id: string }>;
      token = await signToken(TEST_ENV.AUTH_SECRET, { principalId: admin!.id, handle: 'admin' }, '30m');

      const worker = await start('workers/main.ts', '"worker ready"');
      expect(worker.output()).toContain('"backend":"postgres"');
      const port = await freePort();
      const api = await start('src/main.ts', '"msg":"ready"', { PORT: String(port) });

      const people = await post(port, token, PEOPLE, {}, 'TRACKING');
      expect(people.status).toBe(200);
      expect(people.body.data!['youngPeople'].totalCount).toBeGreaterThanOrEqual(40);
      personId = people.body.data!['youngPeople'].edges[0].node.id as string;
      // Several at once, on the API's pool: one session serves them all (and each connection's statements are its own).
      const together = await Promise.all(Array.from({ length: 4 }, () => post(port, token, PEOPLE, {}, 'TRACKING')));
      expect(together.map((r) => [r.status, r.body.errors])).toEqual(Array(4).fill([200, undefined]));
      firstRequest = people.requestId;
      const logged = (await owner.query(`SELECT event, person_id FROM access_event WHERE request_id = $1`, [firstRequest])).rows;
      expect(logged).toContainEqual({ event: 'person.read', person_id: personId });

      // A job from the API through BullMQ's PostgreSQL backend to the worker and back (no Redis anywhere).
      const ping = await post(port, token, PING);
      expect(ping.body.errors).toBeUndefined();
      const jobId = ping.body.data!['pingWorkers'].id as string;
      const done = await waitFor(async () => (await post(port, token, JOB, { id: jobId })).body.data?.['jobRun']?.status === 'DONE', 120_000, 100);
      expect(done, worker.output()).toBe(true);
      const [queued] = (await owner.query(`SELECT count(*)::int AS n FROM bullmq.job WHERE id = $1`, [jobId])).rows as Array<{ n: number }>;
      expect(queued!.n).toBe(1); // the completed job, kept in the queue's own table

      const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', queue: { backend: 'postgres', ok: true } });

      await stop(api);
      await stop(worker);
    } finally {
      await owner.end();
    }
    await stop(first.server);

    // The same files, a new server: the data, the log and its chain are all there.
    const second = await startDatabase();
    const port = await freePort();
    const api = await start('src/main.ts', '"msg":"ready"', { PORT: String(port) });
    const again = await post(port, token, 'query ($id: ID!) { youngPerson(id: $id) { id } }', { id: personId }, 'TRACKING');
    expect(again.body.data).toEqual({ youngPerson: { id: personId } });
    const verified = await runHubCommand('src/audit/verify-cli.ts', [], { ...env, LOG_LEVEL: 'error' });
    expect(verified.code, verified.output).toBe(0);
    expect(JSON.parse(verified.output)).toMatchObject({ ok: true, firstBadRow: null });
    const owner2 = new pg.Client({ connectionString: second.ownerUrl });
    await owner2.connect();
    try {
      const kept = (await owner2.query(`SELECT count(*)::int AS n FROM access_event WHERE request_id = $1`, [firstRequest])).rows as Array<{ n: number }>;
      expect(kept[0]!.n).toBeGreaterThan(0);
    } finally {
      await owner2.end();
    }
    await stop(api);
    await stop(second.server);
  });
});
