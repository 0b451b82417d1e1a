// A batch linked in bulk against a population already matched reads only the records sharing a blocking key with
// it (found from their stored keys), not the whole population. The pairs it scores must be exactly those that
// blocking the whole population in memory gives: the same records, the same pairs, the same blocks too large.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCohort } from '../src/modules/cohort/seed.service.js';
import { candidatesOf, storedPopulation, wholePopulation, type Gathered } from '../src/modules/matching/bulk-linker.js';
import type { StandardRecord } from '../src/modules/matching/engine/standardise.js';
import { startTestApi, type TestApi } from './support/harness.js';
import { resetMatching } from './support/matching.js';
import { ownerDataSource } from './support/owner-db.js';

/** The candidate pairs by record id ("a|b", a < b): comparable across the two ways of gathering. */
function idPairs(g: Gathered, pendingIds: readonly string[]): Set<string> {
  const ids = [...g.existing.map((e) => e.id), ...pendingIds];
  return new Set(g.pairList.map(([x, y]) => [ids[x]!, ids[y]!].sort().join('|')));
}

describe('a batch matched against a stored population', () => {
  let t: TestApi;
  let owner: DataSource;
  const truth = join(tmpdir(), `cyswllt-batch-candidates-${process.pid}.csv`);

  beforeAll(async () => {
    t = await startTestApi();
    owner = await ownerDataSource(1);
    await resetMatching();
    await seedCohort(owner, { people: 600, seed: 'batch-candidates', asOf: '2026-10-01' }, truth, 'none');
    await t.infra.services.matching.processBacklog();
  }, 120_000);
  afterAll(async () => {
    await owner.destroy();
    await t.close();
    await rm(truth, { force: true });
  });

  it('scores the same pairs from the stored keys as from the whole population in memory', async () => {
    const stored = await storedPopulation(t.infra.ds.manager);
    expect(stored.length).toBeGreaterThan(900);
    // Every third record plays the batch; the rest are the population it is matched against.
    const batch = stored.filter((_, i) => i % 3 === 0);
    const population = stored.filter((_, i) => i % 3 !== 0);
    const features = new Map(
      ((await t.infra.ds.query('SELECT source_record_id AS id, features FROM match_record WHERE source_record_id = ANY($1)', [batch.map((b) => b.id)])) as Array<{
        id: string;
        features: StandardRecord;
      }>).map((r) => [r.id, r.features]),
    );
    const pending = batch.map((b) => features.get(b.id)!);
    const config = t.infra.services.matching.config;
    // A block limit small enough that some blocks of the cohort go over it (they are skipped either way).
    const small = { ...config, maxBlock: 6 };
    for (const c of [config, small]) {
      const whole = await wholePopulation(t.infra.ds.manager, population, pending, c);
      const read = await candidatesOf(t.infra.ds.manager, population, pending, c);
      const expected = idPairs(whole, batch.map((b) => b.id));
      expect(expected.size).toBeGreaterThan(300);
      expect(idPairs(read, batch.map((b) => b.id))).toEqual(expected);
      // Only the records it pairs with were read, in the population's stable order.
      expect(read.existing.length).toBeLessThan(population.length);
      const order = new Map(population.map((p, i) => [p.id, i]));
      const positions = read.existing.map((e) => order.get(e.id)!);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
    }
  }, 120_000);
});
