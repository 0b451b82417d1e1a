import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
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
const IN_FLIGHT = 8;

/** The API processes whose parent is `ppid`, as the OS lists them (not tsx's esbuild helper, also a child). */
function childPids(ppid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === ppid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('src/main.ts')) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The local ports of the TCP sockets process `pid` holds (its connections to PostgreSQL among them). */
function localPorts(pid: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && inodes.has(cols[9]!)) ports.add(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

/**
 * The API on two processes (API_PROCESSES=2), as deployed, stopped with real signals. Requests are held in
 * flight as in tests/shutdown.test.ts (the owner locks the principal table every request reads to
 * authenticate); which process serves each is read from the OS: the PostgreSQL sessions waiting on the lock
 * belong to sockets that one API process or the other holds.
 */
describe('API on several processes', () => {
  let owner: DataSource;
  let token: string;
  let personId: string;

  beforeAll(async () => {
    owner = await ownerDataSource();
    ({ personId } = await createPerson(owner, [{ providerCode: DEMO_ORG_CODES.cardiffSchool, payload: { ATTENDANCE: { percent: 88 } } }]));
    const [admin] = (await owner.query(`SELECT id FROM principal WHERE handle = 'admin'`)) as Array<{ id: string }>;
    token = await signToken(TEST_ENV.AUTH_SECRET, { principalId: admin!.id, handle: 'admin' }, '5m');
  });
  afterAll(async () => {
    await owner.destroy();
  });

  const ask = (port: number): Promise<{ status: number; requestId: string | null }> =>
    fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'TRACKING' },
      body: JSON.stringify({ query: PERSON, variables: { id: personId } }),
    }).then(async (res) => {
      await res.arrayBuffer();
      return { status: res.status, requestId: res.headers.get('x-request-id') };
    });

  /** The client ports of the API's PostgreSQL sessions now waiting on a lock. */
  const waitingPorts = async (): Promise<number[]> =>
    ((await owner.query(
      `SELECT client_port FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'cyswllt' AND wait_event_type = 'Lock'`,
    )) as Array<{ client_port: number }>).map((r) => r.client_port);

  const hold = async (): Promise<{ release(): Promise<void> }> => {
    const runner: QueryRunner = owner.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('LOCK TABLE principal IN ACCESS EXCLUSIVE MODE');
    return {
      async release() {
        if (runner.isReleased) return;
        await runner.rollbackTransaction();
        await runner.release();
      },
    };
  };

  it(
    'serves requests on both processes, restarts one that dies, and on SIGTERM answers those in flight with their access-log rows, then exits 0',
    { timeout: 300_000 },
    async () => {
      const port = await freePort();
      const primary: HubProcess = await startHubProcess('src/main.ts', '"msg":"api processes listening"', {
        NODE_ENV: 'development',
        PORT: String(port),
        API_PROCESSES: '2',
      });
      let lock: { release(): Promise<void> } | null = null;
      let workers: number[] = [];
      try {
        // The primary's "listening" comes as each process opens the port, a moment before that process logs "ready".
        const readies = (): number => (primary.output().match(/"msg":"ready"/g) ?? []).length;
        expect(await waitFor(async () => readies() === 2, 60_000)).toBe(true);
        workers = childPids(primary.child.pid!);
        expect(workers).toHaveLength(2);

        // One that dies unexpectedly is replaced (after its back-off), and the primary stays up.
        process.kill(workers[0]!, 'SIGKILL');
        await outputContains(primary, '"msg":"api process exited unexpectedly: restarting it"', 30_000);
        expect(await waitFor(async () => childPids(primary.child.pid!).filter((p) => p !== workers[0]).length === 2, 60_000)).toBe(true);
        await waitFor(async () => readies() >= 3, 120_000);
        expect(readies(), primary.output().slice(-4000)).toBe(3); // the replacement booted, once
        workers = childPids(primary.child.pid!);
        expect(primary.child.exitCode).toBeNull();

        lock = await hold(); // only once every process has booted
        const answers = Array.from({ length: IN_FLIGHT }, () => ask(port));
        expect(await waitFor(async () => (await waitingPorts()).length >= IN_FLIGHT, 60_000)).toBe(true);
        const held = await waitingPorts();
        const servedBy = workers.map((pid) => {
          const ports = localPorts(pid);
          return held.filter((p) => ports.has(p)).length;
        });
        expect(servedBy.every((n) => n > 0)).toBe(true); // both processes hold requests
        expect(servedBy.reduce((a, b) => a + b, 0)).toBe(held.length); // and nothing else does

        primary.child.kill('SIGTERM');
        await outputContains(primary, '"msg":"api processes shutting down"', 30_000);
        expect(await waitFor(async () => (primary.output().match(/"msg":"api shutting down"/g) ?? []).length === 2, 30_000)).toBe(true);
        expect(primary.child.exitCode).toBeNull(); // still finishing what they accepted

        await lock.release();
        const answered = await Promise.all(answers);
        expect(await primary.exited).toEqual({ code: 0, signal: null });
        expect(answered.map((a) => a.status)).toEqual(Array(IN_FLIGHT).fill(200));
        const ids = answered.map((a) => a.requestId!);
        const logged = (await owner.query(
          `SELECT DISTINCT request_id FROM access_event WHERE request_id = ANY($1) AND event = 'person.read' AND person_id = $2`,
          [ids, personId],
        )) as Array<{ request_id: string }>;
        expect(logged.map((r) => r.request_id).sort()).toEqual([...ids].sort());
        expect((primary.output().match(/"msg":"api stopped"/g) ?? []).length).toBe(2);
        expect(primary.output()).toContain('"msg":"api processes stopped"');
        expect(workers.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]); // no process left behind
      } finally {
        await lock?.release();
        await primary.stop();
        for (const pid of workers) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    },
  );
});
