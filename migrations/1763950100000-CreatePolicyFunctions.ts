import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SQL twins of the consent rules in src/policy/consent-state.ts, used by list filters so that a
 * person the principal has no basis to see never appears in a list or a count. The property
 * tests check that the two agree. Parameters are prefixed p_ so they never collide with columns.
 */
export class CreatePolicyFunctions1763950100000 implements MigrationInterface {
  name = 'CreatePolicyFunctions1763950100000';

  async up(q: QueryRunner): Promise<void> {
    // Does consent event e cover this recipient, purpose and category?
    await q.query(`
      CREATE FUNCTION consent_event_covers(e consent_event, p_org uuid, p_kind text, p_purpose text, p_category text)
      RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
        SELECT (e.recipient_organisation_id IS NULL AND e.recipient_kind IS NULL
                 OR e.recipient_organisation_id = p_org OR e.recipient_kind = p_kind)
           AND (e.purpose IS NULL OR e.purpose = p_purpose)
           AND (e.categories IS NULL OR p_category = ANY(e.categories))
      $$`);
    // NONE, VALID (given by today's authority), STALE (given by an authority that no longer decides,
    // or the age is unknown), WITHDRAWN or REFUSED: the latest covering consent-type event decides.
    await q.query(`
      CREATE FUNCTION consent_state(p_person uuid, p_org uuid, p_kind text, p_purpose text, p_category text,
                                    p_dob date, p_today date, p_adult_age integer)
      RETURNS text LANGUAGE sql STABLE AS $$
        SELECT CASE
          WHEN e.kind IS NULL THEN 'NONE'
          WHEN e.kind = 'WITHDRAWN' THEN 'WITHDRAWN'
          WHEN e.kind = 'REFUSED' THEN 'REFUSED'
          WHEN p_dob IS NULL THEN 'STALE'
          WHEN e.given_by = CASE WHEN date_part('year', age(p_today, p_dob)) >= p_adult_age
                                 THEN 'YOUNG_PERSON' ELSE 'PARENT_GUARDIAN' END THEN 'VALID'
          ELSE 'STALE' END
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (
          SELECT c.kind, c.given_by FROM consent_event c
           WHERE c.person_id = p_person AND c.kind IN ('GIVEN','REFUSED','WITHDRAWN')
             AND consent_event_covers(c, p_org, p_kind, p_purpose, p_category)
           ORDER BY c.seq DESC LIMIT 1) e ON true
      $$`);
    // An objection stands when the latest covering objection event raised it, or a refusal has not
    // been followed by consent (a later withdrawal does not undo a refusal).
    await q.query(`
      CREATE FUNCTION objection_stands(p_person uuid, p_org uuid, p_kind text, p_purpose text, p_category text)
      RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce((SELECT c.kind = 'OBJECTION_RAISED' FROM consent_event c
                          WHERE c.person_id = p_person AND c.kind IN ('OBJECTION_RAISED','OBJECTION_LIFTED')
                            AND consent_event_covers(c, p_org, p_kind, p_purpose, p_category)
                          ORDER BY c.seq DESC LIMIT 1), false)
            OR coalesce((SELECT c.kind = 'REFUSED' FROM consent_event c
                          WHERE c.person_id = p_person AND c.kind IN ('GIVEN','REFUSED')
                            AND consent_event_covers(c, p_org, p_kind, p_purpose, p_category)
                          ORDER BY c.seq DESC LIMIT 1), false)
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION objection_stands(uuid, uuid, text, text, text)`);
    await q.query(`DROP FUNCTION consent_state(uuid, uuid, text, text, text, date, date, integer)`);
    await q.query(`DROP FUNCTION consent_event_covers(consent_event, uuid, text, text, text)`);
  }
}
