// Event files: a partner's CSV of events about learners it already holds records for (drop-out notifications,
// destinations-survey returns), loaded through `npm run import -- --kind <kind>`. Like record files, each
// comes with a column mapping kept as JSON beside the export; each kind validates and lands its own rows.
import type { RequestContext } from '../../graphql/context.js';
import type { Purpose } from '../../policy/purpose.js';
import { DATE_FORMATS, toIsoDate } from './column-mapping.js';
import type { RowProblem } from './record-validation.js';

/** How a mapped value is read: as text, a date (with the file's format), a yes/no flag, or a code. */
export type EventFieldType = 'text' | 'date' | 'flag' | 'code';

/** A field an event file may map. */
export interface EventFieldSpec {
  name: string;
  type: EventFieldType;
  required: boolean;
}

/** One mapped row: each field's text (dates as YYYY-MM-DD, flags as true/false, codes translated), or null when empty. */
export type EventRow = Record<string, string | null>;

/** What happened to one row of an event file. */
export interface EventRowResult {
  rowNumber: number;
  outcome: 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED';
  /** The id of the event the row landed as (or already was). */
  id: string | null;
  errors: RowProblem[];
}

/** One kind of event file: its fields, the purpose its loader declares, extra options, and the loader of one part. */
export interface EventFileKind {
  fields: readonly EventFieldSpec[];
  /** The purpose the loader declares for the partner (checked against its roles before anything lands). */
  purpose: Purpose;
  /** Extra `--option value` pairs the command accepts for this kind, with what each means. */
  options: Readonly<Record<string, string>>;
  /** Validates and lands one part in one transaction with its access-log rows; a row per input row. */
  load(ctx: RequestContext, rows: readonly EventRow[], firstRowNumber: number, options: Readonly<Record<string, string | undefined>>): Promise<EventRowResult[]>;
}

interface CompiledEventField {
  spec: EventFieldSpec;
  columns: string[];
  format: (typeof DATE_FORMATS)[number] | null;
  values: Map<string, string>;
}

const TRUE_WORDS = new Set(['y', 'yes', 'true', '1', 'x']);
const FALSE_WORDS = new Set(['n', 'no', 'false', '0']);

/**
 * Checks an event mapping against the file's header and the kind's fields: each field maps to a column, a
 * list of columns (joined with a space), or `{ "columns": …, "format": "DD/MM/YYYY", "values": { "W1":
 * "LEFT_NON_ATTENDANCE" } }` (a date layout; the partner's codes translated to the hub's). Throws one
 * message naming every problem.
 */
export function compileEventMapping(raw: unknown, header: readonly string[], fields: readonly EventFieldSpec[]): { toRow(row: Record<string, string | undefined>): EventRow } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('The mapping must be a JSON object of hub field → column');
  const problems: string[] = [];
  const specs = new Map(fields.map((f) => [f.name, f]));
  const columns = new Set(header);
  const compiled: CompiledEventField[] = [];
  for (const [name, source] of Object.entries(raw as Record<string, unknown>)) {
    const spec = specs.get(name);
    if (!spec) {
      problems.push(`"${name}" is not a field of this kind of file (one of ${fields.map((f) => f.name).join(', ')})`);
      continue;
    }
    let cols: string[] = [];
    let format: CompiledEventField['format'] = null;
    const values = new Map<string, string>();
    if (typeof source === 'string') cols = [source];
    else if (Array.isArray(source) && source.every((s) => typeof s === 'string')) cols = source as string[];
    else if (typeof source === 'object' && source !== null && 'columns' in source) {
      const s = source as { columns: unknown; format?: unknown; values?: unknown };
      cols = typeof s.columns === 'string' ? [s.columns] : Array.isArray(s.columns) ? (s.columns as string[]) : [];
      if (s.format !== undefined) {
        if (spec.type !== 'date') problems.push(`${name}: a format is given only for dates`);
        else if (!(DATE_FORMATS as readonly unknown[]).includes(s.format)) problems.push(`${name}: format must be one of ${DATE_FORMATS.join(', ')}`);
        else format = s.format as CompiledEventField['format'];
      }
      if (s.values !== undefined) {
        if (typeof s.values !== 'object' || s.values === null || Array.isArray(s.values)) problems.push(`${name}: values must map the file's codes to the hub's`);
        else for (const [from, to] of Object.entries(s.values as Record<string, unknown>)) values.set(from.trim().toUpperCase(), String(to));
      }
    }
    if (cols.length === 0) problems.push(`${name}: give a column name, a list of column names, or { "columns": …, "format": …, "values": … }`);
    for (const c of cols) if (!columns.has(c)) problems.push(`${name}: the file has no column "${c}"`);
    compiled.push({ spec, columns: cols, format, values });
  }
  for (const f of fields) if (f.required && !compiled.some((c) => c.spec.name === f.name)) problems.push(`${f.name} must be mapped`);
  if (problems.length > 0) throw new Error(`Column mapping problems:\n  ${problems.join('\n  ')}`);
  return {
    toRow(row) {
      const out: EventRow = {};
      for (const f of compiled) {
        const joined = f.columns.map((c) => (row[c] ?? '').trim()).filter((v) => v.length > 0).join(' ');
        out[f.spec.name] = joined.length === 0 ? (f.spec.type === 'flag' ? 'false' : null) : readValue(f, joined);
      }
      return out;
    },
  };
}

/** One value as the field's type reads it; left as it was when it does not fit, so that the kind's validation names it. */
function readValue(f: CompiledEventField, text: string): string {
  const translated = f.values.get(text.toUpperCase()) ?? text;
  switch (f.spec.type) {
    case 'date':
      return f.format ? toIsoDate(translated, f.format) : translated;
    case 'flag': {
      const word = translated.toLowerCase();
      return TRUE_WORDS.has(word) ? 'true' : FALSE_WORDS.has(word) ? 'false' : translated;
    }
    case 'code':
      return translated.toUpperCase();
    default:
      return translated;
  }
}
