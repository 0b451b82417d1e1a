import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES_BY_PERSON = ['source_record', 'tier_assessment', 'consent_event'] as const;

/**
 * The facts the sharing rules read about each person (date of birth, home LA, current tier, whether the
 * consent ledger has entries) were a view computed on every list filter; at a few thousand people the
 * filter spent most of its time there. They are now kept in a table, refreshed by statement-level
 * triggers from the same definition (person_state_live) whenever records, tiers or consents change.
 */
export class MaterialisePersonState1763980000000 implements MigrationInterface {
  name = 'MaterialisePersonState1763980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER VIEW person_state RENAME TO person_state_live`);
    await q.query(`
      CREATE TABLE person_state (
        person_id           uuid PRIMARY KEY REFERENCES young_person(id) ON DELETE CASCADE,
        date_of_birth       date,
        home_la_code        text,
        current_tier        smallint,
        has_consent_events  boolean NOT NULL DEFAULT false
      )`);
    // Set-based, so a bulk link of thousands of records refreshes its people in a few hash aggregates;
    // the rules are those of person_state_live (kept for reading the definition and for the tests).
    await q.query(`
      CREATE FUNCTION refresh_person_state(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM person_state WHERE person_id = ANY(ids);
        WITH people AS (SELECT yp.id FROM young_person yp WHERE yp.id = ANY(ids)),
        dob AS (
          SELECT DISTINCT ON (person_id) person_id, date_of_birth FROM (
            SELECT sr.person_id, sr.date_of_birth, count(*) AS n FROM source_record sr
             WHERE sr.person_id = ANY(ids) AND sr.date_of_birth IS NOT NULL GROUP BY 1, 2) d
          ORDER BY person_id, n DESC, date_of_birth),
        home AS (
          SELECT DISTINCT ON (sr.person_id) sr.person_id, o.la_code FROM source_record sr
            JOIN organisation o ON o.id = sr.provider_organisation_id
           WHERE sr.person_id = ANY(ids) AND o.la_code IS NOT NULL
          ORDER BY sr.person_id, sr.received_at DESC, sr.id),
        tier AS (
          SELECT DISTINCT ON (person_id) person_id, tier FROM (
            SELECT ta.person_id, ta.tier::integer AS tier, ta.assessed_on AS on_day, 1 AS rank, ta.seq AS seq
              FROM tier_assessment ta WHERE ta.person_id = ANY(ids)
            UNION ALL
            SELECT sr.person_id, (sr.payload->'TIER_STATUS'->>'tier')::integer,
                   coalesce((sr.payload->'TIER_STATUS'->>'assessedOn')::date, sr.received_at::date), 0, 0
              FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
             WHERE sr.person_id = ANY(ids) AND o.kind = 'CAREERS_WALES' AND (sr.payload->'TIER_STATUS'->>'tier') ~ '^[1-5]$') t
          ORDER BY person_id, on_day DESC, rank DESC, seq DESC),
        ledger AS (SELECT DISTINCT c.person_id FROM consent_event c WHERE c.person_id = ANY(ids))
        INSERT INTO person_state (person_id, date_of_birth, home_la_code, current_tier, has_consent_events)
        SELECT p.id, dob.date_of_birth, home.la_code, tier.tier, ledger.person_id IS NOT NULL
          FROM people p LEFT JOIN dob ON dob.person_id = p.id LEFT JOIN home ON home.person_id = p.id
          LEFT JOIN tier ON tier.person_id = p.id LEFT JOIN ledger ON ledger.person_id = p.id;
      $$`);
    // One trigger function per shape of transition table; each refreshes the people a statement touched.
    await q.query(`
      CREATE FUNCTION person_state_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refresh_person_state(ARRAY(SELECT DISTINCT n.person_id FROM new_rows n WHERE n.person_id IS NOT NULL));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION person_state_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refresh_person_state(ARRAY(
          SELECT n.person_id FROM new_rows n WHERE n.person_id IS NOT NULL
          UNION SELECT o.person_id FROM old_rows o WHERE o.person_id IS NOT NULL));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION person_state_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refresh_person_state(ARRAY(SELECT DISTINCT o.person_id FROM old_rows o WHERE o.person_id IS NOT NULL));
        RETURN NULL;
      END $$`);
    for (const t of TABLES_BY_PERSON) {
      await q.query(`CREATE TRIGGER ${t}_state_ins AFTER INSERT ON ${t} REFERENCING NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION person_state_after_insert()`);
      await q.query(`CREATE TRIGGER ${t}_state_upd AFTER UPDATE ON ${t} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION person_state_after_update()`);
      await q.query(`CREATE TRIGGER ${t}_state_del AFTER DELETE ON ${t} REFERENCING OLD TABLE AS old_rows
                     FOR EACH STATEMENT EXECUTE FUNCTION person_state_after_delete()`);
    }
    // A new person gets a row at once (its facts fill in as records are linked to it).
    await q.query(`
      CREATE FUNCTION person_state_new_person() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO person_state (person_id) SELECT n.id FROM new_rows n ON CONFLICT (person_id) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER young_person_state_ins AFTER INSERT ON young_person REFERENCING NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION person_state_new_person()`);
    await q.query(`SELECT refresh_person_state(ARRAY(SELECT id FROM young_person))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER young_person_state_ins ON young_person`);
    await q.query(`DROP FUNCTION person_state_new_person()`);
    for (const t of TABLES_BY_PERSON) {
      await q.query(`DROP TRIGGER ${t}_state_ins ON ${t}`);
      await q.query(`DROP TRIGGER ${t}_state_upd ON ${t}`);
      await q.query(`DROP TRIGGER ${t}_state_del ON ${t}`);
    }
    await q.query(`DROP FUNCTION person_state_after_insert()`);
    await q.query(`DROP FUNCTION person_state_after_update()`);
    await q.query(`DROP FUNCTION person_state_after_delete()`);
    await q.query(`DROP FUNCTION refresh_person_state(uuid[])`);
    await q.query(`DROP TABLE person_state`);
    await q.query(`ALTER VIEW person_state_live RENAME TO person_state`);
  }
}
