import type { ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents } from '../src/audit/access-log.writer.js';
import { checkpointFileName, verifyCheckpointSignature, type Checkpoint } from '../src/audit/checkpoints.js';
import { verificationKeys } from '../src/audit/signing-key.js';
import { syntheticEvent } from './support/audit.js';
import { startTestApi, type TestApi } from './support/harness.js';
import { startWorkerProcess } from './support/worker.js';

/** Starts the real worker with a one-second checkpoint interval; resolves once it is ready. */
const startWorker = async (): Promise<ChildProcess> => (await startWorkerProcess({ AUDIT_CHECKPOINT_INTERVAL_MS: '1000' })).child;

describe('signed checkpoints', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.close();
  });

  it('are signed by the worker on its schedule and written to the database and to the directory', async () => {
    const appended = await appendEvents(t.infra.ds, [syntheticEvent(), syntheticEvent()]);
    const head = appended!.lastSeq;
    const worker = await startWorker();
    try {
      const file = join(t.infra.config.audit.checkpointDir, checkpointFileName(head));
      let found: Checkpoint | null = null;
      for (let i = 0; i < 150 && !found; i++) {
        await new Promise((r) => setTimeout(r, 100));
        found = (await readdir(t.infra.config.audit.checkpointDir).catch((): string[] => [])).includes(checkpointFileName(head))
          ? (JSON.parse(await readFile(file, 'utf8')) as Checkpoint)
          : null;
      }
      expect(found, 'no checkpoint file for the head').not.toBeNull();
      const [headRow] = (await t.infra.ds.query(`SELECT encode(hash, 'hex') AS hash FROM access_event WHERE seq = $1`, [head])) as [{ hash: string }];
      expect(found).toMatchObject({ seq: head, hash: headRow.hash });
      const keys = await verificationKeys(t.infra.config);
      expect(verifyCheckpointSignature(found!, keys)).toBe(true);
      expect(verifyCheckpointSignature({ ...found!, hash: found!.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }, keys)).toBe(false);
      const stored = (await t.infra.ds.query('SELECT seq, key_id FROM audit_checkpoint WHERE seq = $1', [head])) as unknown[];
      expect(stored).toEqual([{ seq: String(head), key_id: found!.keyId }]);

      // Partitions are kept created ahead of time.
      const [{ n }] = (await t.infra.ds.query(
        `SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'access_event'::regclass AND c.relname = format('access_event_%s', to_char(now() + interval '3 months', 'YYYY_MM'))`,
      )) as [{ n: number }];
      expect(n).toBe(1);
    } finally {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker.once('exit', resolve));
    }
    expect((await t.infra.services.audit.verifyChain(t.infra)).checkpoints.verified).toBeGreaterThanOrEqual(1);
  });
});
