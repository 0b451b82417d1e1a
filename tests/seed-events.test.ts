import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { ownerDataSource } from './support/owner-db.js';
import { generateCohortArray } from '../src/modules/cohort/generate-cohort.js';
import { seedCohort, seedEventHistory } from '../src/modules/cohort/seed.service.js';

describe("seeding the cohort's notifications and destinations return", () => {
  let ds: DataSource;
  const truth = join(tmpdir(), `cyswllt-truth-events-${process.pid}.csv`);
  const options = { people: 1500, seed: 'seed-events', asOf: '2026-10-01' };

  beforeAll(async () => {
    ds = await ownerDataSource(2); // fixtures and seeding need the owner, not the app role
  });
  afterAll(async () => {
    await ds.destroy();
    await rm(truth, { force: true });
  });

  it('lands every generated event beside the record it names, closes the old notifications, and writes the history of linked people once', async () => {
    const generated = generateCohortArray(options);
    await seedCohort(ds, options, truth);
    const count = async (sql: string): Promise<number> => ((await ds.query(sql)) as [{ n: number }])[0].n;
    expect(await count(`SELECT count(*)::int AS n FROM dropout_notification WHERE channel = 'SEED'`)).toBe(generated.flatMap((p) => p.notifications).length);
    expect(await count(`SELECT count(*)::int AS n FROM destination_return WHERE channel = 'SEED' AND snapshot_on = '2025-10-31'`)).toBe(
      generated.flatMap((p) => p.destinations).length,
    );
    expect(await count(`SELECT count(*)::int AS n FROM dropout_notification WHERE notified_on - left_on > 14`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM dropout_notification WHERE closed_at IS NULL`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM dropout_notification WHERE closed_at IS NOT NULL`)).toBeGreaterThan(0);
    expect(await count(`SELECT count(*)::int AS n FROM destination_return WHERE non_respondent`)).toBeGreaterThan(0);
    // Every notification is its provider's, about a record of that provider.
    expect(await count(`SELECT count(*)::int AS n FROM dropout_notification n JOIN source_record sr ON sr.id = n.source_record_id WHERE sr.provider_organisation_id <> n.provider_organisation_id`)).toBe(0);

    const history = `SELECT count(*)::int AS n FROM tier_event WHERE kind IN ('DROP_OUT_NOTIFICATION', 'DESTINATION_RETURN')`;
    const events = await count(history);
    expect(events).toBe(
      (await count(`SELECT count(*)::int AS n FROM dropout_notification`)) + (await count(`SELECT count(*)::int AS n FROM destination_return`)),
    );
    await seedEventHistory(ds);
    expect(await count(history)).toBe(events);
  });
});
