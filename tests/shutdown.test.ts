import { connect } from 'node:net';
import type { DataSource, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth/tokens.js';
import { DEMO_ORG_CODES } from '../src/modules/organisations/organisations.data.js';
import { createPerson } from './support/factories.js';
import { ownerDataSource } from './support/owner-db.js';
import { outputContains, startHubProcess, type HubProcess } from './support/processes.js';
import { TEST_ENV } from './support/test-env.js';
import { freePort } from './support/throwaway.js';
import { waitFor } from './support/worker.js';

const PERSON = 'query ($id: ID!) { youngPerson(id: $id) { id sourceRecords { givenName attendance } } }';
const IN_FLIGHT = 6;

/** Whether anything accepts a TCP connection on the port now. */
const accepting = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * The API as deployed (NODE_ENV development, so Apollo's own signal handling would be live if it were on),
 * stopped with real signals. Requests are held in flight deterministically: the owner locks the principal
 * table, which every request reads to authenticate, so each request waits in PostgreSQL until it is released.
 */
describe('API shutdown on SIGTERM and SIGINT', () => {
  let owner: DataSource;
  let token: string;
  let personId: string;

  beforeAll(async () => {
    owner = await ownerDataSource();
    ({ personId } = await createPerson(owner, [{ providerCode: DEMO_ORG_CODES.cardiffSchool, payload: { ATTENDANCE: { percent: 91 } } }]));
    const [admin] = (await owner.query(`SELECT id FROM principal WHERE handle = 'admin'`)) as Array<{ id: string }>;
    token = await signToken(TEST_ENV.AUTH_SECRET, { principalId: admin!.id, handle: 'admin' }, '5m');
  });
  afterAll(async () => {
    await owner.destroy();
  });

  const startApi = async (env: Record<string, string> = {}): Promise<{ api: HubProcess; port: number }> => {
    const port = await freePort();
    const api = await startHubProcess('src/main.ts', '"msg":"ready"', { NODE_ENV: 'development', PORT: String(port), ...env });
    return { api, port };
  };

  const ask = (port: number): Promise<{ status: number; requestId: string | null; body: unknown }> =>
    fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'TRACKING' },
      body: JSON.stringify({ query: PERSON, variables: { id: personId } }),
    }).then(async (res) => ({ status: res.status, requestId: res.headers.get('x-request-id'), body: await res.json() }));

  /** Holds every request at authentication until `release()`; resolves once `n` of the API's queries wait on it. */
  const holdRequests = async (): Promise<{ waiting(n: number): Promise<boolean>; release(): Promise<void> }> => {
    const runner: QueryRunner = owner.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('LOCK TABLE principal IN ACCESS EXCLUSIVE MODE');
    return {
      waiting: (n) =>
        waitFor(async () => {
          const [row] = (await owner.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND application_name = 'cyswllt' AND wait_event_type = 'Lock'`,
          )) as Array<{ n: number }>;
          return row!.n >= n;
        }, 60_000),
      async release() {
        if (runner.isReleased) return;
        await runner.rollbackTransaction();
        await runner.release();
      },
    };
  };

  it('stops accepting, answers the requests in flight with their access-log rows, then exits 0 within the timeout', { timeout: 180_000 }, async () => {
    const { api, port } = await startApi();
    const hold = await holdRequests();
    try {
      const answers = Array.from({ length: IN_FLIGHT }, () => ask(port));
      expect(await hold.waiting(IN_FLIGHT)).toBe(true);

      const signalled = Date.now();
      api.child.kill('SIGTERM');
      await outputContains(api, '"msg":"api shutting down"', 30_000);
      expect(await waitFor(async () => !(await accepting(port)), 30_000)).toBe(true); // new connections refused
      expect(api.child.exitCode).toBeNull(); // still finishing what it accepted

      await hold.release();
      const answered = await Promise.all(answers);
      const exit = await api.exited;
      const tookMs = Date.now() - signalled;

      expect(exit).toEqual({ code: 0, signal: null });
      expect(tookMs).toBeLessThan(10_000); // SHUTDOWN_TIMEOUT_MS default
      expect(answered.map((a) => a.status)).toEqual(Array(IN_FLIGHT).fill(200));
      const ids = answered.map((a) => a.requestId!);
      const logged = (await owner.query(
        `SELECT request_id, count(*)::int AS n FROM access_event WHERE request_id = ANY($1) AND event = 'person.read' AND person_id = $2 GROUP BY request_id`,
        [ids, personId],
      )) as Array<{ request_id: string; n: number }>;
      expect(logged.map((r) => r.request_id).sort()).toEqual([...ids].sort());
      expect(api.output()).toContain('"msg":"api stopped"');
    } finally {
      await hold.release();
      await api.stop();
    }
  });

  it('exits at once on a second signal, and with status 1 when it had to cut a request short at the deadline', { timeout: 180_000 }, async () => {
    const first = await startApi();
    const second = await startApi({ SHUTDOWN_TIMEOUT_MS: '1500' });
    const hold = await holdRequests();
    try {
      const pending = [ask(first.port).catch(() => null), ask(second.port).catch(() => null)];
      expect(await hold.waiting(2)).toBe(true);

      first.api.child.kill('SIGINT');
      second.api.child.kill('SIGTERM');
      await outputContains(first.api, '"msg":"api shutting down"', 30_000);
      first.api.child.kill('SIGINT');
      expect(await first.api.exited).toEqual({ code: 130, signal: null }); // 128 + SIGINT, with a request still held
      expect(first.api.output()).toContain('second signal: exiting at once');

      const signalled = Date.now();
      expect(await second.api.exited).toEqual({ code: 1, signal: null });
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(second.api.output()).toMatch(/"msg":"api stopped with work cut short","unfinished":1/);
      await Promise.all(pending);
    } finally {
      await hold.release();
      await Promise.all([first.api.stop(), second.api.stop()]);
    }
  });
});
