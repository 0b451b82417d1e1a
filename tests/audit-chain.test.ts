import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalSql } from '../src/audit/canonical.js';
import { verifyAccessLog, type VerificationReport } from '../src/audit/chain-verifier.js';
import { writeCheckpoint } from '../src/audit/checkpoints.js';
import { keyIdOf, type SigningKey } from '../src/audit/signing-key.js';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase, maintenanceUrl } from '../src/db/ensure-database.js';
import { appendSynthetic, STORED_CANONICAL } from './support/audit.js';
import { TEST_ENV } from './support/test-env.js';

/** Runs `fault` and the verifier in one transaction that is always rolled back, so the shared log stays intact. */
async function withFault(ds: DataSource, dir: string, keys: Map<string, KeyObject>, fault: (em: EntityManager) => Promise<void>): Promise<VerificationReport> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    // The fault is an attacker with direct SQL access: bypass the append-only trigger as a superuser could.
    await runner.query('SET LOCAL session_replication_role = replica');
    await fault(runner.manager);
    const report = await verifyAccessLog(runner.manager, { publicKeys: keys, checkpointDir: dir, batchSize: 7 });
    // Batches handed out to several workers (here the same connection three times) find the same first bad row.
    const parallel = await verifyAccessLog(runner.manager, { publicKeys: keys, checkpointDir: dir, batchSize: 3, parallel: [runner.manager, runner.manager] });
    expect(parallel.firstBadRow).toEqual(report.firstBadRow);
    return report;
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

/**
 * A database of this file's own: the verifier reads the whole log, once per row at batch size 1, so on the
 * shared test database (which every other file appends to) the time would grow with the rest of the suite.
 */
const chainUrl = `${TEST_ENV.MIGRATION_DATABASE_URL}_chain`;

