import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { ownerDataSource } from './support/owner-db.js';
import { generateCohortArray } from '../src/modules/cohort/generate-cohort.js';
import { seedMoves } from '../src/modules/cohort/seed-moves.js';
import { seedCohort, seedEventHistory } from '../src/modules/cohort/seed.service.js';
import { stalePersonState } from './support/person-state.js';

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

  it('moves some young people between the cohort LAs: transfers open, about half accepted by the receiving EPC, once', async () => {
    const moves = await seedMoves(ds, options.seed);
    expect(moves.moved).toBeGreaterThan(2);
    expect(moves.accepted).toBeGreaterThan(0);
    expect(moves.accepted).toBeLessThan(moves.moved);
    const byState = (await ds.query(
      `SELECT t.status, count(*)::int AS n FROM la_transfer t WHERE t.cause = 'ADDRESS' GROUP BY 1 ORDER BY 1`,
    )) as Array<{ status: string; n: number }>;
    expect(byState.reduce((n, r) => n + r.n, 0)).toBe(moves.moved);
    expect(byState.find((r) => r.status === 'ACCEPTED')?.n).toBe(moves.accepted);
    // Each accepted move has its MOVE event, by the receiving LA, and the young person's home LA is theirs.
    const [wrong] = (await ds.query(
      `SELECT count(*)::int AS n FROM la_transfer t JOIN person_state ps ON ps.person_id = t.person_id
        WHERE t.status = 'ACCEPTED' AND (ps.home_la_code <> t.to_la_code OR NOT EXISTS (
          SELECT 1 FROM tier_event te JOIN organisation o ON o.id = te.source_organisation_id
           WHERE te.kind = 'MOVE' AND te.source_event_id = t.id AND o.la_code = t.to_la_code))`,
    )) as [{ n: number }];
    expect(wrong.n).toBe(0);
    expect(await stalePersonState(ds)).toBe(0);
    expect(await seedMoves(ds, options.seed)).toEqual({ moved: 0, accepted: 0 });
  });
});
