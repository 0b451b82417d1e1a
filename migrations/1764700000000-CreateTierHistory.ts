import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'ASSESSMENT','DROP_OUT_NOTIFICATION','DESTINATION_RETURN','ENROLMENT','MOVE','RESOLUTION'`;
const OUTCOMES = `'FOUND_ENGAGED','IN_CUSTODY','MOVED_OUT_OF_AREA','LEFT_WALES','LEFT_UK','DECEASED','NOT_FOUND','CONTACT_ATTEMPT','REOPENED'`;
const METHODS = `'PHONE','TEXT_MESSAGE','EMAIL','LETTER','HOME_VISIT','PARTNER_ENQUIRY','DETACHED_YOUTH_WORK'`;

/**
 * The tier history, event-sourced: every assessment and every change to a young person's engagement status
 * (a drop-out notification, a destinations return, an enrolment, a move, an EPC's resolution of an unknown)
 * is one appended row with who acted, why (a reason code), the event it came from and the organisation that
 * supplied it (whose data it is under the sharing rules: TIER_STATUS). Only assessments set a tier; they are
 * also written to tier_assessment, which the sharing rules read. Nothing is edited: a later event reverses.
 */
export class CreateTierHistory1764700000000 implements MigrationInterface {
  name = 'CreateTierHistory1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tier_event (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq                     bigserial NOT NULL UNIQUE,
        person_id               uuid NOT NULL REFERENCES young_person(id) ON DELETE CASCADE,
        kind                    text NOT NULL CHECK (kind IN (${KINDS})),
        effective_on            date NOT NULL,
        recorded_at             timestamptz NOT NULL DEFAULT now(),
        source_organisation_id  uuid NOT NULL REFERENCES organisation(id),
        actor_principal_id      uuid REFERENCES principal(id),
        reason                  text NOT NULL CHECK (reason ~ '^[A-Z][A-Z0-9_]{0,63}$'),
        source_event_id         uuid,
        tier                    smallint CHECK (tier BETWEEN 1 AND 5),
        tier2_reason            text CHECK (tier2_reason IN ('SICKNESS','YOUNG_CARER','PREGNANCY','CUSTODY','MULTIPLE_BARRIERS')),
        tier4_risk              text CHECK (tier4_risk IN ('LOW','MEDIUM','HIGH')),
        tier_assessment_id      uuid UNIQUE,
        outcome                 text CHECK (outcome IN (${OUTCOMES})),
        contact_method          text CHECK (contact_method IN (${METHODS})),
        reverses_event_id       uuid REFERENCES tier_event(id),
        CHECK ((kind = 'ASSESSMENT') = (tier IS NOT NULL)),
        CHECK (tier2_reason IS NULL OR tier = 2),
        CHECK (tier4_risk IS NULL OR tier = 4),
        CHECK ((kind = 'RESOLUTION') = (outcome IS NOT NULL)),
        CHECK (coalesce(outcome = 'CONTACT_ATTEMPT', false) = (contact_method IS NOT NULL)),
        CHECK (coalesce(outcome = 'REOPENED', false) = (reverses_event_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX tier_event_person_idx ON tier_event (person_id, seq)`);
    await q.query(`CREATE INDEX tier_event_resolution_idx ON tier_event (source_organisation_id, person_id, seq) WHERE kind = 'RESOLUTION'`);
    // Append-only like the consent ledger: matching may re-link an event to the person its records moved to,
    // and removing a person takes its history with it (a cascade, one trigger level down); nothing else.
    await q.query(`
      CREATE FUNCTION tier_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'person_id') = (to_jsonb(OLD) - 'person_id') THEN
          RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'tier_event is append-only';
      END $$`);
    await q.query(`CREATE TRIGGER tier_event_no_update BEFORE UPDATE OR DELETE ON tier_event
                   FOR EACH ROW EXECUTE FUNCTION tier_event_append_only()`);
    // Assessments recorded before the history existed become its first events (by the assessor's organisation,
    // or Careers Wales when the assessor is not known).
    await q.query(`
      INSERT INTO tier_event (person_id, kind, effective_on, recorded_at, source_organisation_id, actor_principal_id, reason, tier, tier_assessment_id)
      SELECT ta.person_id, 'ASSESSMENT', ta.assessed_on, ta.recorded_at,
             coalesce(p.organisation_id, (SELECT o.id FROM organisation o WHERE o.kind = 'CAREERS_WALES' ORDER BY o.code LIMIT 1)),
             ta.assessed_by, 'CAREERS_WALES_ASSESSMENT', ta.tier, ta.id
        FROM tier_assessment ta LEFT JOIN principal p ON p.id = ta.assessed_by
       WHERE p.organisation_id IS NOT NULL OR EXISTS (SELECT 1 FROM organisation o WHERE o.kind = 'CAREERS_WALES')
       ORDER BY ta.seq`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tier_event`);
    await q.query(`DROP FUNCTION tier_event_append_only()`);
  }
}
