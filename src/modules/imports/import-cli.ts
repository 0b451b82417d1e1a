import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { AuditUnavailableError } from '../../audit/access-log.writer.js';
import { bootInfrastructure, type Infrastructure } from '../../boot.js';
import { loadConfig } from '../../config/config.js';
import type { RequestContext } from '../../graphql/context.js';
import { waitForMatching } from '../matching/wait-for-matching.js';
import { contextForHandle } from './cli-context.js';
import { compileMapping, type CompiledMapping } from './column-mapping.js';
import { chooseEncoding, CsvRefusedError, describeEncoding, encodingNamed, CSV_ENCODINGS } from './csv-encoding.js';
import { openCsv, type CsvSource } from './csv-source.js';
import { failImport } from './import-failures.js';
import type { RowResult } from './ingest.js';

const USAGE =
  'usage: npm run import -- --partner <handle> --file <path.csv> --map <mapping.json> ' +
  `[--encoding ${CSV_ENCODINGS.join('|')}] [--no-wait]`;

/** Rows with problems printed at the end (the rest are in `import(id) { rows(problemsOnly: true) }`). */
const PROBLEMS_SHOWN = 50;

/**
 * `npm run import -- --partner <handle> --file <path.csv> --map <mapping.json> [--encoding e] [--no-wait]`: loads
 * a partner's CSV export as one tracked import, streaming it in parts (memory stays flat whatever the size).
 * The file is checked first, before any row is loaded: its size against IMPORT_MAX_FILE_BYTES, its encoding
 * (detected, or given), its header against the mapping. Each part commits with its access-log rows; when the log
 * cannot be written the part rolls back and the loader stops with exit code 1, saying which rows did not land.
 */
async function main(): Promise<void> {
  // Files of events about learners already held (drop-out notifications, destination returns) have loaders of their own.
  const args = process.argv.slice(2);
  if (args.some((a) => a === '--kind' || a.startsWith('--kind='))) return (await import('./event-import-cli.js')).runEventImport(args);
  const { values } = parseArgs({
    options: {
      partner: { type: 'string' },
      file: { type: 'string' },
      map: { type: 'string' },
      encoding: { type: 'string' },
      'no-wait': { type: 'boolean', default: false },
    },
  });
  if (!values.partner || !values.file || !values.map) throw new Error(USAGE);
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn' });
  const { size } = await stat(values.file);
  if (size > config.imports.maxFileBytes) {
    throw new CsvRefusedError(
      `the file is ${sizeOf(size)}, more than the limit of ${sizeOf(config.imports.maxFileBytes)} (IMPORT_MAX_FILE_BYTES); ` +
        'nothing was read and no import was opened',
    );
  }
  const rawMapping = JSON.parse(await readFile(values.map, 'utf8')) as unknown;
  const encoding = await chooseEncoding(values.file, values.encoding ? encodingNamed(values.encoding) : null);
  const csv = await openCsv(values.file, encoding);
  let mapping: CompiledMapping;
  try {
    mapping = compileMapping(rawMapping, csv.header);
  } catch (err) {
    csv.close();
    throw err;
  }
  process.stdout.write(`file of ${sizeOf(size)}, read as ${describeEncoding(encoding)}\n`);

  const infra = await bootInfrastructure(config, 'import');
  try {
    const ctx = await contextForHandle(infra, values.partner, 'cli import');
    const importId = await failClosed(() => infra.services.imports.open(ctx, 'CSV'), 'no import was opened and no row was loaded');
    const problems = await load(infra, ctx, importId, csv, mapping, size);
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
    for (const p of problems.shown) {
      const list = p.outcome === 'REJECTED' ? p.errors : p.warnings;
      const what = p.outcome === 'REJECTED' ? 'rejected' : 'warning';
      process.stdout.write(`  row ${p.rowNumber} (line ${p.line}) ${what}: ${list.map((e) => `${e.field} ${e.reason}`).join('; ')}\n`);
    }
    if (problems.total > problems.shown.length) {
      process.stdout.write(`  … and ${problems.total - problems.shown.length} more rows with problems (query import(id) { rows(problemsOnly: true) })\n`);
    }
    for (const w of imp.warnings) process.stdout.write(`  ${w.code}: ${w.message}\n`);
  } finally {
    csv.close();
    await infra.close();
  }
}

/**
 * Streams the rows into the open import part by part (IMPORT_MAX_BATCH rows each), keeping the first rows with
 * problems and their lines. If the file turns out not to be valid CSV part-way, or the loader is interrupted
 * (SIGINT, SIGTERM), the rows read so far land, the import is closed as FAILED with the reason, and it throws.
 */
async function load(
  infra: Infrastructure,
  ctx: RequestContext,
  importId: string,
  csv: CsvSource,
  mapping: CompiledMapping,
  size: number,
): Promise<{ shown: Array<RowResult & { line: number }>; total: number }> {
  const bar = new cliProgress.SingleBar(
    { format: 'loading  |{bar}| {percentage}% | {rows} rows | {duration_formatted}', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let stopSignal: string | null = null;
  const onSignal = (signal: string): void => {
    if (stopSignal) process.exit(130); // a second Ctrl-C: stop now, the reconciler will close the import
    stopSignal = signal;
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  bar.start(size, 0, { rows: 0 });
  const shown: Array<RowResult & { line: number }> = [];
  let total = 0;
  let loaded = 0;
  const stop = async (reason: 'CSV_INVALID' | 'INTERRUPTED', why: string): Promise<never> => {
    bar.stop();
    await failClosed(() => failImport(ctx, importId, reason), `import ${importId} is still open; the reconciler will close it`);
    throw new Error(
      `${why}: ${loaded > 0 ? `rows 1–${loaded} were loaded into import ${importId}` : `no row was loaded into import ${importId}`}, ` +
        `now closed as FAILED (${reason}); ${reason === 'CSV_INVALID' ? 'correct the file and ' : ''}run the same file again to load the rest ` +
        '(rows already loaded count as unchanged)',
    );
  };
  try {
    for await (const part of csv.parts(infra.services.matching.config.importMaxBatch)) {
      const first = part[0]!.rowNumber;
      const summary = await failClosed(
        () => infra.services.imports.addRows(ctx, importId, part.map((r) => mapping.toSubmission(r.values)), first),
        `rows ${first}–${first + part.length - 1} and any after them were not loaded into import ${importId}${loaded > 0 ? ` (rows 1–${loaded} were)` : ''}; ` +
          'run the same file again once the log is writable (rows already loaded count as unchanged)',
        () => bar.stop(),
      );
      loaded = first + part.length - 1;
      for (const r of summary.results) {
        if (r.outcome !== 'REJECTED' && r.warnings.length === 0) continue;
        total++;
        if (shown.length < PROBLEMS_SHOWN) shown.push({ ...r, line: part[r.rowNumber - first]!.line });
      }
      bar.update(csv.bytesRead(), { rows: loaded });
      if (stopSignal) return await stop('INTERRUPTED', `interrupted by ${stopSignal}`);
    }
  } catch (err) {
    if (err instanceof CsvRefusedError) return await stop('CSV_INVALID', err.message);
    throw err;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  bar.update(size, { rows: loaded });
  bar.stop();
  return { shown, total };
}

function sizeOf(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB (${bytes} bytes)` : `${bytes} bytes`;
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
