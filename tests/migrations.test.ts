import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations/index.js';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase } from '../src/db/ensure-database.js';
import { TEST_ENV } from './support/test-env.js';

const scratchUrl = `${TEST_ENV.MIGRATION_DATABASE_URL}_migrations`;

const tables = async (ds: DataSource): Promise<string[]> =>
  ((await ds.query(
    `SELECT tablename FROM pg_tables t WHERE schemaname = 'public' AND tablename <> 'migrations'
        AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = format('%I.%I', t.schemaname, t.tablename)::regclass)
      ORDER BY tablename`, // partitions (access_event_YYYY_MM) are not listed
  )) as Array<{ tablename: string }>).map((r) => r.tablename);

describe('migrations', () => {
  let ds: DataSource;

  beforeAll(async () => {
    await ensureDatabase(scratchUrl, { recreate: true });
    ds = await createDataSource(scratchUrl, 2).initialize();
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('run up from empty, down one at a time to empty, and up again', async () => {
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    const created = await tables(ds);
    expect(created).toEqual(expect.arrayContaining(['access_chain_head', 'access_event', 'audit_checkpoint', 'import_batch', 'job_run', 'local_authority', 'match_candidate', 'match_queue', 'organisation', 'principal', 'source_record', 'young_person']));

    for (let remaining = MIGRATIONS.length; remaining > 0; remaining--) {
      await ds.undoLastMigration({ transaction: 'each' });
      const [{ count }] = (await ds.query('SELECT count(*)::int AS count FROM migrations')) as [{ count: number }];
      expect(count).toBe(remaining - 1);
    }
    expect(await tables(ds)).toEqual([]);

    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.showMigrations()).toBe(false);
    expect(await tables(ds)).toEqual(created);
  });

  it('enforce the model in the database, not only in code', async () => {
    await expect(
      ds.query(`INSERT INTO organisation (code, name, kind) VALUES ('x', 'X', 'PIZZERIA')`),
    ).rejects.toThrow(/check constraint/);
    await ds.query(`INSERT INTO organisation (code, name, kind) VALUES ('school.x', 'X', 'SCHOOL')`);
    await expect(
      ds.query(
        `INSERT INTO principal (handle, display_name, kind, organisation_id, roles)
         SELECT 'p', 'P', 'USER', id, ARRAY['SUPERUSER'] FROM organisation WHERE code = 'school.x'`,
      ),
    ).rejects.toThrow(/check constraint/);
    await ds.query(
      `INSERT INTO source_record (provider_organisation_id, partner_reference) SELECT id, 'R1' FROM organisation WHERE code = 'school.x'`,
    );
    await expect(
      ds.query(
        `INSERT INTO source_record (provider_organisation_id, partner_reference) SELECT id, 'R1' FROM organisation WHERE code = 'school.x'`,
      ),
    ).rejects.toThrow(/source_record_partner_reference_key/);
  });
});
