// Lands validated partner rows as source records: new references are created, changed content makes a
// new version, identical content changes nothing (idempotent resubmission), an older version is refused.
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { CategorisedPayload } from '../sources/source-record.entity.js';
import { validateRecord, type AgeRange, type PartnerRecordSubmission, type RowProblem, type ValidRecord } from './record-validation.js';

/** What happened to one submitted row. */
export type RowOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED';

/** The result of one row. */
export interface RowResult {
  rowNumber: number;
  outcome: RowOutcome;
  sourceRecordId: string | null;
  /** The person the record was linked to before this submission (for the change log), if any. */
  personId: string | null;
  version: number | null;
  errors: RowProblem[];
  warnings: RowProblem[];
}

const IDENTITY_FIELDS = [
  'givenName', 'middleNames', 'familyName', 'dateOfBirth', 'sex', 'postcode', 'addressLine', 'locality',
  'upn', 'uln', 'otherIdentifier', 'email', 'phone',
] as const;

/** Canonical JSON (sorted keys) so that equal content always hashes equally. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** The hash of a record's content: identity fields and payload, not its reference or version. */
export function contentHash(
  r: Pick<ValidRecord, (typeof IDENTITY_FIELDS)[number]> & Partial<Pick<ValidRecord, 'dateOfBirthText' | 'flaggedFields'>>,
  payload: CategorisedPayload,
): string {
  const identity: Record<string, unknown> = Object.fromEntries(IDENTITY_FIELDS.map((f) => [f, r[f] ?? null]));
  // Only when present, so that the hashes of records without them stay what they were.
  if (r.dateOfBirthText) identity['dateOfBirthText'] = r.dateOfBirthText;
  if (r.flaggedFields && r.flaggedFields.length > 0) identity['flaggedFields'] = r.flaggedFields;
  return createHash('sha256').update(canonical({ identity, payload })).digest('hex');
}

interface Existing {
  id: string;
  partner_reference: string;
  version: number;
  content_hash: string | null;
  payload: CategorisedPayload;
  person_id: string | null;
}

