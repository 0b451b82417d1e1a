import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCohort } from '../src/modules/cohort/seed.service.js';
import { startTestApi, type TestApi } from './support/harness.js';
import { resetMatching } from './support/matching.js';
import { ownerDataSource } from './support/owner-db.js';
import { startWorkerProcess, waitFor } from './support/worker.js';

/** Records grouped by person, as a canonical list of sorted id lists. */
async function partition(t: TestApi): Promise<string[]> {
  const found = (await t.infra.ds.query(
    `SELECT string_agg(id::text, ',' ORDER BY id) AS ids FROM source_record GROUP BY person_id ORDER BY 1`,
  )) as Array<{ ids: string }>;
  return found.map((r) => r.ids);
}

describe('matching survives a killed worker and an emptied Redis', () => {
  let t: TestApi;
  let owner: DataSource; // the seed and the reset truncate, which the application role may not
  const truth = join(tmpdir(), `cyswllt-faults-${process.pid}.csv`);

  beforeAll(async () => {
    t = await startTestApi();
    owner = await ownerDataSource(1);
    await resetMatching();
    await seedCohort(owner, { people: 1200, seed: 'faults', asOf: '2026-10-01' }, truth, 'none');
  });
  afterAll(async () => {
    await owner.destroy();
    await t.close();
    await rm(truth, { force: true });
  });

  it('SIGKILL mid-batch, FLUSHDB, restart: every record ends up matched exactly once, with no duplicate links', async () => {
    const count = async (sql: string): Promise<number> => ((await t.infra.ds.query(sql)) as [{ n: number }])[0].n;
    const records = await count('SELECT count(*)::int AS n FROM source_record');
    expect(records).toBeGreaterThan(1500);
    const runId = await t.infra.services.matching.enqueueBacklog(null);

    // Small chunks (never one bulk pass), so the batch is many transactions long and the kill lands in the middle of it.
    const env = { MATCH_CHUNK_SIZE: '60', MATCH_BULK_THRESHOLD: '1000000' };
    const first = await startWorkerProcess(env);
    const midway = await waitFor(async () => {
      const [{ queued, linked }] = (await t.infra.ds.query(
        `SELECT (SELECT count(*)::int FROM match_queue) AS queued, (SELECT count(*)::int FROM source_record WHERE person_id IS NOT NULL) AS linked`,
      )) as [{ queued: number; linked: number }];
      return linked > 0 && queued > records / 3;
    }, 60_000, 20);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(midway).toBe(true);
    const leftAfterKill = await count('SELECT count(*)::int AS n FROM match_queue');
    expect(leftAfterKill).toBeGreaterThan(0);
    expect(leftAfterKill).toBeLessThan(records);

    await t.infra.redis.flushdb(); // Redis restarts empty (the test database only)
    expect(await t.infra.queues.get('matching').getJob(runId)).toBeUndefined();

    const second = await startWorkerProcess(env); // reconciles on boot
    try {
      const done = await waitFor(async () => (await t.infra.services.jobRuns.find(runId))!.status === 'DONE', 120_000, 100);
      expect(done, second.output()).toBe(true);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
    expect((await t.infra.services.jobRuns.find(runId))!.attempts).toBe(2);

    // Every record matched, at its current version, exactly once.
    expect(await count('SELECT count(*)::int AS n FROM match_queue')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM source_record WHERE person_id IS NULL')).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM source_record sr JOIN match_record mr ON mr.source_record_id = sr.id AND mr.version = sr.version`)).toBe(records);
    // No duplicate links, every automatic link inside one person, no empty people.
    expect(await count(`SELECT count(*)::int AS n FROM (SELECT 1 FROM match_candidate GROUP BY least(record_a_id, record_b_id), greatest(record_a_id, record_b_id) HAVING count(*) > 1) d`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM match_candidate mc JOIN source_record a ON a.id = mc.record_a_id JOIN source_record b ON b.id = mc.record_b_id
                         WHERE mc.status = 'LINKED' AND a.person_id <> b.person_id`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM young_person yp WHERE NOT EXISTS (SELECT 1 FROM source_record sr WHERE sr.person_id = yp.id)`)).toBe(0);

    // And the people are exactly those of an uninterrupted run with the same model.
    const interrupted = await partition(t);
    await owner.query('TRUNCATE match_candidate, match_queue, match_record, person_lineage CASCADE');
    await t.infra.ds.query('UPDATE source_record SET person_id = NULL');
    await t.infra.ds.query('DELETE FROM young_person');
    await t.infra.services.matching.processBacklog();
    expect(await partition(t)).toEqual(interrupted);
  });
});
