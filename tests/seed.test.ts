import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config.js';
import { createDataSource } from '../src/db/data-source.js';
import { seedReferenceData } from '../src/modules/cohort/seed-reference.js';
import { seedCohort } from '../src/modules/cohort/seed.service.js';
import { SEED_PRINCIPALS } from '../src/modules/principals/principals.data.js';
import { stalePersonState } from './support/person-state.js';

describe('seeding', () => {
  let ds: DataSource;
  const truth = join(tmpdir(), `cyswllt-truth-${process.pid}.csv`);

  beforeAll(async () => {
    ds = await createDataSource(loadConfig().migrationDatabaseUrl, 2).initialize(); // the seed truncates: as the owner, as `npm run seed` does
  });
  afterAll(async () => {
    await ds.destroy();
    await rm(truth, { force: true });
  });

  it('creates the 22 LAs and every named principal, and can run again', async () => {
    await seedReferenceData(ds);
    await seedReferenceData(ds);
    const [{ las }] = (await ds.query(`SELECT count(*)::int AS las FROM organisation WHERE kind = 'LOCAL_AUTHORITY' AND code LIKE 'la.%'`)) as [{ las: number }];
    expect(las).toBe(22);
    const handles = ((await ds.query('SELECT handle FROM principal')) as Array<{ handle: string }>).map((r) => r.handle);
    for (const handle of ['admin', 'epc.cardiff', 'epc.gwynedd', 'ig.cardiff', 'cw.adviser.cardiff', 'college.cardiff',
      'school.cardiff', 'voluntary.cardiff', 'leadworker.cardiff', 'wg.analyst']) {
      expect(handles).toContain(handle);
    }
    expect(handles).toHaveLength(new Set(SEED_PRINCIPALS.map((p) => p.handle)).size);
  });

  it('loads a generated cohort, writes the truth only to its file, and gives the same data for the same seed', async () => {
    const snapshot = async (): Promise<string[]> =>
      ((await ds.query(
        `SELECT o.code || '|' || sr.partner_reference || '|' || coalesce(sr.family_name, '') || '|' || coalesce(sr.date_of_birth::text, '') AS k
           FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id ORDER BY 1`,
      )) as Array<{ k: string }>).map((r) => r.k);

    const first = await seedCohort(ds, { people: 300, seed: 'seed-test', asOf: '2026-10-01' }, truth);
    expect(first.people).toBe(300);
    expect(first.sourceRecords).toBeGreaterThan(300);
    const rows = (await readFile(truth, 'utf8')).trim().split('\n');
    expect(rows[0]).toBe('partner,partner_reference,person_id');
    expect(rows).toHaveLength(first.sourceRecords + 1);
    const before = await snapshot();

    // Every record belongs to exactly one young person; strong identifiers linked some records.
    const [{ unlinked }] = (await ds.query('SELECT count(*)::int AS unlinked FROM source_record WHERE person_id IS NULL')) as [{ unlinked: number }];
    expect(unlinked).toBe(0);
    expect(first.linkedPeople).toBeLessThan(first.sourceRecords);
    // The facts the sharing rules read were kept up to date by the triggers while the seed linked records.
    expect(await stalePersonState(ds)).toBe(0);
    const [{ withTier }] = (await ds.query('SELECT count(*)::int AS "withTier" FROM person_state WHERE current_tier IS NOT NULL')) as [{ withTier: number }];
    expect(withTier).toBeGreaterThan(0);

    // No table holds the truth ids.
    const truthId = rows[1]!.split(',').at(-1)!;
    const [{ hits }] = (await ds.query(
      `SELECT count(*)::int AS hits FROM source_record WHERE to_jsonb(source_record)::text LIKE '%' || $1 || '%'`,
      [truthId],
    )) as [{ hits: number }];
    expect(hits).toBe(0);

    await seedCohort(ds, { people: 300, seed: 'seed-test', asOf: '2026-10-01' }, truth);
    expect(await snapshot()).toEqual(before);
    await seedCohort(ds, { people: 300, seed: 'other-seed', asOf: '2026-10-01' }, truth);
    expect(await snapshot()).not.toEqual(before);
  });
});
