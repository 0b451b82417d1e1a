import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Careers Wales's system sends a young person's tier on its own record, and a new version (or an adviser's
 * assessment in the hub, which brings that record up to date) replaces it. So that the tier history keeps
 * what the record said before, replacing a Careers Wales record's tier status appends the old one to
 * tier_event as an assessment from the record (reason CAREERS_WALES_RECORD, source event: the record), inside
 * the statement that changed it, which is itself logged by whoever made it (an import, an assessment).
 * A trigger, not code in each writer, because records change by several paths (imports, assessments, seeds).
 */
export class KeepRecordTierHistory1764710000000 implements MigrationInterface {
  name = 'KeepRecordTierHistory1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION keep_record_tier_history() RETURNS trigger LANGUAGE plpgsql AS $$
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
        old_day := coalesce((old_status ->> 'assessedOn')::date, OLD.received_at::date);
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
      END $$`);
    // Only statements that set the payload, and only rows whose tier status changed: linking records to
    // people (person_id) never runs it.
    await q.query(`
      CREATE TRIGGER source_record_keep_tier_history AFTER UPDATE OF payload ON source_record
        FOR EACH ROW WHEN ((OLD.payload -> 'TIER_STATUS') IS DISTINCT FROM (NEW.payload -> 'TIER_STATUS'))
        EXECUTE FUNCTION keep_record_tier_history()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER source_record_keep_tier_history ON source_record`);
    await q.query(`DROP FUNCTION keep_record_tier_history()`);
  }
}