/** Validates and lands a batch of rows for one provider; returns a result per row, in order. */
export async function ingestRows(
  em: EntityManager,
  providerOrganisationId: string,
  submissions: readonly PartnerRecordSubmission[],
  firstRowNumber: number,
): Promise<RowResult[]> {
  const results: RowResult[] = [];
  const valid: Array<{ index: number; record: ValidRecord }> = [];
  const seen = new Map<string, number>();
  // One day for the whole batch, so that every row's dates are judged against the same "today".
  const today = new Date().toISOString().slice(0, 10);
  const [ages] = (await em.query('SELECT min_age AS "minAge", max_age AS "maxAge" FROM organisation WHERE id = $1', [providerOrganisationId])) as AgeRange[];
  submissions.forEach((s, i) => {
    const rowNumber = firstRowNumber + i;
    const v = validateRecord(s, today, ages ?? {});
    if (!v.ok) {
      results.push({ rowNumber, outcome: 'REJECTED', sourceRecordId: null, personId: null, version: null, errors: v.errors, warnings: [] });
      return;
    }
    const earlier = seen.get(v.record.partnerReference);
    if (earlier !== undefined) {
      results.push({
        rowNumber, outcome: 'REJECTED', sourceRecordId: null, personId: null, version: null, warnings: [],
        errors: [{ field: 'partnerReference', reason: `repeats the reference of row ${earlier} in this batch` }],
      });
      return;
    }
    seen.set(v.record.partnerReference, rowNumber);
    results.push({ rowNumber, outcome: 'UNCHANGED', sourceRecordId: null, personId: null, version: null, errors: [], warnings: v.warnings });
    valid.push({ index: i, record: v.record });
  });
  if (valid.length === 0) return results;

  const existing = new Map(
    ((await em.query(
      `SELECT id, partner_reference, version, content_hash, payload, person_id FROM source_record
        WHERE provider_organisation_id = $1 AND partner_reference = ANY($2) FOR UPDATE`,
      [providerOrganisationId, valid.map((v) => v.record.partnerReference)],
    )) as Existing[]).map((e) => [e.partner_reference, e]),
  );

  type Write = { id: string; record: ValidRecord; payload: CategorisedPayload; hash: string; version: number };
  const creates: Write[] = [];
  const updates: Write[] = [];
  for (const { index, record } of valid) {
    const result = results[index]!;
    const old = existing.get(record.partnerReference);
    const payload = record.payload ?? old?.payload ?? {};
    const hash = contentHash(record, payload);
    if (!old) {
      const id = randomUUID();
      creates.push({ id, record, payload, hash, version: record.version ?? 1 });
      Object.assign(result, { outcome: 'CREATED', sourceRecordId: id, version: record.version ?? 1 });
    } else if (old.content_hash === hash) {
      Object.assign(result, { outcome: 'UNCHANGED', sourceRecordId: old.id, personId: old.person_id, version: old.version });
    } else if (record.version !== null && record.version <= old.version) {
      Object.assign(result, {
        outcome: 'REJECTED',
        warnings: [],
        errors: [{ field: 'version', reason: `is not newer than the version the hub holds (${old.version})` }],
      });
    } else {
      const version = record.version ?? old.version + 1;
      updates.push({ id: old.id, record, payload, hash, version });
      Object.assign(result, { outcome: 'UPDATED', sourceRecordId: old.id, personId: old.person_id, version });
    }
  }

  const columns = (ws: Write[]): unknown[] => [
    ws.map((w) => w.id),
    ws.map((w) => w.record.givenName),
    ws.map((w) => w.record.middleNames),
    ws.map((w) => w.record.familyName),
    ws.map((w) => w.record.dateOfBirth),
    ws.map((w) => w.record.sex),
    ws.map((w) => w.record.postcode),
    ws.map((w) => w.record.addressLine),
    ws.map((w) => w.record.locality),
    ws.map((w) => w.record.upn),
    ws.map((w) => w.record.uln),
    ws.map((w) => w.record.otherIdentifier),
    ws.map((w) => w.record.email),
    ws.map((w) => w.record.phone),
    ws.map((w) => JSON.stringify(w.payload)),
    ws.map((w) => w.version),
    ws.map((w) => w.hash),
    ws.map((w) => w.record.dateOfBirthText),
    ws.map((w) => `{${w.record.flaggedFields.join(',')}}`),
  ];
  const unnest = `unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::text[], $9::text[],
                         $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::jsonb[], $16::int[], $17::text[],
                         $18::text[], $19::text[])
                  AS v(id, given_name, middle_names, family_name, date_of_birth, sex, postcode, address_line, locality, upn, uln,
                       other_identifier, email, phone, payload, version, content_hash, date_of_birth_text, flagged_fields)`;
  if (creates.length > 0) {
    await em.query(
      `INSERT INTO source_record (id, provider_organisation_id, partner_reference, given_name, middle_names, family_name, date_of_birth,
         sex, postcode, address_line, locality, upn, uln, other_identifier, email, phone, payload, version, content_hash, received_at,
         date_of_birth_text, flagged_fields)
       SELECT v.id, $20::uuid, r.ref, v.given_name, v.middle_names, v.family_name, v.date_of_birth, v.sex, v.postcode, v.address_line,
              v.locality, v.upn, v.uln, v.other_identifier, v.email, v.phone, v.payload, v.version, v.content_hash, now(),
              v.date_of_birth_text, v.flagged_fields::text[]
         FROM ${unnest} JOIN unnest($1::uuid[], $21::text[]) AS r(id, ref) ON r.id = v.id`,
      [...columns(creates), providerOrganisationId, creates.map((w) => w.record.partnerReference)],
    );
  }
  if (updates.length > 0) {
    await em.query(
      `UPDATE source_record sr SET given_name = v.given_name, middle_names = v.middle_names, family_name = v.family_name,
         date_of_birth = v.date_of_birth, sex = v.sex, postcode = v.postcode, address_line = v.address_line, locality = v.locality,
         upn = v.upn, uln = v.uln, other_identifier = v.other_identifier, email = v.email, phone = v.phone, payload = v.payload,
         version = v.version, content_hash = v.content_hash, received_at = now(),
         date_of_birth_text = v.date_of_birth_text, flagged_fields = v.flagged_fields::text[]
         FROM ${unnest} WHERE sr.id = v.id`,
      columns(updates),
    );
  }
  return results;
}
