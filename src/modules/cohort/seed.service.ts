import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { groupByStrongIdentifiers } from '../matching/strong-identifier-links.js';
import type { CohortOptions, GeneratedSourceRecord } from './cohort.types.js';
import { generateCohort } from './generate-cohort.js';

/** Rows written per multi-row insert. */
const BATCH = 5000;

/** What a cohort seed wrote. */
export interface SeedReport {
  people: number;
  sourceRecords: number;
  linkedPeople: number;
  truthFile: string;
  seconds: number;
}

/**
 * How the seed links records: `identifiers` groups records sharing a valid UPN or ULN into people
 * (quick, but links without stored evidence); `none` leaves every record unlinked for the matcher,
 * which links with evidence an EPC can inspect and reverse (what the demo does).
 */
export type SeedLinking = 'identifiers' | 'none';

/**
 * Replaces the cohort (young people and source records, and the matching state built on them) with a
 * freshly generated one, links records as `linking` says, and writes the ground truth to `truthFile`
 * (never to the database).
 */
export async function seedCohort(ds: DataSource, options: CohortOptions, truthFile: string, linking: SeedLinking = 'identifiers'): Promise<SeedReport> {
  const started = performance.now();
  const orgIds = new Map<string, string>(
    ((await ds.query('SELECT code, id FROM organisation')) as Array<{ code: string; id: string }>).map((r) => [r.code, r.id]),
  );
  await mkdir(dirname(truthFile), { recursive: true });
  const truth = createWriteStream(truthFile, 'utf8');
  truth.write('partner,partner_reference,person_id\n');

  const ids: string[] = [];
  const identifiers: Array<{ upn: string | null; uln: string | null }> = [];
  let people = 0;
  await ds.transaction(async (em) => {
    await em.query('TRUNCATE source_record, young_person CASCADE');
    let batch: GeneratedSourceRecord[] = [];
    for (const { person, records } of generateCohort(options)) {
      people++;
      for (const r of records) {
        truth.write(`${csv(r.providerCode)},${csv(r.partnerReference)},${csv(person.truthId)}\n`);
        batch.push(r);
      }
      if (batch.length >= BATCH) {
        ids.push(...(await insertRecords(em, batch, orgIds)));
        identifiers.push(...batch.map((r) => ({ upn: r.upn, uln: r.uln })));
        batch = [];
      }
    }
    if (batch.length > 0) {
      ids.push(...(await insertRecords(em, batch, orgIds)));
      identifiers.push(...batch.map((r) => ({ upn: r.upn, uln: r.uln })));
    }
    if (linking === 'identifiers') {
      await linkByStrongIdentifiers(em, ids, identifiers);
      await seedConsentLedger(em);
    }
  });
  await new Promise<void>((resolve, reject) => truth.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const [{ count }] = (await ds.query('SELECT count(*)::int AS count FROM young_person')) as [{ count: number }];
  return {
    people,
    sourceRecords: ids.length,
    linkedPeople: count,
    truthFile,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** Inserts one batch with a single multi-row statement; returns the new ids in input order. */
async function insertRecords(em: EntityManager, batch: GeneratedSourceRecord[], orgIds: Map<string, string>): Promise<string[]> {
  const ids = batch.map(() => randomUUID());
  const col = <T>(f: (r: GeneratedSourceRecord) => T): T[] => batch.map(f);
  await em.query(
    `INSERT INTO source_record (id, provider_organisation_id, partner_reference, given_name, middle_names, family_name,
       date_of_birth, sex, postcode, address_line, locality, upn, uln, other_identifier, email, phone, payload)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[],
       $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::jsonb[])`,
    [
      ids,
      col((r) => {
        const id = orgIds.get(r.providerCode);
        if (!id) throw new Error(`Generated record names unknown provider ${r.providerCode}`);
        return id;
      }),
      col((r) => r.partnerReference),
      col((r) => r.givenName),
      col((r) => r.middleNames),
      col((r) => r.familyName),
      col((r) => r.dateOfBirth),
      col((r) => r.sex),
      col((r) => r.postcode),
      col((r) => r.addressLine),
      col((r) => r.locality),
      col((r) => r.upn),
      col((r) => r.uln),
      col((r) => r.otherIdentifier),
      col((r) => r.email),
      col((r) => r.phone),
      col((r) => JSON.stringify(r.payload)),
    ],
  );
  return ids;
}

/** Creates one young person per strong-identifier group and points each record at it. */
async function linkByStrongIdentifiers(
  em: EntityManager,
  recordIds: string[],
  identifiers: Array<{ upn: string | null; uln: string | null }>,
): Promise<void> {
  const groups = groupByStrongIdentifiers(identifiers);
  const personOfGroup = new Map<number, string>();
  const personIds = groups.map((g) => {
    let id = personOfGroup.get(g);
    if (!id) {
      id = randomUUID();
      personOfGroup.set(g, id);
    }
    return id;
  });
  const uniquePeople = [...personOfGroup.values()];
  for (let i = 0; i < uniquePeople.length; i += BATCH * 4) {
    await em.query('INSERT INTO young_person (id) SELECT unnest($1::uuid[])', [uniquePeople.slice(i, i + BATCH * 4)]);
  }
  for (let i = 0; i < recordIds.length; i += BATCH * 4) {
    await em.query(
      `UPDATE source_record sr SET person_id = v.person_id
         FROM unnest($1::uuid[], $2::uuid[]) AS v(id, person_id) WHERE sr.id = v.id`,
      [recordIds.slice(i, i + BATCH * 4), personIds.slice(i, i + BATCH * 4)],
    );
  }
}

/**
 * A realistic consent ledger for the seeded cohort, once its records are linked to people: some
 * home-educating families refuse sharing with Careers Wales; most young people known to a voluntary
 * body agree that it may tell the LA it is working with them (given by today's authority for their age).
 * Tiers need no seeding: the current tier is read from Careers Wales's records (person_state).
 */
export async function seedConsentLedger(em: Pick<EntityManager, 'query'>): Promise<void> {
  const authority = `CASE WHEN date_part('year', age(current_date, ps.date_of_birth)) >= 16 THEN 'YOUNG_PERSON' ELSE 'PARENT_GUARDIAN' END`;
  await em.query(
    `INSERT INTO consent_event (person_id, kind, recipient_kind, given_by, evidence_reference, recorded_by)
     SELECT DISTINCT ON (sr.person_id) sr.person_id, 'REFUSED', 'CAREERS_WALES', ${authority}, 'EHE-LETTER-' || sr.partner_reference,
            (SELECT id FROM principal WHERE handle = 'admin')
       FROM source_record sr JOIN person_state ps ON ps.person_id = sr.person_id
      WHERE (sr.payload->'EDUCATION_ENROLMENT'->>'electiveHomeEducation') = 'true' AND ps.date_of_birth IS NOT NULL
        AND abs(hashtext(sr.partner_reference)) % 3 = 0`,
  );
  await em.query(
    `INSERT INTO consent_event (person_id, kind, recipient_kind, categories, given_by, evidence_reference, recorded_by)
     SELECT DISTINCT ON (sr.person_id) sr.person_id, 'GIVEN', 'LOCAL_AUTHORITY', ARRAY['IDENTITY','INVOLVEMENT'], ${authority},
            'VOL-CONSENT-' || sr.partner_reference, (SELECT id FROM principal WHERE handle = 'admin')
       FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
       JOIN person_state ps ON ps.person_id = sr.person_id
      WHERE o.kind = 'VOLUNTARY' AND ps.date_of_birth IS NOT NULL AND abs(hashtext(sr.partner_reference)) % 10 < 7`,
  );
}

/** Quotes a CSV field when it needs it. */
function csv(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
