import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { AuditUnavailableError } from '../../audit/access-log.writer.js';
import { bootInfrastructure } from '../../boot.js';
import { loadConfig } from '../../config/config.js';
import { DESTINATION_FILE } from '../destinations/destination-file.js';
import { NOTIFICATION_FILE } from '../notifications/notification-file.js';
import { contextForHandle } from './cli-context.js';
import { compileEventMapping, type EventFileKind, type EventRowResult } from './event-file.js';

/** The kinds of event file `npm run import -- --kind <kind>` loads. */
export const EVENT_FILE_KINDS: Readonly<Record<string, EventFileKind>> = {
  notifications: NOTIFICATION_FILE,
  destinations: DESTINATION_FILE,
};

/** Rows landed per transaction. */
const PART_ROWS = 1000;

/** Rows with problems printed at the end. */
const PROBLEMS_SHOWN = 50;

/**
 * `npm run import -- --kind <notifications|destinations> --partner <handle> --file <f.csv> --map <mapping.json> [kind options]`:
 * loads a partner's file of events about learners it holds records for, part by part, each part in one
 * transaction with its access-log rows; prints the rejected rows with their reasons. When the log cannot be
 * written the part rolls back and the loader stops with exit code 1, saying which rows did not land.
 */
export async function runEventImport(argv: readonly string[]): Promise<void> {
  const kindName = parseArgs({ args: [...argv], options: { kind: { type: 'string' } }, strict: false }).values.kind;
  const kind = typeof kindName === 'string' ? EVENT_FILE_KINDS[kindName] : undefined;
  if (!kind) throw new Error(`--kind must be one of ${Object.keys(EVENT_FILE_KINDS).join(', ')}`);
  const extra = Object.fromEntries(Object.keys(kind.options).map((o) => [o, { type: 'string' as const }]));
  const { values } = parseArgs({
    args: [...argv],
    options: { kind: { type: 'string' }, partner: { type: 'string' }, file: { type: 'string' }, map: { type: 'string' }, ...extra },
  });
  if (typeof values.partner !== 'string' || typeof values.file !== 'string' || typeof values.map !== 'string') {
    const usage = Object.entries(kind.options).map(([o, what]) => ` [--${o} <${what}>]`).join('');
    throw new Error(`usage: npm run import -- --kind ${kindName} --partner <handle> --file <path.csv> --map <mapping.json>${usage}`);
  }
  const given = values as Record<string, string | boolean | undefined>;
  const options = Object.fromEntries(Object.keys(kind.options).map((o) => [o, typeof given[o] === 'string' ? given[o] : undefined]));
  const rows = parse(await readFile(values.file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Array<Record<string, string>>;
  const mapping = compileEventMapping(JSON.parse(await readFile(values.map, 'utf8')) as unknown, rows[0] ? Object.keys(rows[0]) : [], kind.fields);

  const infra = await bootInfrastructure(loadConfig({ ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn' }), 'import');
  try {
    const ctx = await contextForHandle(infra, values.partner, `cli import ${kindName}`);
    ctx.purpose = kind.purpose;
    const results: EventRowResult[] = [];
    for (let i = 0; i < rows.length; i += PART_ROWS) {
      const part = rows.slice(i, i + PART_ROWS).map((r) => mapping.toRow(r));
      try {
        results.push(...(await kind.load(ctx, part, i + 1, options)));
      } catch (err) {
        if (!(err instanceof AuditUnavailableError)) throw err;
        throw new Error(`${err.message}: rows ${i + 1}–${rows.length} were not loaded${i > 0 ? ` (rows 1–${i} were)` : ''}; run the same file again once the log is writable`);
      }
    }
    const count = (o: EventRowResult['outcome']): number => results.filter((r) => r.outcome === o).length;
    process.stdout.write(
      `${kindName} from ${values.partner} (request ${ctx.requestId}): ${results.length} rows — ${count('CREATED')} created, ` +
        `${count('UPDATED')} updated, ${count('UNCHANGED')} unchanged, ${count('REJECTED')} rejected\n`,
    );
    const problems = results.filter((r) => r.outcome === 'REJECTED');
    for (const p of problems.slice(0, PROBLEMS_SHOWN)) {
      process.stdout.write(`  row ${p.rowNumber} (line ${p.rowNumber + 1}) rejected: ${p.errors.map((e) => `${e.field} ${e.reason}`).join('; ')}\n`);
    }
    if (problems.length > PROBLEMS_SHOWN) process.stdout.write(`  … and ${problems.length - PROBLEMS_SHOWN} more rejected rows\n`);
  } finally {
    await infra.close();
  }
}
