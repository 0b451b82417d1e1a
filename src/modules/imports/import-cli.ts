import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { parse } from 'csv-parse/sync';
import { bootInfrastructure } from '../../boot.js';
import { loadConfig } from '../../config/config.js';
import { waitForMatching } from '../matching/wait-for-matching.js';
import { contextForHandle } from './cli-context.js';
import { compileMapping } from './column-mapping.js';
import type { RowResult } from './ingest.js';

/** `npm run import -- --partner <handle> --file <path.csv> --map <mapping.json> [--no-wait]`: loads a partner's CSV export as one tracked import. */
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
    const ctx = await contextForHandle(infra, values.partner);
    const importId = await infra.services.imports.open(ctx, 'CSV');
    const batch = infra.services.matching.config.importMaxBatch;
    const bar = new cliProgress.SingleBar(
      { format: 'loading  |{bar}| {value}/{total} rows | {duration_formatted}', stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(rows.length, 0);
    const problems: RowResult[] = [];
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch).map((r) => mapping.toSubmission(r));
      const summary = await infra.services.imports.addRows(ctx, importId, part, i + 1);
      problems.push(...summary.results.filter((r) => r.outcome === 'REJECTED' || r.warnings.length > 0));
      bar.update(Math.min(rows.length, i + batch));
    }
    bar.stop();
    await infra.services.imports.seal(ctx, importId);
    if (!values['no-wait']) await waitForMatching(infra, importId, { label: 'matching' });
    const imp = await infra.services.imports.get(ctx, importId);
    process.stdout.write(
      `import ${imp.id}: ${imp.totalRows} rows — ${imp.createdRows} created, ${imp.updatedRows} updated, ${imp.unchangedRows} unchanged, ` +
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

main().catch((err: unknown) => {
  process.stderr.write(`import failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
