import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAccessLog, type VerificationReport } from '../src/audit/chain-verifier.js';
import { chainIdOf, writeCheckpoint } from '../src/audit/checkpoints.js';
import { keyIdOf, loadSigningKey, publicKeyFileOf, verificationKeys, type SigningKey } from '../src/audit/signing-key.js';
import { loadConfig, type AppConfig } from '../src/config/config.js';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase, maintenanceUrl } from '../src/db/ensure-database.js';
import { appendSynthetic } from './support/audit.js';
import { TEST_ENV } from './support/test-env.js';

/** A database of this file's own: it is dropped and made again, as an operator resetting the demo would. */
const url = `${TEST_ENV.MIGRATION_DATABASE_URL}_identity`;

const freshLog = async (): Promise<DataSource> => {
  await ensureDatabase(url, { recreate: true });
  const ds = await createDataSource(url, 2).initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
};

describe('checkpoints tied to their log, and keys the verifier does not hold', () => {
  let ds: DataSource;
  let scratch: string;
  let config: AppConfig;
  let key: SigningKey;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'cyswllt-identity-'));
    config = loadConfig({
      ...TEST_ENV,
      AUDIT_CHECKPOINT_DIR: join(scratch, 'checkpoints'),
      AUDIT_SIGNING_KEY_FILE: join(scratch, 'signing-key.pem'),
      AUDIT_TRUSTED_KEYS_DIR: join(scratch, 'trusted-keys'),
    });
    key = await loadSigningKey(config); // generated, with its public half beside it
    ds = await freshLog();
  });

  afterAll(async () => {
    await ds.destroy();
    const { database, adminUrl } = maintenanceUrl(url);
    const admin = await createDataSource(adminUrl, 1).initialize();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.destroy();
    await rm(scratch, { recursive: true, force: true });
  });

  const verify = async (keys: Map<string, KeyObject>): Promise<VerificationReport> =>
    ds.transaction('REPEATABLE READ', (em) => verifyAccessLog(em, { publicKeys: keys, checkpointDir: config.audit.checkpointDir }));

  it('names a checkpoint key it does not hold as such, says what to do, and accepts the key once trusted', async () => {
    await appendSynthetic(ds, 5);
    const signed = await writeCheckpoint(ds, key, config.audit.checkpointDir);
    expect(signed).toMatchObject({ chainId: await chainIdOf(ds), seq: 5 });

    // Another checkout's verifier: its own key only.
    const other = generateKeyPairSync('ed25519').publicKey;
    const stranger = await verify(new Map([[keyIdOf(other), other]]));
    expect(stranger.ok).toBe(false);
    expect(stranger.firstBadRow).toBeNull(); // nothing about the rows is wrong
    expect(stranger.checkpoints).toMatchObject({ verified: 0, badSignatures: [], unknownKeys: [{ keyId: key.keyId, checkpoints: 1, sources: ['database', 'directory'] }] });
    expect(stranger.advice.join('\n')).toMatch(new RegExp(`signed by key ${key.keyId}, which this verifier does not hold.*AUDIT_TRUSTED_KEYS_DIR`));

    // Given the signer's public key, the same checkpoints verify.
    const otherConfig = loadConfig({ ...TEST_ENV, AUDIT_SIGNING_KEY_FILE: join(scratch, 'other.pem'), AUDIT_TRUSTED_KEYS_DIR: join(scratch, 'trusted-keys') });
    await mkdir(otherConfig.audit.trustedKeysDir, { recursive: true });
    await copyFile(publicKeyFileOf(config.audit.signingKeyFile), join(otherConfig.audit.trustedKeysDir, 'first-checkout.pem'));
    const trusted = await verify(await verificationKeys(otherConfig));
    expect(trusted).toMatchObject({ ok: true, advice: [], checkpoints: { verified: 1, unknownKeys: [] } });
  });

  it('recognises the checkpoints of a dropped database as another log, not as this one cut short', async () => {
    const keys = await verificationKeys(config);
    const before = await verify(keys);
    expect(before).toMatchObject({ ok: true, checkpoints: { verified: 1 } });
    const droppedChain = before.chainId;

    // The database is dropped and made again; its checkpoint file (row 5) stays in the directory.
    await ds.destroy();
    ds = await freshLog();
    await appendSynthetic(ds, 2);
    expect(await chainIdOf(ds)).not.toBe(droppedChain);

    const after = await verify(keys);
    expect(after.firstBadRow).toBeNull(); // before chains had an identity: TRUNCATED at row 3
    expect(after).toMatchObject({ ok: true, rowsChecked: 2, checkpoints: { verified: 0, otherLogs: [{ chainId: droppedChain, checkpoints: 1, lastSeq: 5 }] } });
    expect(after.advice.join('\n')).toMatch(/signed for another access log .*archive or remove/);

    // This log's own checkpoints still hold it to what they signed.
    await writeCheckpoint(ds, key, config.audit.checkpointDir); // row 2: replaces nothing of the old log's row 5
    await ds.transaction(async (em) => {
      await em.query('SET LOCAL session_replication_role = replica'); // an attacker with the owner's access
      await em.query('DELETE FROM access_event WHERE seq = 2');
    });
    const cut = await verify(keys);
    expect(cut.ok).toBe(false);
    expect(cut.firstBadRow).toMatchObject({ seq: 2, problem: 'TRUNCATED' });
  });
});
