import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { groupByStrongIdentifiers } from '../matching/strong-identifier-links.js';
import { latestSnapshot } from '../destinations/destinations.policy.js';
import type { CohortOptions, GeneratedDestinationReturn, GeneratedNotification, GeneratedSourceRecord } from './cohort.types.js';
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
  const notifications: GeneratedNotification[] = [];
  const destinations: GeneratedDestinationReturn[] = [];
  let people = 0;
  await ds.transaction(async (em) => {
    await em.query('TRUNCATE source_record, young_person CASCADE');
    let batch: GeneratedSourceRecord[] = [];
    for (const { person, records, notifications: notified, destinations: returned } of generateCohort(options)) {
      people++;
      notifications.push(...notified);
      destinations.push(...returned);
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
    await insertEvents(em, notifications, destinations, options.asOf);
    if (linking === 'identifiers') {
      await linkByStrongIdentifiers(em, ids, identifiers);
      await seedConsentLedger(em);
      await seedEventHistory(em);
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

/**
 * The partners' events about their learners, beside the records they name: drop-out notifications (each as
 * received on its notification date; Careers Wales has closed those older than 30 days) and the destinations
 * return for the latest 31 October before `asOf`.
 */
async function insertEvents(
  em: EntityManager,
  notifications: readonly GeneratedNotification[],
  destinations: readonly GeneratedDestinationReturn[],
  asOf: string,
): Promise<void> {
  for (let i = 0; i < notifications.length; i += BATCH) {
    const part = notifications.slice(i, i + BATCH);
    await em.query(
      `INSERT INTO dropout_notification (provider_organisation_id, source_record_id, reason, left_on, notified_on, channel, received_at)
       SELECT sr.provider_organisation_id, sr.id, v.reason, v.left_on, v.notified_on, 'SEED', v.notified_on + time '09:30'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::date[]) AS v(code, ref, reason, left_on, notified_on)
         JOIN organisation o ON o.code = v.code
         JOIN source_record sr ON sr.provider_organisation_id = o.id AND sr.partner_reference = v.ref
       ON CONFLICT DO NOTHING`,
      [part.map((n) => n.providerCode), part.map((n) => n.partnerReference), part.map((n) => n.reason), part.map((n) => n.leftOn), part.map((n) => n.notifiedOn)],
    );
  }
  await em.query(
    `UPDATE dropout_notification SET closed_at = notified_on + 10, closed_by = (SELECT id FROM principal WHERE handle = 'cw.adviser.cardiff')
      WHERE channel = 'SEED' AND closed_at IS NULL AND notified_on < $1::date - 30 AND EXISTS (SELECT 1 FROM principal WHERE handle = 'cw.adviser.cardiff')`,
    [asOf],
  );
  for (let i = 0; i < destinations.length; i += BATCH) {
    const part = destinations.slice(i, i + BATCH);
    await em.query(
      `INSERT INTO destination_return (provider_organisation_id, source_record_id, snapshot_on, year_group, la_code, destination,
                                       non_respondent, left_area, channel, received_at)
       SELECT o.id, sr.id, $1::date, v.year_group, v.la_code, v.destination, v.non_respondent, v.left_area, 'SEED', $1::date + 30
         FROM unnest($2::text[], $3::smallint[], $4::text[], $5::text[], $6::boolean[], $7::boolean[])
              AS v(ref, year_group, la_code, destination, non_respondent, left_area)
         JOIN organisation o ON o.code = 'careers-wales'
         JOIN source_record sr ON sr.provider_organisation_id = o.id AND sr.partner_reference = v.ref
       ON CONFLICT DO NOTHING`,
      [
        latestSnapshot(asOf),
        part.map((d) => d.partnerReference),
        part.map((d) => d.yearGroup),
        part.map((d) => d.laCode),
        part.map((d) => d.destination),
        part.map((d) => d.nonRespondent),
        part.map((d) => d.leftArea),
      ],
    );
  }
}

/**
 * The seeded notifications and survey returns of young people whose records are now linked join their tier
 * history (as they would have on arrival through the API or the loader); safe to run again.
 */
export async function seedEventHistory(em: Pick<EntityManager, 'query'>): Promise<void> {
  await em.query(
    `INSERT INTO tier_event (person_id, kind, effective_on, recorded_at, source_organisation_id, reason, source_event_id)
     SELECT sr.person_id, 'DROP_OUT_NOTIFICATION', coalesce(n.left_on, n.notified_on), n.received_at, n.provider_organisation_id, n.reason, n.id
       FROM dropout_notification n JOIN source_record sr ON sr.id = n.source_record_id
      WHERE n.channel = 'SEED' AND sr.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tier_event te WHERE te.source_event_id = n.id)`,
  );
  await em.query(
    `INSERT INTO tier_event (person_id, kind, effective_on, recorded_at, source_organisation_id, reason, source_event_id)
     SELECT sr.person_id, 'DESTINATION_RETURN', d.snapshot_on, d.received_at, d.provider_organisation_id,
            CASE WHEN d.non_respondent THEN 'NON_RESPONDENT' WHEN d.left_area THEN 'LEFT_AREA' ELSE d.destination END, d.id
       FROM destination_return d JOIN source_record sr ON sr.id = d.source_record_id
      WHERE d.channel = 'SEED' AND sr.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tier_event te WHERE te.source_event_id = d.id)`,
  );
}

/** Quotes a CSV field when it needs it. */
function csv(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
