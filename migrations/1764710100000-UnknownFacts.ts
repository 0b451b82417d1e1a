import type { MigrationInterface, QueryRunner } from 'typeorm';

// The facts, each from one record or one tier-history event: what can make a status unknown, and what shows
// it known again. Only the columns the worklist reads, so that listing an LA's worklist reads a narrow table
// and person_state, never the partners' payloads (a 100,000-person cohort holds about a fifth as many facts).
export const RECORD_FACTS = `
  INSERT INTO unknown_fact (source_id, kind, person_id, supplier_id, since, record_id)
  SELECT sr.id, f.kind, sr.person_id, sr.provider_organisation_id, f.since, sr.id
    FROM source_record sr
    JOIN organisation o ON o.id = sr.provider_organisation_id
    CROSS JOIN LATERAL (
      SELECT 'TIER_1' AS kind, coalesce(iso_date_or_null(sr.payload -> 'TIER_STATUS' ->> 'assessedOn'), sr.received_at::date) AS since
       WHERE o.kind = 'CAREERS_WALES' AND sr.payload -> 'TIER_STATUS' ->> 'tier' = '1'
      UNION ALL
      SELECT 'KNOWN', iso_date_or_null(sr.payload -> 'TIER_STATUS' ->> 'assessedOn')
       WHERE o.kind = 'CAREERS_WALES' AND sr.payload -> 'TIER_STATUS' ->> 'tier' IN ('2', '3', '4', '5')
      UNION ALL
      SELECT 'NO_CAREERS_WALES_CONTACT', iso_date_or_null(sr.payload -> 'CAREERS_GUIDANCE' ->> 'lastContactOn')
       WHERE o.kind = 'CAREERS_WALES' AND sr.payload ? 'CAREERS_GUIDANCE'
      UNION ALL
      SELECT 'LEFT_PROVISION', coalesce(iso_date_or_null(sr.payload -> 'EDUCATION_ENROLMENT' ->> 'withdrawnOn'),
                                        iso_date_or_null(sr.payload -> 'EDUCATION_ENROLMENT' ->> 'leftOn'), sr.received_at::date)
       WHERE sr.payload -> 'EDUCATION_ENROLMENT' ->> 'status' IN ('WITHDRAWN', 'LEFT')
         AND (o.kind IN ('FE_COLLEGE', 'WBL_PROVIDER') OR (o.kind = 'SCHOOL' AND sr.payload -> 'EDUCATION_ENROLMENT' ->> 'yearGroup' IN ('12', '13')))
      UNION ALL
      SELECT 'ENROLLED', iso_date_or_null(sr.payload -> 'EDUCATION_ENROLMENT' ->> 'startDate')
       WHERE sr.payload -> 'EDUCATION_ENROLMENT' ->> 'status' = 'ENROLLED'
    ) AS f
   WHERE sr.id = ANY(ids) AND sr.person_id IS NOT NULL AND f.since IS NOT NULL
     AND sr.payload ?| ARRAY['TIER_STATUS', 'CAREERS_GUIDANCE', 'EDUCATION_ENROLMENT']`;

// Careers Wales's latest destinations return per supplier says "no answer" (unknown) or a destination (known);
// an assessment of tier 2 to 5 shows the young person known.
export const EVENT_FACTS = `
  INSERT INTO unknown_fact (source_id, kind, person_id, supplier_id, since, event_id)
  SELECT te.id, CASE WHEN te.kind = 'ASSESSMENT' OR te.reason <> 'NON_RESPONDENT' THEN 'KNOWN' ELSE 'DESTINATION_NON_RESPONDENT' END,
         te.person_id, te.source_organisation_id, te.effective_on, te.id
    FROM tier_event te
   WHERE te.person_id = ANY(ids)
     AND ((te.kind = 'ASSESSMENT' AND te.tier BETWEEN 2 AND 5)
          OR (te.kind = 'DESTINATION_RETURN' AND te.reason <> 'LEFT_AREA'
              AND NOT EXISTS (SELECT 1 FROM tier_event later WHERE later.person_id = te.person_id AND later.kind = 'DESTINATION_RETURN'
                                 AND later.source_organisation_id = te.source_organisation_id AND later.seq > te.seq)))`;

/**
 * The tier-1 unknowns worklist's facts (src/modules/worklist/worklist.sql.ts), kept in one narrow table by
 * statement-level triggers from the records and the tier history, as person_state is. Which of them an EPC
 * sees is still decided per request from the sharing rules; this table only saves reading every payload.
 */
export class UnknownFacts1764710100000 implements MigrationInterface {
  name = 'UnknownFacts1764710100000';

