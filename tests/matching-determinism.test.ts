import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCohort } from '../src/modules/cohort/seed.service.js';
import { MatchingService } from '../src/modules/matching/matching.service.js';
import { startTestApi, type TestApi } from './support/harness.js';
import { resetMatching } from './support/matching.js';
import { ownerDataSource } from './support/owner-db.js';

/** What matching decided, named by partner and reference (the ids of records and people differ from run to run). */
interface Outcome {
  people: string[];
  links: string[];
  review: string[];
}

async function outcome(ds: DataSource): Promise<Outcome> {
  const key = `o.code || '|' || sr.partner_reference`;
  const people = (await ds.query(
    `SELECT string_agg(${key}, ',' ORDER BY ${key}) AS refs FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
      GROUP BY sr.person_id ORDER BY 1`,
  )) as Array<{ refs: string }>;
  const pairs = async (status: string): Promise<string[]> =>
    ((await ds.query(
      `SELECT least(oa.code || '|' || a.partner_reference, ob.code || '|' || b.partner_reference) || ' ~ ' ||
              greatest(oa.code || '|' || a.partner_reference, ob.code || '|' || b.partner_reference) || ' ' || coalesce(mc.conflict, '') AS pair
         FROM match_candidate mc
         JOIN source_record a ON a.id = mc.record_a_id JOIN organisation oa ON oa.id = a.provider_organisation_id
         JOIN source_record b ON b.id = mc.record_b_id JOIN organisation ob ON ob.id = b.provider_organisation_id
        WHERE mc.status = $1 ORDER BY 1`,
      [status],
    )) as Array<{ pair: string }>).map((r) => r.pair);
  return { people: people.map((p) => p.refs), links: await pairs('LINKED'), review: await pairs('REVIEW') };
}

describe('matching is deterministic', () => {
  let t: TestApi;
  let owner: DataSource; // the seed truncates, which the application role may not
  const truth = join(tmpdir(), `cyswllt-determinism-${process.pid}.csv`);

  beforeAll(async () => {
    t = await startTestApi();
    owner = await ownerDataSource(1);
  });
  afterAll(async () => {
    await owner.destroy();
    await t.close();
    await rm(truth, { force: true });
  });

  /** Seeds the same cohort afresh (new record ids every time) and matches it with `matching`. */
  const run = async (matching: MatchingService): Promise<Outcome> => {
    await resetMatching();
    await seedCohort(owner, { people: 900, seed: 'determinism', asOf: '2026-10-01' }, truth, 'none');
    await matching.processBacklog();
    return outcome(t.infra.ds);
  };

  it('gives the same people, links and review queue for the same records, run after run: in one batch, and chunk by chunk', async () => {
    const bulk = t.infra.services.matching;
    const first = await run(bulk);
    expect(first.people.length).toBeGreaterThan(500);
    expect(first.links.length).toBeGreaterThan(100);
    expect(first.review.length).toBeGreaterThan(0);
    const second = await run(bulk);
    expect(second).toEqual(first);

    // Chunk by chunk (small chunks, never the one in-memory pass): the same again, run after run.
    const chunked = new MatchingService(t.infra.ds, t.infra.services.jobRuns, { ...bulk.config, bulkThreshold: 1_000_000, chunkSize: 150 });
    const third = await run(chunked);
    const fourth = await run(chunked);
    expect(fourth).toEqual(third);
  }, 240_000); // four seeds and four matching runs, on a shared machine
});
