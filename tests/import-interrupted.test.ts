import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reconcile } from '../src/queue/reconciler.js';
import { runImport, spawnImport, syntheticLearners, LEARNERS_MAPPING } from './support/import-cli.js';
import { startTestApi, type TestApi } from './support/harness.js';
import { resetMatching } from './support/matching.js';
import { waitFor } from './support/worker.js';

const ROWS = 12_000;
/** Small parts, so that a killed loader has landed some rows and not others. */
const PART_ENV = { IMPORT_MAX_BATCH: '100' };

interface ImportState {
  id: string;
  status: string;
  sealed: boolean;
  total_rows: number;
  created_rows: number;
  unchanged_rows: number;
  failure_reason: string | null;
}

describe('an interrupted CSV import is closed as FAILED, never left RECEIVING, and the same file finishes it', () => {
  let t: TestApi;
  let dir: string;
  let file: string;
  let map: string;
  beforeAll(async () => {
    t = await startTestApi();
    dir = await mkdtemp(join(tmpdir(), 'cyswllt-import-kill-'));
    file = join(dir, 'learners.csv');
    map = join(dir, 'map.json');
    await writeFile(file, syntheticLearners(ROWS, 'K'));
    await writeFile(map, JSON.stringify(LEARNERS_MAPPING));
  });
  beforeEach(async () => {
    await resetMatching();
  });
  afterAll(async () => {
    await resetMatching();
    await t.infra.queues.get('matching').obliterate({ force: true }); // the runs these tests left for a worker
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const argv = (): string[] => ['--partner', 'college.cardiff', '--file', file, '--map', map, '--no-wait'];
  const imports = async (): Promise<ImportState[]> =>
    (await t.infra.ds.query(
      'SELECT id, status, sealed, total_rows, created_rows, unchanged_rows, failure_reason FROM import_batch ORDER BY created_at',
    )) as ImportState[];
  const records = async (): Promise<number> => ((await t.infra.ds.query(`SELECT count(*)::int AS n FROM source_record WHERE partner_reference LIKE 'K-%'`)) as [{ n: number }])[0].n;
  /** Starts the loader and waits until some of its rows have landed (a condition, not a sleep). */
  const startAndWaitForRows = async (): Promise<ReturnType<typeof spawnImport>> => {
    const loader = spawnImport(argv(), PART_ENV);
    const landed = await waitFor(async () => ((await imports())[0]?.total_rows ?? 0) >= 300, 60_000, 20);
    expect(landed).toBe(true);
    return loader;
  };

  it('killed mid-file: stays RECEIVING only until the reconciler finds it silent, then FAILED with a code; the landed rows stay and are matched', async () => {
    const loader = await startAndWaitForRows();
    loader.child.kill('SIGKILL');
    expect((await loader.done).signal).toBe('SIGKILL');
    const [killed] = await imports();
    expect(killed).toMatchObject({ status: 'RECEIVING', sealed: false });
    expect(killed!.total_rows).toBeGreaterThanOrEqual(300);
    expect(killed!.total_rows).toBeLessThan(ROWS); // killed part-way, or the test proves nothing
    const landed = killed!.total_rows;
    expect(await records()).toBe(landed);

    // Not yet silent for long enough: left alone.
    expect((await reconcile(t.infra, 600_000)).failedImports).toEqual([]);
    expect((await imports())[0]!.status).toBe('RECEIVING');

    // Silent for longer than the threshold: closed as FAILED with a reason code, by the system, the rows kept.
    const report = await reconcile(t.infra, 1);
    expect(report.failedImports).toEqual([killed!.id]);
    expect(report.requeued).toBeGreaterThan(0); // the matching runs of the parts that landed
    expect(await imports()).toEqual([{ ...killed, status: 'FAILED', sealed: true, failure_reason: 'STALE_RECEIVING' }]);
    expect(await records()).toBe(landed);
    const logged = (await t.infra.ds.query(
      `SELECT principal_id, roles, operation, details::jsonb AS details FROM access_event WHERE event = 'import.failed' AND details::jsonb->>'importId' = $1`,
      [killed!.id],
    )) as Array<{ principal_id: string | null; roles: string[]; operation: string; details: Record<string, unknown> }>;
    expect(logged).toEqual([
      { principal_id: null, roles: ['SYSTEM'], operation: 'job reconcile', details: { importId: killed!.id, reason: 'STALE_RECEIVING', rows: landed, queuedForMatching: landed } },
    ]);
    expect((await reconcile(t.infra, 1)).failedImports).toEqual([]); // once

    // The rows it landed are matched like any others, and the import stays FAILED.
    await t.infra.services.matching.processQueue(killed!.id);
    const [unmatched] = (await t.infra.ds.query(`SELECT count(*)::int AS n FROM source_record WHERE partner_reference LIKE 'K-%' AND person_id IS NULL`)) as [{ n: number }];
    expect(unmatched.n).toBe(0);
    expect((await imports())[0]!.status).toBe('FAILED');

    // The same file again: the landed rows change nothing, the rest land, the import closes.
    const again = await runImport(argv());
    expect(again.code).toBe(0);
    const [, second] = await imports();
    expect(second).toMatchObject({ status: 'MATCHING', sealed: true, total_rows: ROWS, unchanged_rows: landed, created_rows: ROWS - landed, failure_reason: null });
    expect(await records()).toBe(ROWS);
  }, 120_000);

  it('stopped with SIGTERM: lands the part in hand, closes the import as FAILED (INTERRUPTED) at once and says how to finish', async () => {
    const loader = await startAndWaitForRows();
    loader.child.kill('SIGTERM');
    const run = await loader.done;
    expect(run.code).toBe(1);
    const [stopped] = await imports();
    expect(stopped).toMatchObject({ status: 'FAILED', sealed: true, failure_reason: 'INTERRUPTED' });
    expect(stopped!.total_rows).toBeLessThan(ROWS);
    expect(run.stderr).toContain(
      `import failed: interrupted by SIGTERM: rows 1–${stopped!.total_rows} were loaded into import ${stopped!.id}, now closed as FAILED (INTERRUPTED); ` +
        'run the same file again to load the rest (rows already loaded count as unchanged)',
    );
    expect(await records()).toBe(stopped!.total_rows);
  }, 120_000);
});
