import type { DataCategory } from '../policy/data-category.js';
import type { RedactionReason } from '../policy/redaction-reason.js';

/** Whether an access event released personal data, withheld it, both, or neither (a change or a log read). */
export const ACCESS_OUTCOMES = ['RELEASED', 'PARTIAL', 'WITHHELD', 'NONE'] as const;

/** One access outcome. */
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

/** Audit event names (`subject.action`) written by the hub itself; mutations add their own (`consent.withdrawn` …). */
export const AUDIT_EVENTS = {
  personRead: 'person.read',
  operationRefused: 'operation.refused',
  accessLogRead: 'access_log.read',
  accessLogExported: 'access_log.exported',
  accessLogVerified: 'access_log.verified',
  subjectAccessReported: 'subject_access.reported',
  /** An import was opened (ids and channel). */
  importOpened: 'import.opened',
  /** An import was closed to further rows (ids and row counts). */
  importSealed: 'import.sealed',
  /** An import was closed as FAILED before its last row (ids, counts and a reason code); the rows it landed stay. */
  importFailed: 'import.failed',
  /** One chunk of an import landed: row counts and the ids of the records created (or changed before any person held them). */
  recordReceived: 'record.received',
  /** Records already linked to a person were changed by a newer version (one row per person). */
  recordUpdated: 'record.updated',
  /**
   * The matcher made new persons of records no person held: one row per chunk (up to 1000 persons), each
   * person id with its record ids (a row per person would cost a large first load a tenth of its time).
   */
  personCreated: 'person.created',
  /** The matcher put records into an existing person, or into a new one with records taken from others. */
  personLinked: 'person.linked',
  /** The matcher merged whole persons into this one: their ids and the records that moved. */
  personMerged: 'person.merged',
  /** The matcher moved records out of this person (it survives with the rest, or is removed when emptied). */
  personUnlinked: 'person.unlinked',
} as const;

/**
 * One row to append, as the append function takes it (JSON). Ids, field names, categories, reasons
 * and agreement versions only: never a value of personal data.
 */
export interface AccessEventInput {
  event: string;
  outcome: AccessOutcome;
  requestId: string;
  operation: string;
  principalId: string | null;
  organisationId: string | null;
  roles: string[];
  purpose: string | null;
  personId: string | null;
  /** `CATEGORY.field@N` entries, N the supplier's index in providerIds. */
  released: string[];
  /** `CATEGORY.field@N!REASON` entries. */
  withheld: string[];
  /** `reference@version` of each agreement relied on. */
  agreements: string[];
  /** The organisations whose data the event concerns, sorted (for IG officers' scope; entries point into it). */
  providerIds: string[];
  /** Canonical JSON of what changed or what was asked; no personal values. */
  details: string | null;
}

/** A released or withheld value, as stored in an access event. */
export interface FieldEntry {
  category: DataCategory | string;
  field: string;
  providerOrganisationId: string;
  reason: RedactionReason | string | null;
}

/**
 * Encodes a released (no reason) or withheld (with reason) value as one array entry. The supplier is
 * written as its index in the row's `provider_ids` (a row names each supplier once: rows stay small).
 */
export function encodeEntry(e: FieldEntry, providerIds: readonly string[]): string {
  const i = providerIds.indexOf(e.providerOrganisationId.toLowerCase());
  if (i < 0) throw new Error('encodeEntry: the supplier is not among the row provider ids');
  return `${e.category}.${e.field}@${i}${e.reason ? `!${e.reason}` : ''}`;
}

const ENTRY = /^([A-Z_*]+)\.([A-Za-z0-9_*]+)@(\d+)(?:!([A-Z_]+))?$/;

/** Decodes an entry made by encodeEntry with the row's provider ids; a malformed entry is returned whole as the field name. */
export function decodeEntry(text: string, providerIds: readonly string[]): FieldEntry {
  const m = ENTRY.exec(text);
  if (!m) return { category: '?', field: text, providerOrganisationId: '', reason: null };
  return { category: m[1]!, field: m[2]!, providerOrganisationId: providerIds[Number(m[3])] ?? '', reason: m[4] ?? null };
}

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
