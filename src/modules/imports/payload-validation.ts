// Field-by-field validation of a submitted payload against its category's schema (sources/payload-schemas.ts).
// Strings are cleaned first (clean-text.ts); a field that fails is dropped with a warning naming it
// (`payload.TIER_STATUS.assessedOn`) and the rest lands. Fields no schema describes are dropped too, with a
// warning: what lands is only what the hub can check. Reasons say what is expected, never what was sent.
import { z } from 'zod';
import { isDataCategory } from '../../policy/data-category.js';
import { payloadSchemas, type CategorySchema, type FieldSchema, type PayloadCategory } from '../sources/payload-schemas.js';
import type { CategorisedPayload } from '../sources/source-record.entity.js';
import { cleanText, REMOVED_REASONS, type RemovedKind } from './clean-text.js';
import type { RowProblem } from './record-validation.js';

/** A payload after validation: what lands (null when none was sent: the stored one is kept) and the warnings. */
export interface CheckedPayload {
  payload: CategorisedPayload | null;
  warnings: RowProblem[];
}

// A key is named in a warning only when it looks like a field name; any other key could be a value.
const NAMEABLE_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
// No field nests deeper than grades by subject; deeper values are refused by the schema without being walked.
const MAX_CLEAN_DEPTH = 3;
// Unknown keys named one by one per object; any more are counted, so a flood of keys cannot flood the warnings.
const MAX_NAMED_UNKNOWN = 10;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Cleans every string of a JSON value, noting the kinds of characters removed; blank strings become null. */
function cleanDeep(value: unknown, removed: Set<RemovedKind>, depth = 0): unknown {
  if (typeof value === 'string') {
    const cleaned = cleanText(value);
    for (const kind of cleaned.removed) removed.add(kind);
    return cleaned.text.length > 0 ? cleaned.text : null;
  }
  if (depth >= MAX_CLEAN_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => cleanDeep(v, removed, depth + 1));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanDeep(v, removed, depth + 1)]));
  return value;
}

function reasonOf(error: z.ZodError): string {
  // Every schema of payload-schemas.ts sets its own messages; the fallback covers any it missed.
  return error.issues[0]?.message ?? 'is not valid';
}

/** Checks one field; returns the value to keep (undefined: dropped) and adds warnings. */
function checkField(name: string, schema: FieldSchema, raw: unknown, warnings: RowProblem[]): unknown {
  const removed = new Set<RemovedKind>();
  const value = cleanDeep(raw, removed);
  for (const kind of removed) warnings.push({ field: name, reason: REMOVED_REASONS[kind] });
  if (value === null) return null;
  if (schema instanceof z.ZodRecord && isPlainObject(value)) {
    // Grades by subject: a bad subject is dropped on its own, the others stay.
    const kept: Record<string, unknown> = {};
    let unnamed = 0;
    for (const [key, entry] of Object.entries(value)) {
      if (!z.safeParse(schema.keyType, key).success) {
        unnamed++;
        continue;
      }
      const parsed = z.safeParse(schema.valueType, entry);
      if (parsed.success) kept[key] = parsed.data;
      else warnings.push({ field: `${name}.${key}`, reason: `${reasonOf(parsed.error)}; dropped` });
    }
    if (unnamed > 0) warnings.push({ field: name, reason: `has ${unnamed} key(s) that are not subject names; dropped` });
    return Object.keys(kept).length > 0 ? kept : undefined;
  }
  const parsed = schema.safeParse(value, { error: () => 'is not valid' });
  if (parsed.success) return parsed.data;
  warnings.push({ field: name, reason: `${reasonOf(parsed.error)}; dropped` });
  return undefined;
}

function checkCategory(category: PayloadCategory, schema: CategorySchema, data: Record<string, unknown>, warnings: RowProblem[]): Record<string, unknown> {
  const prefix = `payload.${category}`;
  const kept: Record<string, unknown> = {};
  let named = 0;
  let unnamed = 0;
  for (const [key, raw] of Object.entries(data)) {
    const field = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (!field) {
      if (NAMEABLE_KEY.test(key) && named++ < MAX_NAMED_UNKNOWN) warnings.push({ field: `${prefix}.${key}`, reason: `is not a field of ${category}; dropped` });
      else unnamed++;
      continue;
    }
    const value = checkField(`${prefix}.${key}`, field, raw, warnings);
    if (value !== undefined) kept[key] = value;
  }
  if (unnamed > 0) warnings.push({ field: prefix, reason: `has ${unnamed} more key(s) that are not fields of ${category}; dropped` });
  return kept;
}

/**
 * Validates a submitted payload (keyed by data category) field by field against the schemas in force on
 * `today`: bad fields, unknown fields and unknown categories are dropped with warnings, categories left
 * with no field are left out, and the rest is returned cleaned and typed.
 */
export function validatePayload(input: unknown, today: string): CheckedPayload {
  if (input === null || input === undefined) return { payload: null, warnings: [] };
  if (!isPlainObject(input)) {
    return { payload: null, warnings: [{ field: 'payload', reason: 'must be an object keyed by data category; ignored, the stored payload is kept' }] };
  }
  const schemas = payloadSchemas(today);
  const warnings: RowProblem[] = [];
  const payload: CategorisedPayload = {};
  let named = 0;
  let unnamed = 0;
  for (const [category, data] of Object.entries(input)) {
    const name = `payload.${category}`;
    if (!Object.hasOwn(schemas, category)) {
      if (!NAMEABLE_KEY.test(category) || named++ >= MAX_NAMED_UNKNOWN) unnamed++;
      else if (category === 'CONSENT') warnings.push({ field: name, reason: 'is the consent ledger, recorded with recordConsentEvent, never part of a record; dropped' });
      else if (isDataCategory(category)) warnings.push({ field: name, reason: 'is not a data category for payloads (identity and contact are fields); dropped' });
      else warnings.push({ field: name, reason: 'is not a data category; dropped' });
      continue;
    }
    if (!isPlainObject(data)) {
      if (data !== null) warnings.push({ field: name, reason: 'must be an object of fields; dropped' });
      continue;
    }
    const kept = checkCategory(category as PayloadCategory, schemas[category as PayloadCategory], data, warnings);
    if (Object.keys(kept).length > 0) payload[category as PayloadCategory] = kept;
  }
  if (unnamed > 0) warnings.push({ field: 'payload', reason: `has ${unnamed} more key(s) that are not payload categories; dropped` });
  return { payload, warnings };
}
