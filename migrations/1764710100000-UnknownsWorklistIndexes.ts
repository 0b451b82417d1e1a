import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tier-1 unknowns worklist starts from the few records that make a status unknown (a Careers Wales tier
 * of 1 or an old last contact, a withdrawal, a destinations non-response in the tier history): small partial indexes find them
 * without visiting a whole LA's cohort. Dates inside payloads are partners' text, so they are read with a
 * function that answers null, rather than failing the query, for one that is not a date.
 */
export class UnknownsWorklistIndexes1764710100000 implements MigrationInterface {
  name = 'UnknownsWorklistIndexes1764710100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION iso_date_or_null(value text) RETURNS date LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      BEGIN
        IF value IS NULL OR value !~ '^\\d{4}-\\d{2}-\\d{2}$' THEN RETURN NULL; END IF;
        RETURN value::date;
      EXCEPTION WHEN others THEN
        RETURN NULL;
      END $$`);
    await q.query(`CREATE INDEX source_record_tier1_idx ON source_record (person_id) WHERE (payload -> 'TIER_STATUS' ->> 'tier') = '1'`);
    await q.query(`CREATE INDEX source_record_last_contact_idx ON source_record ((payload -> 'CAREERS_GUIDANCE' ->> 'lastContactOn'))
                     WHERE (payload -> 'CAREERS_GUIDANCE' ->> 'lastContactOn') IS NOT NULL`);
    await q.query(`CREATE INDEX source_record_left_provision_idx ON source_record (person_id)
                     WHERE (payload -> 'EDUCATION_ENROLMENT' ->> 'status') IN ('WITHDRAWN', 'LEFT')`);
    await q.query(`CREATE INDEX tier_event_non_respondent_idx ON tier_event (person_id) WHERE kind = 'DESTINATION_RETURN' AND reason = 'NON_RESPONDENT'`);
    await q.query(`CREATE INDEX tier_event_reverses_idx ON tier_event (reverses_event_id) WHERE reverses_event_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tier_event_reverses_idx`);
    await q.query(`DROP INDEX tier_event_non_respondent_idx`);
    await q.query(`DROP INDEX source_record_left_provision_idx`);
    await q.query(`DROP INDEX source_record_last_contact_idx`);
    await q.query(`DROP INDEX source_record_tier1_idx`);
    await q.query(`DROP FUNCTION iso_date_or_null(text)`);
  }
}
