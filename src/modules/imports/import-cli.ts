import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { parse } from 'csv-parse/sync';
import { AuditUnavailableError } from '../../audit/access-log.writer.js';
import { bootInfrastructure } from '../../boot.js';
import { loadConfig } from '../../config/config.js';
import { waitForMatching } from '../matching/wait-for-matching.js';
import { contextForHandle } from './cli-context.js';
import { compileMapping } from './column-mapping.js';
import type { RowResult } from './ingest.js';

/**
 * `npm run import -- --partner <handle> --file <path.csv> --map <mapping.json> [--no-wait]`: loads a partner's
 * CSV export as one tracked import. Each part commits with its access-log rows; when the log cannot be written
 * the part rolls back and the loader stops with exit code 1, saying which rows did not land.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      partner: { type: 'string' },
      file: { type: 'string' },
      map: { type: 'string' },
      'no-wait': { type: 'boolean', default: false },
    },
  });
  if (!values.partner || !values.file || !values.map) {
    throw new Error('usage: npm run import -- --partner <handle> --file <path.csv> --map <mapping.json> [--no-wait]');
  }
  const rows = parse(await readFile(values.file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Array<Record<string, string>>;
  const header = rows[0] ? Object.keys(rows[0]) : [];
  const mapping = compileMapping(JSON.parse(await readFile(values.map, 'utf8')) as unknown, header);

  const infra = await bootInfrastructure(loadConfig({ ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn' }), 'import');
  try {
    const ctx = await contextForHandle(infra, values.partner, 'cli import');
    const importId = await failClosed(() => infra.services.imports.open(ctx, 'CSV'), 'no import was opened and no row was loaded');
    const batch = infra.services.matching.config.importMaxBatch;
    const bar = new cliProgress.SingleBar(
      { format: 'loading  |{bar}| {value}/{total} rows | {duration_formatted}', stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(rows.length, 0);
    const problems: RowResult[] = [];
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch).map((r) => mapping.toSubmission(r));
      const last = Math.min(rows.length, i + batch);
      const summary = await failClosed(
        () => infra.services.imports.addRows(ctx, importId, part, i + 1),
        `rows ${i + 1}–${last} and any after them were not loaded into import ${importId}${i > 0 ? ` (rows 1–${i} were)` : ''}; ` +
          'run the same file again once the log is writable (rows already loaded count as unchanged)',
        () => bar.stop(),
      );
      problems.push(...summary.results.filter((r) => r.outcome === 'REJECTED' || r.warnings.length > 0));
      bar.update(last);
    }
    bar.stop();
    await failClosed(() => infra.services.imports.seal(ctx, importId), `every row was loaded but import ${importId} could not be closed`);
    if (!values['no-wait']) {
      await failClosed(
        () => waitForMatching(infra, importId, { label: 'matching' }),
        `every row was loaded into import ${importId} but matching stopped; its records wait in the queue for the next run`,
      );
    }
    const imp = await infra.services.imports.get(ctx, importId);
    process.stdout.write(
      `import ${imp.id} (request ${ctx.requestId}): ${imp.totalRows} rows — ${imp.createdRows} created, ${imp.updatedRows} updated, ${imp.unchangedRows} unchanged, ` +
        `${imp.rejectedRows} rejected; ${imp.matchedRecords}/${imp.queuedForMatching} matched; status ${imp.status}\n`,
    );
    for (const p of problems.slice(0, 50)) {
      const list = p.outcome === 'REJECTED' ? p.errors : p.warnings;
      const what = p.outcome === 'REJECTED' ? 'rejected' : 'warning';
      process.stdout.write(`  row ${p.rowNumber} (line ${p.rowNumber + 1}) ${what}: ${list.map((e) => `${e.field} ${e.reason}`).join('; ')}\n`);
    }
    if (problems.length > 50) process.stdout.write(`  … and ${problems.length - 50} more rows with problems (query import(id) { rows(problemsOnly: true) })\n`);
  } finally {
    await infra.close();
  }
}

/** Runs one step; when the access log could not be written, fails with a message naming the problem and what did not happen. */
async function failClosed<T>(step: () => Promise<T>, what: string, before?: () => void): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (!(err instanceof AuditUnavailableError)) throw err;
    before?.();
    throw new Error(`${err.message}: ${what}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`import failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
