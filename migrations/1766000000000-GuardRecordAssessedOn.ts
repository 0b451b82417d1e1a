import type { MigrationInterface, QueryRunner } from 'typeorm';

// The day a Careers Wales record's tier status was assessed, as every reader of the tier now takes it: its
// `assessedOn` when that is a real YYYY-MM-DD day no later than the day after the record was received (an
// assessment cannot postdate the record that reports it; a day's grace for time zones), else the day received.
// Ingest has refused bad dates since payload schemas; this guards what was stored before them (or by hand):
// `(… ->> 'assessedOn')::date` threw on 'not-a-date', failing every matching chunk that touched the person,
// and '9999-12-31' made that tier the latest for ever.
const ASSESSED_ON_FUNCTION = `
  CREATE FUNCTION record_assessed_on(status jsonb, received_at timestamptz) RETURNS date
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(
      (SELECT d FROM (SELECT iso_date_or_null(status ->> 'assessedOn') AS d) x WHERE d <= received_at::date + 1),
      received_at::date)
  $$`;

// refresh_person_state, the live view and the tier-history trigger as before, with the day read through it.
const refreshPersonState = (day: string): string => `
  CREATE OR REPLACE FUNCTION refresh_person_state(ids uuid[]) RETURNS void LANGUAGE sql AS $$
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
        SELECT sr.person_id, (sr.payload->'TIER_STATUS'->>'tier')::integer, ${day}, 0, 0
          FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
         WHERE sr.person_id = ANY(ids) AND o.kind = 'CAREERS_WALES' AND (sr.payload->'TIER_STATUS'->>'tier') ~ '^[1-5]$') t
      ORDER BY person_id, on_day DESC, rank DESC, seq DESC),
    ledger AS (SELECT DISTINCT c.person_id FROM consent_event c WHERE c.person_id = ANY(ids))
    INSERT INTO person_state (person_id, date_of_birth, home_la_code, current_tier, has_consent_events)
    SELECT p.id, dob.date_of_birth, home.la_code, tier.tier, ledger.person_id IS NOT NULL
      FROM people p LEFT JOIN dob ON dob.person_id = p.id LEFT JOIN home ON home.person_id = p.id
      LEFT JOIN tier ON tier.person_id = p.id LEFT JOIN ledger ON ledger.person_id = p.id;
  $$`;

const personStateLive = (day: string): string => `
  CREATE OR REPLACE VIEW person_state_live AS
  SELECT yp.id AS person_id,
    (SELECT sr.date_of_birth FROM source_record sr
      WHERE sr.person_id = yp.id AND sr.date_of_birth IS NOT NULL
      GROUP BY sr.date_of_birth ORDER BY count(*) DESC, sr.date_of_birth LIMIT 1) AS date_of_birth,
    (SELECT o.la_code FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
      WHERE sr.person_id = yp.id AND o.la_code IS NOT NULL
      ORDER BY sr.received_at DESC, sr.id LIMIT 1) AS home_la_code,
    (SELECT t.tier FROM (
        SELECT ta.tier::integer AS tier, ta.assessed_on AS on_day, 1 AS rank, ta.seq AS seq
          FROM tier_assessment ta WHERE ta.person_id = yp.id
        UNION ALL
        SELECT (sr.payload->'TIER_STATUS'->>'tier')::integer, ${day}, 0, 0
          FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
         WHERE sr.person_id = yp.id AND o.kind = 'CAREERS_WALES'
           AND (sr.payload->'TIER_STATUS'->>'tier') ~ '^[1-5]$'
      ) t ORDER BY t.on_day DESC, t.rank DESC, t.seq DESC LIMIT 1)::smallint AS current_tier
  FROM young_person yp`;

const keepRecordTierHistory = (day: string): string => `
  CREATE OR REPLACE FUNCTION keep_record_tier_history() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    old_status jsonb := OLD.payload -> 'TIER_STATUS';
    old_tier smallint;
    old_day date;
  BEGIN
    IF NEW.person_id IS NULL OR coalesce(old_status ->> 'tier', '') !~ '^[1-5]$'
       OR NOT EXISTS (SELECT 1 FROM organisation o WHERE o.id = OLD.provider_organisation_id AND o.kind = 'CAREERS_WALES') THEN
      RETURN NULL;
    END IF;
    old_tier := (old_status ->> 'tier')::smallint;
    old_day := ${day};
    -- Once only: the same tier on the same day from this record is already in the history.
    IF EXISTS (SELECT 1 FROM tier_event te WHERE te.person_id = NEW.person_id AND te.kind = 'ASSESSMENT'
                 AND te.tier = old_tier AND te.effective_on = old_day AND te.source_event_id = OLD.id) THEN
      RETURN NULL;
    END IF;
    INSERT INTO tier_event (person_id, kind, effective_on, recorded_at, source_organisation_id, reason, source_event_id, tier, tier2_reason, tier4_risk)
    VALUES (NEW.person_id, 'ASSESSMENT', old_day, OLD.received_at, OLD.provider_organisation_id, 'CAREERS_WALES_RECORD', OLD.id, old_tier,
            CASE WHEN old_tier = 2 AND old_status ->> 'tier2Reason' IN ('SICKNESS','YOUNG_CARER','PREGNANCY','CUSTODY','MULTIPLE_BARRIERS')
                 THEN old_status ->> 'tier2Reason' END,
            CASE WHEN old_tier = 4 AND old_status ->> 'tier4Risk' IN ('LOW','MEDIUM','HIGH') THEN old_status ->> 'tier4Risk' END);
    RETURN NULL;
  END $$`;

const GUARDED_RECORD = `record_assessed_on(sr.payload -> 'TIER_STATUS', sr.received_at)`;
const UNGUARDED_RECORD = `coalesce((sr.payload->'TIER_STATUS'->>'assessedOn')::date, sr.received_at::date)`;

/**
 * A stored `TIER_STATUS.assessedOn` that is not a real date (or lies after the record arrived) is skipped, as if
 * absent, by everything that reads a Careers Wales record's tier day: person_state's refresh (run by the
 * triggers on every record a matching chunk links), its live definition, and the trigger that keeps a replaced
 * record tier in the history. Before, one such value made every statement touching the person throw.
 */
export class GuardRecordAssessedOn1766000000000 implements MigrationInterface {
  name = 'GuardRecordAssessedOn1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(ASSESSED_ON_FUNCTION);
    await q.query(refreshPersonState(GUARDED_RECORD));
    await q.query(personStateLive(GUARDED_RECORD));
    await q.query(keepRecordTierHistory(`record_assessed_on(old_status, OLD.received_at)`));
    // People whose tier was read from a date now skipped get their facts again.
    await q.query(`
      SELECT refresh_person_state(ARRAY(
        SELECT DISTINCT sr.person_id FROM source_record sr
         WHERE sr.person_id IS NOT NULL AND sr.payload -> 'TIER_STATUS' ? 'assessedOn'
           AND record_assessed_on(sr.payload -> 'TIER_STATUS', sr.received_at) IS DISTINCT FROM iso_date_or_null(sr.payload -> 'TIER_STATUS' ->> 'assessedOn')))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(keepRecordTierHistory(`coalesce((old_status ->> 'assessedOn')::date, OLD.received_at::date)`));
    await q.query(personStateLive(UNGUARDED_RECORD));
    await q.query(refreshPersonState(UNGUARDED_RECORD));
    await q.query(`DROP FUNCTION record_assessed_on(jsonb, timestamptz)`);
  }
}
