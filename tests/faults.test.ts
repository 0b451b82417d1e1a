import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDataSource } from '../src/db/data-source.js';
import { DATABASE_UNAVAILABLE } from '../src/graphql/errors.js';
import { seedReferenceData } from '../src/modules/cohort/seed-reference.js';
import { makeUpn } from '../src/modules/identifiers/upn.js';
import { registered } from './support/registered.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { findServerBinaries, ThrowawayPostgres, ThrowawayRedis, type ServerBinaries } from './support/throwaway.js';
import { startWorkerProcess, waitFor } from './support/worker.js';

// These tests stop PostgreSQL and kill Redis, so they run on servers of their own, never the shared ones.
const binaries = findServerBinaries();
const skipBecause = 'missing' in binaries ? binaries.missing : null;

const SUBMIT = registered('SubmitRecords');
const IMPORT = registered('Import');

interface LogLine {
  level: string;
  msg: string;
  dependency?: string;
  reason?: string;
}

/** The dependency-state lines of a log, in order, as `msg` for one dependency. */
const stateChanges = (lines: readonly LogLine[], dependency: string): string[] => lines.filter((l) => l.dependency === dependency).map((l) => l.msg);

/** GET /healthz with the time it took. */
async function health(url: string): Promise<{ status: number; ms: number; body: Record<string, unknown> }> {
  const started = performance.now();
  const res = await fetch(`${url}/healthz`);
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, ms: performance.now() - started, body };
}

