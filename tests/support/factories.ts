import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CategorisedPayload } from '../../src/modules/sources/source-record.entity.js';

/** A source record for a factory-made person; unspecified fields get harmless synthetic values. */
export interface RecordSpec {
  providerCode: string;
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  /** Default: a postcode in the provider's LA (the home LA follows addresses); none for a provider with no LA. */
  postcode?: string | null;
  upn?: string | null;
  uln?: string | null;
  payload?: CategorisedPayload;
}

/** A postcode in each LA the tests' providers serve (the home LA is where the address is: src/modules/moves). */
export const POSTCODE_IN: Readonly<Record<string, string>> = {
  cardiff: 'CF10 1AA',
  gwynedd: 'LL55 1AA',
  'blaenau-gwent': 'NP23 5AA',
  swansea: 'SA1 1AA',
  newport: 'NP20 1AA',
};

/** Creates one young person with the given source records; returns the person id and record ids. */
export async function createPerson(ds: DataSource, records: RecordSpec[]): Promise<{ personId: string; recordIds: string[] }> {
  const personId = randomUUID();
  await ds.query('INSERT INTO young_person (id) VALUES ($1)', [personId]);
  const recordIds: string[] = [];
  for (const r of records) {
    const id = randomUUID();
    const org = (await ds.query('SELECT id, la_code FROM organisation WHERE code = $1', [r.providerCode])) as Array<{ id: string; la_code: string | null }>;
    if (!org[0]) throw new Error(`factory: no organisation with code ${r.providerCode}`);
    await ds.query(
      `INSERT INTO source_record (id, provider_organisation_id, partner_reference, person_id, given_name, family_name,
         date_of_birth, postcode, upn, uln, payload)
       VALUES ($1, $11, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        `T-${id.slice(0, 8)}`,
        personId,
        r.givenName ?? 'Ffion',
        r.familyName ?? 'Test',
        r.dateOfBirth ?? '2009-03-14',
        r.postcode !== undefined ? r.postcode : org[0].la_code ? (POSTCODE_IN[org[0].la_code] ?? null) : null,
        r.upn ?? null,
        r.uln ?? null,
        JSON.stringify(r.payload ?? {}),
        org[0].id,
      ],
    );
    recordIds.push(id);
  }
  return { personId, recordIds };
}

/** Records a Careers Wales tier assessment for a person, as assessed today. */
export async function setTier(ds: DataSource, personId: string, tier: number): Promise<void> {
  await ds.query('INSERT INTO tier_assessment (person_id, tier, assessed_on) VALUES ($1, $2, current_date)', [personId, tier]);
}

/** An ISO date of birth for someone who turns `years` old `daysFromToday` days from today (0: today). */
export function birthdayIn(years: number, daysFromToday = 0): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + daysFromToday);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
}

/**
 * Ties record `a` to record `b` (of the same person) as the matcher or an EPC would: `UPN`/`ULN` is a link
 * on a valid strong identifier, `CONFIRMED` an EPC's confirmation, `SCORED` a probabilistic link only.
 */
export async function linkRecords(ds: DataSource, a: string, b: string, how: 'UPN' | 'ULN' | 'CONFIRMED' | 'SCORED'): Promise<void> {
  const [x, y] = a < b ? [a, b] : [b, a];
  await ds.query(
    `INSERT INTO match_candidate (record_a_id, record_b_id, version_a, version_b, rule, levels, weights, prior, total_weight, probability, status)
     VALUES ($1, $2, 1, 1, $3, '{}', '{}', -10, 12, 0.999, $4)`,
    [x, y, how === 'UPN' || how === 'ULN' ? how : 'SCORED', how === 'CONFIRMED' ? 'CONFIRMED' : 'LINKED'],
  );
}
