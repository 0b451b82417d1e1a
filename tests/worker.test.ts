import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { startWorkerProcess } from './support/worker.js';

/** Starts the real worker process and resolves once it logs that it is ready. */
const startWorker = (): ReturnType<typeof startWorkerProcess> => startWorkerProcess();

const JOB = 'query ($id: ID!) { jobRun(id: $id) { id status attempts finishedAt } }';

describe('worker round trip', () => {
  let t: TestApi;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApi();
    admin = await tokenFor(t.infra, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  it('takes a job from the API through Redis to the worker and back to PostgreSQL, then stops cleanly on SIGTERM', async () => {
    const worker = await startWorker();
    try {
      const health = (await (await fetch(`${t.url}/healthz`)).json()) as { queue: { workers: number } };
      expect(health).toMatchObject({ status: 'ok', database: { ok: true }, queue: { ok: true } });
      expect(health.queue.workers).toBeGreaterThanOrEqual(1);

      const sent = await gql<{ pingWorkers: { id: string; status: string } }>(t.url, 'mutation { pingWorkers { id status } }', { token: admin });
      expect(sent.body.errors).toBeUndefined();
      const id = sent.body.data!.pingWorkers.id;
      const job = await t.infra.queues.get('system').getJob(id);
      expect(job?.data).toEqual({ jobRunId: id }); // ids only in the payload

      let status = 'QUEUED';
      for (let i = 0; i < 100 && status !== 'DONE'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const res = await gql<{ jobRun: { status: string; attempts: number } }>(t.url, JOB, { token: admin, variables: { id } });
        status = res.body.data!.jobRun.status;
      }
      expect(status).toBe('DONE');
    } finally {
      worker.child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => worker.child.once('exit', resolve));
    expect(code).toBe(0);
    expect(worker.output()).toContain('"worker stopped"');
  });

  it('re-enqueues unfinished work after Redis loses it, and does not run finished work twice', async () => {
    const run = await t.infra.services.jobRuns.enqueue('system', 'system.ping', null);
    await t.infra.redis.flushdb(); // Redis loses everything (test database only)
    expect(await t.infra.queues.get('system').getJob(run.id)).toBeUndefined();

    const worker = await startWorker(); // reconciles on boot
    try {
      let status = 'QUEUED';
      for (let i = 0; i < 100 && status !== 'DONE'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await t.infra.services.jobRuns.find(run.id))!.status;
      }
      expect(status).toBe('DONE');
      expect((await t.infra.services.jobRuns.find(run.id))!.attempts).toBe(1);
      expect(await t.infra.services.jobRuns.reconcile()).toBe(0);
    } finally {
      worker.child.kill('SIGTERM');
      await new Promise((resolve) => worker.child.once('exit', resolve));
    }
  });

  it('refuses pingWorkers to non-admins', async () => {
    const res = await gql(t.url, 'mutation { pingWorkers { id } }', { token: await tokenFor(t.infra, 'epc.cardiff') });
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});