  async up(q: QueryRunner): Promise<void> {
    // Partners' dates are text: one that is not a date reads as null rather than failing the statement.
    await q.query(`
      CREATE FUNCTION iso_date_or_null(value text) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN value ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
                     AND substr(value, 9, 2)::int <= extract(day FROM make_date(substr(value, 1, 4)::int, substr(value, 6, 2)::int, 1) + interval '1 month - 1 day')
                    THEN value::date END
      $$`);
    await q.query(`
      CREATE TABLE unknown_fact (
        source_id    uuid NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('TIER_1', 'NO_CAREERS_WALES_CONTACT', 'DESTINATION_NON_RESPONDENT', 'LEFT_PROVISION', 'KNOWN', 'ENROLLED')),
        person_id    uuid NOT NULL REFERENCES young_person(id) ON DELETE CASCADE,
        supplier_id  uuid NOT NULL,
        since        date NOT NULL,
        record_id    uuid REFERENCES source_record(id) ON DELETE CASCADE,
        event_id     uuid REFERENCES tier_event(id) ON DELETE CASCADE,
        PRIMARY KEY (source_id, kind),
        CHECK (num_nonnulls(record_id, event_id) = 1)
      )`);
    await q.query(`CREATE INDEX unknown_fact_kind_since_idx ON unknown_fact (kind, since)`);
    await q.query(`CREATE INDEX unknown_fact_person_idx ON unknown_fact (person_id, kind, since)`);
    // For the foreign keys' cascades (a record or an event removed).
    await q.query(`CREATE INDEX unknown_fact_record_idx ON unknown_fact (record_id) WHERE record_id IS NOT NULL`);
    await q.query(`CREATE INDEX unknown_fact_event_idx ON unknown_fact (event_id) WHERE event_id IS NOT NULL`);
    // An LA's young people of an age band, without visiting the whole of person_state.
    await q.query(`CREATE INDEX person_state_la_dob_idx ON person_state (home_la_code, date_of_birth)`);
    await q.query(`CREATE INDEX tier_event_reverses_idx ON tier_event (reverses_event_id) WHERE reverses_event_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION refresh_record_unknown_facts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM unknown_fact WHERE source_id = ANY(ids) AND record_id IS NOT NULL;
        ${RECORD_FACTS};
      $$`);
    await q.query(`
      CREATE FUNCTION refresh_event_unknown_facts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM unknown_fact WHERE event_id IS NOT NULL AND person_id = ANY(ids);
        ${EVENT_FACTS};
      $$`);
    // One trigger function per shape of transition table (as for person_state).
    for (const [table, refresh, key] of [
      ['source_record', 'refresh_record_unknown_facts', 'id'],
      ['tier_event', 'refresh_event_unknown_facts', 'person_id'],
    ] as const) {
      await q.query(`
        CREATE FUNCTION ${table}_facts_after_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            PERFORM ${refresh}(ARRAY(SELECT DISTINCT n.${key} FROM new_rows n WHERE n.${key} IS NOT NULL));
          ELSIF TG_OP = 'UPDATE' THEN
            PERFORM ${refresh}(ARRAY(SELECT n.${key} FROM new_rows n WHERE n.${key} IS NOT NULL UNION SELECT o.${key} FROM old_rows o WHERE o.${key} IS NOT NULL));
          ELSE
            PERFORM ${refresh}(ARRAY(SELECT DISTINCT o.${key} FROM old_rows o WHERE o.${key} IS NOT NULL));
          END IF;
          RETURN NULL;
        END $$`);
      await q.query(`CREATE TRIGGER ${table}_facts_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION ${table}_facts_after_write()`);
      await q.query(`CREATE TRIGGER ${table}_facts_upd AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION ${table}_facts_after_write()`);
      await q.query(`CREATE TRIGGER ${table}_facts_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION ${table}_facts_after_write()`);
    }
    await q.query(`SELECT refresh_record_unknown_facts(ARRAY(SELECT id FROM source_record WHERE person_id IS NOT NULL))`);
    await q.query(`SELECT refresh_event_unknown_facts(ARRAY(SELECT DISTINCT person_id FROM tier_event))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['source_record', 'tier_event']) {
      await q.query(`DROP TRIGGER ${table}_facts_ins ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_facts_upd ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_facts_del ON ${table}`);
      await q.query(`DROP FUNCTION ${table}_facts_after_write()`);
    }
    await q.query(`DROP FUNCTION refresh_event_unknown_facts(uuid[])`);
    await q.query(`DROP FUNCTION refresh_record_unknown_facts(uuid[])`);
    await q.query(`DROP INDEX tier_event_reverses_idx`);
    await q.query(`DROP INDEX person_state_la_dob_idx`);
    await q.query(`DROP TABLE unknown_fact`);
    await q.query(`DROP FUNCTION iso_date_or_null(text)`);
  }
}
