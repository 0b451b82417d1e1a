// A partner's column mapping: from the partner's CSV column names to the hub's identity fields, so
// any partner's export loads without code changes. Kept as JSON beside the export.
import { defaultPivot, parseDateLayout, readDate, type DateLayout } from './date-layout.js';
import type { PartnerRecordSubmission } from './record-validation.js';

/** The hub fields a column may map to. */
export const MAPPABLE_FIELDS = [
  'partnerReference', 'givenName', 'middleNames', 'familyName', 'dateOfBirth', 'sex', 'postcode', 'addressLine', 'locality',
  'upn', 'uln', 'otherIdentifier', 'email', 'phone',
] as const;

/** One hub field of the mapping. */
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** Date layouts the event files (notifications) accept; identity dates take any layout of date-layout.ts. */
export const DATE_FORMATS = ['YYYY-MM-DD', 'YYYYMMDD', 'DD/MM/YYYY', 'DD-MM-YYYY', 'DD.MM.YYYY'] as const;

/**
 * How one hub field is filled: a column, several columns joined with a space, or either with a date layout
 * (`format`: day, month and year tokens such as `DD/MM/YYYY`, `M/D/YY`, `MM/YYYY`, `YYYY`; with one column per
 * token for a date split over columns) and, for two-digit years, a `pivot` (00–pivot are 20xx, the rest 19xx).
 */
export type FieldSource = string | string[] | { columns: string | string[]; format?: string; pivot?: number };

/** A whole mapping, as read from the mapping file. */
export type ColumnMapping = Partial<Record<MappableField, FieldSource>>;

interface CompiledField {
  field: MappableField;
  columns: string[];
  layout: DateLayout | null;
}

/** A checked mapping that turns CSV rows (objects keyed by column) into submissions. */
export interface CompiledMapping {
  fields: CompiledField[];
  toSubmission(row: Record<string, string | undefined>): PartnerRecordSubmission;
}

/** Checks a mapping against the CSV header; throws one message naming every problem. `today` sets the default two-digit year pivot. */
export function compileMapping(raw: unknown, header: readonly string[], today: string = new Date().toISOString().slice(0, 10)): CompiledMapping {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('The mapping must be a JSON object of hub field → column');
  const fields: CompiledField[] = [];
  const known = new Set<string>(MAPPABLE_FIELDS);
  const columns = new Set(header);
  for (const [field, source] of Object.entries(raw as Record<string, unknown>)) {
    if (!known.has(field)) {
      problems.push(`"${field}" is not a hub field (one of ${MAPPABLE_FIELDS.join(', ')})`);
      continue;
    }
    let cols: string[] = [];
    let layout: DateLayout | null = null;
    if (typeof source === 'string') cols = [source];
    else if (Array.isArray(source) && source.every((s) => typeof s === 'string')) cols = source as string[];
    else if (typeof source === 'object' && source !== null && 'columns' in source) {
      const s = source as { columns: unknown; format?: unknown; pivot?: unknown };
      cols = typeof s.columns === 'string' ? [s.columns] : Array.isArray(s.columns) ? (s.columns as string[]) : [];
      if (s.format !== undefined || s.pivot !== undefined) {
        try {
          if (field !== 'dateOfBirth') throw new Error('only dateOfBirth takes a format or a pivot');
          if (typeof s.format !== 'string') throw new Error('format must be a layout such as DD/MM/YYYY, D M YY, MM/YYYY or YYYY');
          layout = parseDateLayout(s.format, s.pivot === undefined ? defaultPivot(today) : (s.pivot as number));
          if (cols.length > 1 && cols.length !== layout.tokens.length) {
            throw new Error(`${cols.length} columns but the format has ${layout.tokens.length} parts (give one column per part, in the format's order)`);
          }
        } catch (err) {
          problems.push(`${field}: ${(err as Error).message}`);
        }
      }
    }
    if (cols.length === 0) problems.push(`${field}: give a column name, a list of column names, or { "columns": …, "format": … }`);
    for (const c of cols) if (!columns.has(c)) problems.push(`${field}: the file has no column "${c}"`);
    fields.push({ field: field as MappableField, columns: cols, layout });
  }
  if (!fields.some((f) => f.field === 'partnerReference')) problems.push('partnerReference must be mapped');
  if (problems.length > 0) throw new Error(`Column mapping problems:\n  ${problems.join('\n  ')}`);
  return {
    fields,
    toSubmission(row) {
      const out: PartnerRecordSubmission = {};
      for (const f of fields) {
        const values = f.columns.map((c) => (row[c] ?? '').trim());
        const joined = values.filter((v) => v.length > 0).join(' ');
        // A date that does not fit its layout goes on as written, for validation to keep and name.
        out[f.field] = joined.length === 0 ? null : f.layout ? (readDate(values, f.layout) ?? joined) : joined;
      }
      return out;
    },
  };
}

/** A date in one of the event files' layouts as YYYY-MM-DD (left as it was when it does not fit, so validation names it). */
export function toIsoDate(value: string, format: (typeof DATE_FORMATS)[number]): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length !== 8) return value;
  switch (format) {
    case 'YYYY-MM-DD':
    case 'YYYYMMDD':
      return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
    default:
      return `${digits.slice(4, 8)}-${digits.slice(2, 4)}-${digits.slice(0, 2)}`;
  }
}
