// A partner's column mapping: from the partner's CSV column names to the hub's identity fields, so
// any partner's export loads without code changes. Kept as JSON beside the export.
import type { PartnerRecordSubmission } from './record-validation.js';

/** The hub fields a column may map to. */
export const MAPPABLE_FIELDS = [
  'partnerReference', 'givenName', 'middleNames', 'familyName', 'dateOfBirth', 'sex', 'postcode', 'addressLine', 'locality',
  'upn', 'uln', 'otherIdentifier', 'email', 'phone',
] as const;

/** One hub field of the mapping. */
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** Date layouts a partner's export may use. */
export const DATE_FORMATS = ['YYYY-MM-DD', 'YYYYMMDD', 'DD/MM/YYYY', 'DD-MM-YYYY', 'DD.MM.YYYY'] as const;

/** How one hub field is filled: a column, several columns joined with a space, or either with a date format. */
export type FieldSource = string | string[] | { columns: string | string[]; format?: (typeof DATE_FORMATS)[number] };

/** A whole mapping, as read from the mapping file. */
export type ColumnMapping = Partial<Record<MappableField, FieldSource>>;

interface CompiledField {
  field: MappableField;
  columns: string[];
  format: (typeof DATE_FORMATS)[number] | null;
}

/** A checked mapping that turns CSV rows (objects keyed by column) into submissions. */
export interface CompiledMapping {
  fields: CompiledField[];
  toSubmission(row: Record<string, string | undefined>): PartnerRecordSubmission;
}

/** Checks a mapping against the CSV header; throws one message naming every problem. */
export function compileMapping(raw: unknown, header: readonly string[]): CompiledMapping {
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
    let format: CompiledField['format'] = null;
    if (typeof source === 'string') cols = [source];
    else if (Array.isArray(source) && source.every((s) => typeof s === 'string')) cols = source as string[];
    else if (typeof source === 'object' && source !== null && 'columns' in source) {
      const s = source as { columns: unknown; format?: unknown };
      cols = typeof s.columns === 'string' ? [s.columns] : Array.isArray(s.columns) ? (s.columns as string[]) : [];
      if (s.format !== undefined) {
        if (!(DATE_FORMATS as readonly unknown[]).includes(s.format)) problems.push(`${field}: format must be one of ${DATE_FORMATS.join(', ')}`);
        else format = s.format as CompiledField['format'];
      }
    }
    if (cols.length === 0) problems.push(`${field}: give a column name, a list of column names, or { "columns": …, "format": … }`);
    for (const c of cols) if (!columns.has(c)) problems.push(`${field}: the file has no column "${c}"`);
    fields.push({ field: field as MappableField, columns: cols, format });
  }
  if (!fields.some((f) => f.field === 'partnerReference')) problems.push('partnerReference must be mapped');
  if (problems.length > 0) throw new Error(`Column mapping problems:\n  ${problems.join('\n  ')}`);
  return {
    fields,
    toSubmission(row) {
      const out: PartnerRecordSubmission = {};
      for (const f of fields) {
        const joined = f.columns.map((c) => (row[c] ?? '').trim()).filter((v) => v.length > 0).join(' ');
        out[f.field] = joined.length === 0 ? null : f.format ? toIsoDate(joined, f.format) : joined;
      }
      return out;
    },
  };
}

/** A date in one of the supported layouts as YYYY-MM-DD (left as it was when it does not fit, so validation names it). */
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
