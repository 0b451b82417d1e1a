import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
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
  `[--encoding ${CSV_ENCODINGS.join('|')}] [--no-wait] [--problems <out.csv>] [--max-rejected <n>]`;

/** Rejected rows, then rows with warnings, printed at the end (all of them go to `--problems`, and are in `import(id) { rows(problemsOnly: true) }`). */
const PROBLEMS_SHOWN = 50;

/** Exit code when more rows were rejected than `--max-rejected` allows (1 is any other failure). */
export const EXIT_TOO_MANY_REJECTED = 2;

/** Header of the `--problems` file: one line per problem. */
const PROBLEMS_HEADER = 'row,line,outcome,field,reason';

/**
 * `npm run import -- --partner <handle> --file <path.csv> --map <mapping.json> [--encoding e] [--no-wait] [--problems out.csv]
 * [--max-rejected n]`: loads
 * a partner's CSV export as one tracked import, streaming it in parts (memory stays flat whatever the size).
 * The file is checked first, before any row is loaded: its size against IMPORT_MAX_FILE_BYTES, its encoding
 * (detected, or given), its header against the mapping. Each part commits with its access-log rows; when the log
 * cannot be written the part rolls back and the loader stops with exit code 1, saying which rows did not land. Rejected
 * rows are listed before rows with warnings; `--problems` writes every problem (row, line, field, reason) to a CSV file;
 * the loader exits with EXIT_TOO_MANY_REJECTED when more rows were rejected than `--max-rejected` (default 0).
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
      problems: { type: 'string' },
      'max-rejected': { type: 'string', default: '0' },
    },
  });
  if (!values.partner || !values.file || !values.map) throw new Error(USAGE);
  const maxRejected = Number(values['max-rejected']);
  if (!Number.isInteger(maxRejected) || maxRejected < 0) throw new Error(`--max-rejected must be a whole number of at least 0\n${USAGE}`);
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
    const problemsFile = values.problems ? createWriteStream(values.problems, 'utf8') : null;
    problemsFile?.write(`${PROBLEMS_HEADER}\n`);
    let problems: Problems;
    try {
      problems = await load(infra, ctx, importId, csv, mapping, size, problemsFile);
    } finally {
      if (problemsFile) await new Promise<void>((resolve, reject) => problemsFile.end((err?: Error | null) => (err ? reject(err) : resolve())));
    }
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
    // Rejections first: they are what did not land.
    for (const [what, shown, total] of [['rejected', problems.rejected, problems.rejectedTotal], ['warning', problems.warned, problems.warnedTotal]] as const) {
      for (const p of shown) {
        const list = p.outcome === 'REJECTED' ? p.errors : p.warnings;
        process.stdout.write(`  row ${p.rowNumber} (line ${p.line}) ${what}: ${list.map((e) => `${e.field} ${e.reason}`).join('; ')}\n`);
      }
      if (total > shown.length) {
        process.stdout.write(
          `  … and ${total - shown.length} more ${what === 'rejected' ? 'rejected rows' : 'rows with warnings'} ` +
            `(${values.problems ? `all in ${values.problems}` : 'write them all with --problems <out.csv>'}, or query import(id) { rows(problemsOnly: true) })\n`,
        );
      }
    }
    if (values.problems) process.stdout.write(`every problem written to ${values.problems}\n`);
    if (imp.rejectedRows > maxRejected) {
      process.stderr.write(`import finished with ${imp.rejectedRows} rejected rows, more than --max-rejected ${maxRejected}\n`);
      process.exitCode = EXIT_TOO_MANY_REJECTED;
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
/** The rows with problems: the first of each kind to print, and how many there were. */
interface Problems {
  rejected: Array<RowResult & { line: number }>;
  rejectedTotal: number;
  warned: Array<RowResult & { line: number }>;
  warnedTotal: number;
}

/** One CSV field, quoted when it needs it. */
function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function load(
  infra: Infrastructure,
  ctx: RequestContext,
  importId: string,
  csv: CsvSource,
  mapping: CompiledMapping,
  size: number,
  problemsFile: WriteStream | null,
): Promise<Problems> {
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
  const problems: Problems = { rejected: [], rejectedTotal: 0, warned: [], warnedTotal: 0 };
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
      let lines = '';
      for (const r of summary.results) {
        if (r.outcome !== 'REJECTED' && r.warnings.length === 0) continue;
        const line = part[r.rowNumber - first]!.line;
        const rejected = r.outcome === 'REJECTED';
        if (rejected) problems.rejectedTotal++;
        else problems.warnedTotal++;
        const shown = rejected ? problems.rejected : problems.warned;
        if (shown.length < PROBLEMS_SHOWN) shown.push({ ...r, line });
        for (const p of rejected ? r.errors : r.warnings) {
          lines += `${r.rowNumber},${line},${rejected ? 'REJECTED' : 'WARNING'},${csvField(p.field)},${csvField(p.reason)}\n`;
        }
      }
      if (problemsFile && lines.length > 0 && !problemsFile.write(lines)) await once(problemsFile, 'drain');
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
  return problems;
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