describe('the access-log hash chain', () => {
  let ds: DataSource;
  let dir: string;
  let key: SigningKey;
  let keys: Map<string, KeyObject>;
  let seqs: number[];
  const k = (i: number): number => seqs[i]!;

  beforeAll(async () => {
    await ensureDatabase(chainUrl, { recreate: true });
    ds = await createDataSource(chainUrl, 4).initialize(); // as the owner: an attacker with the superuser's access
    await ds.runMigrations({ transaction: 'each' });
    dir = await mkdtemp(join(tmpdir(), 'cyswllt-checkpoints-'));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    key = { privateKey, publicKey, keyId: keyIdOf(publicKey) };
    keys = new Map([[key.keyId, key.publicKey]]);
    seqs = await appendSynthetic(ds, 20);
    await writeCheckpoint(ds, key, dir); // signs the head: seqs[19]
    seqs.push(...(await appendSynthetic(ds, 3))); // rows after the last checkpoint
  });

  afterAll(async () => {
    await ds.destroy();
    const { database, adminUrl } = maintenanceUrl(chainUrl);
    const admin = await createDataSource(adminUrl, 1).initialize();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  const verify = (batchSize = 7): Promise<VerificationReport> =>
    ds.transaction('REPEATABLE READ', (em) =>
      verifyAccessLog(em, { publicKeys: keys, checkpointDir: dir, batchSize }),
    );

  it('verifies clean when untouched, across batch boundaries', async () => {
    const [{ n }] = (await ds.query('SELECT count(*)::int AS n FROM access_event')) as [{ n: number }];
    for (const batchSize of [1, 2, 7, 1000]) {
      const report = await verify(batchSize);
      expect(report.firstBadRow, `batch ${batchSize}`).toBeNull();
      expect(report).toMatchObject({ ok: true, rowsChecked: n, checkpoints: { lastVerifiedSeq: k(19), badSignatures: [] } });
      expect(report.head.seq).toBe(report.lastRow!.seq);
    }
  });

  it('computes the same canonical bytes in the verifier as the stored append function', async () => {
    const [r] = (await ds.query(`SELECT bool_and(${STORED_CANONICAL} = ${canonicalSql('access_event')}) AS same, count(*)::int AS n FROM access_event`)) as [
      { same: boolean; n: number },
    ];
    expect(r.n).toBeGreaterThan(20);
    expect(r.same).toBe(true);
  });

  it('refuses ordinary updates and deletes: the table is append-only', async () => {
    await expect(ds.query('UPDATE access_event SET purpose = $1 WHERE seq = $2', ['ADMISSIONS', k(3)])).rejects.toThrow(/append-only/);
    await expect(ds.query('DELETE FROM access_event WHERE seq = $1', [k(3)])).rejects.toThrow(/append-only/);
  });

  it('reports an edited row at that row', async () => {
    const report = await withFault(ds, dir, keys, (em) => em.query(`UPDATE access_event SET purpose = 'ADMISSIONS' WHERE seq = $1`, [k(5)]));
    expect(report.ok).toBe(false);
    expect(report.firstBadRow).toMatchObject({ seq: k(5), problem: 'CONTENT_MISMATCH' });
  });

  it('reports an edited and re-hashed row at that row (the next row no longer links to it)', async () => {
    const report = await withFault(ds, dir, keys, async (em) => {
      await em.query(`UPDATE access_event SET person_id = gen_random_uuid() WHERE seq = $1`, [k(5)]);
      await em.query(`UPDATE access_event SET hash = sha256(prev_hash || ${STORED_CANONICAL}) WHERE seq = $1`, [k(5)]);
    });
    expect(report.firstBadRow).toMatchObject({ seq: k(5), problem: 'ROW_REWRITTEN' });
  });

  it('reports a deleted row at its position', async () => {
    const report = await withFault(ds, dir, keys, (em) => em.query('DELETE FROM access_event WHERE seq = $1', [k(8)]));
    expect(report.firstBadRow).toMatchObject({ seq: k(8), problem: 'ROW_MISSING' });
  });

  it('reports a deleted first row of a batch at its position', async () => {
    const report = await withFault(ds, dir, keys, (em) => em.query('DELETE FROM access_event WHERE seq = ANY($1::bigint[])', [[k(6), k(7)]]));
    expect(report.firstBadRow).toMatchObject({ seq: k(6), problem: 'ROW_MISSING' });
  });

  it('reports a forged row inserted into the middle (later rows renumbered, hashes forged) at the inserted row', async () => {
    const at = k(10) + 1;
    const report = await withFault(ds, dir, keys, async (em) => {
      await em.query('UPDATE access_event SET seq = -seq WHERE seq >= $1', [at]);
      await em.query('UPDATE access_event SET seq = -seq + 1 WHERE seq < 0');
      await em.query(
        `INSERT INTO access_event (seq, occurred_at, event, outcome, request_id, operation, roles, released, withheld, agreements,
                                   provider_ids, prev_hash, hash)
         SELECT $1::bigint, occurred_at, 'person.read', 'NONE', 'forged', 'query {forged}', '{}', '{}', '{}', '{}', '{}', hash, hash
           FROM access_event WHERE seq = $1::bigint - 1`,
        [at],
      );
      await em.query(`UPDATE access_event SET hash = sha256(prev_hash || ${STORED_CANONICAL}) WHERE seq = $1`, [at]);
    });
    expect(report.firstBadRow).toMatchObject({ seq: at, problem: 'INSERTED_ROW' });
  });

  it('reports a row inserted at an existing position as a duplicate', async () => {
    const report = await withFault(ds, dir, keys, (em) =>
      em.query(
        `INSERT INTO access_event SELECT seq, occurred_at + interval '1 millisecond', event, outcome, request_id, operation, principal_id,
           organisation_id, roles, purpose, person_id, released, withheld, agreements, provider_ids, details, prev_hash, hash
           FROM access_event WHERE seq = $1`,
        [k(12)],
      ),
    );
    expect(report.firstBadRow).toMatchObject({ seq: k(12), problem: 'DUPLICATE_SEQ' });
  });

  it('reports two swapped rows at the first of them', async () => {
    const report = await withFault(ds, dir, keys, async (em) => {
      await em.query('UPDATE access_event SET seq = -seq WHERE seq IN ($1, $2)', [k(14), k(15)]);
      await em.query('UPDATE access_event SET seq = CASE WHEN seq = -$1::bigint THEN $2::bigint ELSE $1::bigint END WHERE seq < 0', [k(14), k(15)]);
    });
    expect(report.firstBadRow).toMatchObject({ seq: k(14), problem: 'REORDERED' });
  });

  it('reports rows cut off after the last signed checkpoint, even with the chain head and database checkpoints rewound', async () => {
    const keep = k(16);
    const report = await withFault(ds, dir, keys, async (em) => {
      await em.query('DELETE FROM access_event WHERE seq > $1', [keep]);
      await em.query('UPDATE access_chain_head SET seq = e.seq, hash = e.hash FROM access_event e WHERE e.seq = $1', [keep]);
      await em.query('DELETE FROM audit_checkpoint'); // the copy outside the database still holds it
    });
    expect(report.firstBadRow).toMatchObject({ seq: keep + 1, problem: 'TRUNCATED' });
    expect(report.checkpoints).toMatchObject({ verified: 1, onlyInDirectory: 1 });
  });

  it('reports a tail cut off while the chain head still records it', async () => {
    const report = await withFault(ds, dir, keys, (em) => em.query('DELETE FROM access_event WHERE seq > $1', [k(21)]));
    expect(report.firstBadRow).toMatchObject({ seq: k(21) + 1, problem: 'TRUNCATED' });
  });

  it('reports a rewritten chain that contradicts a signed checkpoint', async () => {
    const report = await withFault(ds, dir, keys, async (em) => {
      // Rewrite the whole chain from row k(19) on, re-hashing every row and the head: only the checkpoint can tell.
      await em.query(`UPDATE access_event SET purpose = 'ADMISSIONS' WHERE seq = $1`, [k(19)]);
      for (const seq of seqs.slice(19)) {
        await em.query(
          `UPDATE access_event e SET prev_hash = p.hash FROM access_event p WHERE e.seq = $1 AND p.seq = $1 - 1`,
          [seq],
        );
        await em.query(`UPDATE access_event SET hash = sha256(prev_hash || ${STORED_CANONICAL}) WHERE seq = $1`, [seq]);
      }
      await em.query('UPDATE access_chain_head SET hash = e.hash FROM access_event e WHERE e.seq = access_chain_head.seq');
    });
    expect(report.firstBadRow).toMatchObject({ seq: k(19), problem: 'CHECKPOINT_MISMATCH' });
  });

  it('reports a row appended outside the hub (the chain head does not know it)', async () => {
    const head = k(22);
    const report = await withFault(ds, dir, keys, async (em) => {
      await em.query(
        `INSERT INTO access_event SELECT seq + 1, occurred_at, event, outcome, request_id, operation, principal_id, organisation_id,
           roles, purpose, person_id, released, withheld, agreements, provider_ids, details, hash, hash
           FROM access_event WHERE seq = $1`,
        [head],
      );
      await em.query(`UPDATE access_event SET hash = sha256(prev_hash || ${STORED_CANONICAL}) WHERE seq = $1`, [head + 1]);
    });
    expect(report.firstBadRow).toMatchObject({ seq: head + 1, problem: 'ROW_AFTER_HEAD' });
  });

  it('rejects a checkpoint whose file was altered', async () => {
    const [name] = await readdir(dir);
    const file = join(dir, name!);
    const original = await readFile(file, 'utf8');
    try {
      const forged = JSON.parse(original) as { seq: number };
      forged.seq -= 1;
      await writeFile(file, JSON.stringify(forged));
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.checkpoints.badSignatures).toEqual([{ seq: k(19) - 1, source: 'directory', keyId: key.keyId }]);
    } finally {
      await writeFile(file, original);
    }
    expect((await verify()).ok).toBe(true);
  });
});