describe.skipIf(skipBecause !== null)(
  skipBecause ? `degrade, don't hang: SKIPPED, ${skipBecause}` : "degrade, don't hang: Redis and PostgreSQL outages on servers of the test's own",
  () => {
    let redis: ThrowawayRedis;
    let postgres: ThrowawayPostgres;
    let scratch: string;
    let env: Record<string, string>;
    let t: TestApi;
    const apiLog: LogLine[] = [];

    beforeAll(async () => {
      const { redisServer, pgBin } = binaries as ServerBinaries;
      [redis, postgres] = await Promise.all([ThrowawayRedis.start(redisServer), ThrowawayPostgres.create(pgBin)]);
      const ds = await createDataSource(postgres.url, 2).initialize();
      try {
        await ds.runMigrations({ transaction: 'each' });
        await seedReferenceData(ds);
      } finally {
        await ds.destroy();
      }
      scratch = await mkdtemp(join(tmpdir(), 'cyswllt-faults-'));
      env = {
        DATABASE_URL: postgres.url,
        REDIS_URL: redis.url,
        QUEUE_PREFIX: 'cyswllt-faults',
        LOG_LEVEL: 'info',
        AUDIT_CHECKPOINT_DIR: join(scratch, 'checkpoints'),
        AUDIT_SIGNING_KEY_FILE: join(scratch, 'signing-key.pem'),
      };
      t = await startTestApi(env, { logSink: (line) => apiLog.push(JSON.parse(line) as LogLine) });
    }, 120_000);

    afterAll(async () => {
      await t?.close();
      await redis?.kill();
      await postgres?.destroy();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }, 60_000);

    it('with Redis killed: submitRecords answers at once with its records in PostgreSQL, reads are served, /healthz says degraded; the records are matched once Redis is back', async () => {
      const worker = await startWorkerProcess(env);
      const consoleError = vi.spyOn(console, 'error');
      try {
        const school = await tokenFor(t.infra, 'school.cardiff');
        expect((await health(t.url)).body).toMatchObject({ status: 'ok', postgres: 'ok', redis: 'ok' });

        let reconnections = 0;
        const countReconnection = (): void => void reconnections++;
        t.infra.redis.on('reconnecting', countReconnection);
        await redis.kill();
        expect(await waitFor(async () => !t.infra.queues.connected, 10_000, 20)).toBe(true);

        const records = [
          { partnerReference: 'FLT-1', givenName: 'Siân', familyName: 'Ap-Rhys', dateOfBirth: '2010-03-04', sex: 'F', postcode: 'CF10 1AA', upn: makeUpn(681, 4123, 21, 7) },
          { partnerReference: 'FLT-2', givenName: 'Osian', familyName: 'Lloyd', dateOfBirth: '2009-11-12', sex: 'M', postcode: 'CF14 3UZ' },
        ];
        const started = performance.now();
        const submitted = await gql<{ submitRecords: { id: string; status: string; createdRows: number; queuedForMatching: number; matchedRecords: number } }>(
          t.url,
          SUBMIT,
          { token: school, variables: { input: { records } } },
        );
        expect(performance.now() - started).toBeLessThan(5_000);
        expect(submitted.status).toBe(200);
        expect(submitted.body.errors).toBeUndefined();
        const imported = submitted.body.data!.submitRecords;
        expect(imported).toMatchObject({ status: 'MATCHING', createdRows: 2, queuedForMatching: 2, matchedRecords: 0 });
        // The response says the work is queued (in PostgreSQL) rather than handed to the workers.
        const queue = submitted.body.extensions?.['queue'] as { status: string; jobRunIds: string[] };
        expect(queue.status).toBe('DEFERRED');
        expect(queue.jobRunIds).toHaveLength(1);

        // The records and the job run are in PostgreSQL.
        const landed = (await t.infra.ds.query(`SELECT partner_reference AS ref, person_id FROM source_record WHERE partner_reference LIKE 'FLT-%' ORDER BY 1`)) as Array<{
          ref: string;
          person_id: string | null;
        }>;
        expect(landed).toEqual([{ ref: 'FLT-1', person_id: null }, { ref: 'FLT-2', person_id: null }]);
        expect((await t.infra.services.jobRuns.find(queue.jobRunIds[0]!))?.status).toBe('QUEUED');

        // Reads are served.
        const read = await gql<{ import: { status: string } }>(t.url, IMPORT, { token: school, variables: { id: imported.id } });
        expect(read.status).toBe(200);
        expect(read.body.data!.import.status).toBe('MATCHING');

        // /healthz answers at once: degraded, but in service (200) since PostgreSQL answers.
        const degraded = await health(t.url);
        expect(degraded.ms).toBeLessThan(1_000);
        expect(degraded.status).toBe(200);
        expect(degraded.body).toMatchObject({ status: 'degraded', postgres: 'ok', redis: 'unavailable' });

        // Several failed reconnection attempts (each an ioredis 'error'), then Redis comes back empty; the
        // worker re-pushes the unfinished run and the records are matched.
        expect(await waitFor(async () => reconnections >= 5, 10_000, 20)).toBe(true);
        t.infra.redis.off('reconnecting', countReconnection);
        await redis.start();
        const matched = await waitFor(async () => {
          const res = await gql<{ import: { status: string } }>(t.url, IMPORT, { token: school, variables: { id: imported.id } });
          return res.body.data?.import.status === 'DONE';
        }, 60_000, 100);
        expect(matched, worker.output()).toBe(true);
        const linked = (await t.infra.ds.query(`SELECT count(*)::int AS n FROM source_record WHERE partner_reference LIKE 'FLT-%' AND person_id IS NOT NULL`)) as [{ n: number }];
        expect(linked[0].n).toBe(2);
        expect((await t.infra.services.jobRuns.find(queue.jobRunIds[0]!))?.status).toBe('DONE');
        expect(await waitFor(async () => (await health(t.url)).body['status'] === 'ok', 10_000, 50)).toBe(true);
      } finally {
        worker.child.kill('SIGTERM');
        await new Promise((resolve) => worker.child.once('exit', resolve));
        consoleError.mockRestore();
      }

      // One line per state change, in the API and in the worker, and no raw stack traces anywhere.
      expect(stateChanges(apiLog, 'redis')).toEqual(['dependency unavailable', 'dependency available']);
      expect(consoleError).not.toHaveBeenCalled();
      // BullMQ prints one plain warning each time the audit schedules are set (at boot, and again when Redis
      // returns, since it may return empty): known, once per state change, and not ours to reword.
      const workerLines = worker.output().split('\n').filter((l) => l.trim() !== '' && !l.startsWith('Using option immediately with every'));
      const workerLog = workerLines.map((l) => {
        expect(() => JSON.parse(l), `not a JSON line: ${l}`).not.toThrow();
        return JSON.parse(l) as LogLine;
      });
      expect(stateChanges(workerLog, 'redis')).toEqual(['dependency unavailable', 'dependency available']);
    }, 120_000);

    it('with PostgreSQL stopped: a query in flight and a new one get 503 DATABASE_UNAVAILABLE, /healthz answers 503 at once; service resumes when it is back', async () => {
      const school = await tokenFor(t.infra, 'school.cardiff');
      const [imp] = (await t.infra.ds.query(`SELECT id FROM import_batch ORDER BY created_at LIMIT 1`)) as [{ id: string }];

      // A request past authentication, held on a lock inside its resolver when the server stops.
      const holder = new pg.Client({ connectionString: postgres.url });
      holder.on('error', () => undefined); // the server is about to end this session
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE import_batch IN ACCESS EXCLUSIVE MODE');
      let answeredEarly: unknown = null;
      const inFlight = gql(t.url, IMPORT, { token: school, variables: { id: imp.id } });
      void inFlight.then((res) => (answeredEarly = res), (err: unknown) => (answeredEarly = err));
      // On a busy machine a cold server can take many seconds to reach the lock: wait for it, or for an early answer.
      const blocked = await waitFor(async () => {
        if (answeredEarly !== null) return false;
        const [r] = (await holder.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%import_batch%' AND pid <> pg_backend_pid()`,
        )).rows as [{ n: number }];
        return r.n > 0;
      }, 90_000, 20);
      expect(blocked, `the request was answered before it reached the lock: ${JSON.stringify(answeredEarly)}`).toBe(true);

      await postgres.stop();
      await holder.end().catch(() => undefined);
      const held = await inFlight;
      expect(held.status).toBe(503);
      expect(held.body.errors?.map((e) => e.extensions?.['code'])).toEqual([DATABASE_UNAVAILABLE.code]);
      expect(held.body.errors?.[0]?.message).toBe(DATABASE_UNAVAILABLE.message);

      // A new request fails in authentication, which needs the database: 503 too, never 500.
      const started = performance.now();
      const refused = await gql(t.url, registered('Me'), { token: school });
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(refused.status).toBe(503);
      expect(refused.body.errors?.map((e) => e.extensions?.['code'])).toEqual([DATABASE_UNAVAILABLE.code]);

      const down = await health(t.url);
      expect(down.ms).toBeLessThan(5_000); // well inside the 10 s connect timeout: it reads the known state, it does not wait on the server
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'degraded', postgres: 'unavailable', redis: 'ok' });

      await postgres.start();
      const back = await waitFor(async () => (await gql(t.url, registered('Me'), { token: school })).status === 200, 30_000, 100);
      expect(back).toBe(true);
      expect((await health(t.url)).status).toBe(200);
      expect(stateChanges(apiLog, 'postgres')).toEqual(['dependency unavailable', 'dependency available']);
      expect(apiLog.filter((l) => l.msg === 'unexpected error in a GraphQL operation')).toEqual([]);
    }, 240_000);
  },
);
