import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sharing agreements (ISPs and DDAs) with their clauses, the consent and objection ledger, tier
 * assessments, a policy version bumped by every agreement change (the compiled-rules cache key),
 * and the derived person state the rules' conditions read (date of birth, home LA, current tier).
 */
export class CreateSharingPolicy1763950000000 implements MigrationInterface {
  name = 'CreateSharingPolicy1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sharing_agreement (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference       text NOT NULL CHECK (reference ~ '^[A-Z0-9][A-Z0-9-]*$'),
        version         integer NOT NULL CHECK (version >= 1),
        kind            text NOT NULL CHECK (kind IN ('ISP','DDA')),
        title           text NOT NULL,
        status          text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT','ACTIVE','SUSPENDED','EXPIRED')),
        lawful_basis    text NOT NULL CHECK (lawful_basis IN ('PUBLIC_TASK','LEGAL_OBLIGATION','CONSENT','VITAL_INTERESTS')),
        purposes        text[] NOT NULL,
        party_ids       uuid[] NOT NULL DEFAULT '{}',
        effective_from  date NOT NULL,
        review_by       date NOT NULL CHECK (review_by >= effective_from),
        created_by      uuid REFERENCES principal(id),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sharing_agreement_reference_version_key UNIQUE (reference, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX sharing_agreement_one_active_idx ON sharing_agreement (reference) WHERE status = 'ACTIVE'`);
    await q.query(`
      CREATE TABLE agreement_clause (
        id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id               uuid NOT NULL REFERENCES sharing_agreement(id) ON DELETE CASCADE,
        position                   integer NOT NULL,
        provider_organisation_id   uuid REFERENCES organisation(id),
        provider_kind              text,
        recipient_organisation_id  uuid REFERENCES organisation(id),
        recipient_kind             text,
        recipient_role             text,
        categories                 text[] NOT NULL CHECK (cardinality(categories) > 0),
        purposes                   text[] NOT NULL CHECK (cardinality(purposes) > 0),
        conditions                 jsonb NOT NULL DEFAULT '{}'::jsonb,
        consent_required           boolean NOT NULL DEFAULT false,
        retention                  text,
        description                text NOT NULL DEFAULT '',
        CHECK (num_nonnulls(provider_organisation_id, provider_kind) = 1),
        CHECK (num_nonnulls(recipient_organisation_id, recipient_kind, recipient_role) >= 1),
        CONSTRAINT agreement_clause_position_key UNIQUE (agreement_id, position)
      )`);
    await q.query(`
      CREATE TABLE agreement_event (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agreement_id  uuid NOT NULL REFERENCES sharing_agreement(id) ON DELETE CASCADE,
        event         text NOT NULL,
        principal_id  uuid REFERENCES principal(id),
        detail        jsonb NOT NULL DEFAULT '{}'::jsonb,
        at            timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX agreement_event_agreement_idx ON agreement_event (agreement_id, at)`);

    // One row, bumped by every change to agreements or clauses: the cache key of compiled rules.
    await q.query(`CREATE TABLE policy_version (id boolean PRIMARY KEY DEFAULT true CHECK (id), version bigint NOT NULL)`);
    await q.query(`INSERT INTO policy_version (version) VALUES (1)`);
    await q.query(`
      CREATE FUNCTION bump_policy_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE policy_version SET version = version + 1;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER sharing_agreement_bump AFTER INSERT OR UPDATE OR DELETE ON sharing_agreement
                   FOR EACH STATEMENT EXECUTE FUNCTION bump_policy_version()`);
    await q.query(`CREATE TRIGGER agreement_clause_bump AFTER INSERT OR UPDATE OR DELETE ON agreement_clause
                   FOR EACH STATEMENT EXECUTE FUNCTION bump_policy_version()`);

    await q.query(`
      CREATE TABLE consent_event (
        id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq                        bigserial NOT NULL UNIQUE,
        person_id                  uuid NOT NULL REFERENCES young_person(id) ON DELETE CASCADE,
        kind                       text NOT NULL CHECK (kind IN ('GIVEN','REFUSED','WITHDRAWN','OBJECTION_RAISED','OBJECTION_LIFTED')),
        recipient_organisation_id  uuid REFERENCES organisation(id),
        recipient_kind             text,
        purpose                    text,
        categories                 text[],
        given_by                   text NOT NULL CHECK (given_by IN ('YOUNG_PERSON','PARENT_GUARDIAN')),
        evidence_reference         text NOT NULL CHECK (length(evidence_reference) BETWEEN 1 AND 200),
        recorded_by                uuid NOT NULL REFERENCES principal(id),
        recorded_at                timestamptz NOT NULL DEFAULT now(),
        CHECK (num_nonnulls(recipient_organisation_id, recipient_kind) <= 1)
      )`);
    await q.query(`CREATE INDEX consent_event_person_idx ON consent_event (person_id, seq)`);
    // Append-only: the ledger is never edited; a change of mind is a new event.
    await q.query(`
      CREATE FUNCTION consent_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'consent_event is append-only';
      END $$`);
    await q.query(`CREATE TRIGGER consent_event_no_update BEFORE UPDATE OR DELETE ON consent_event
                   FOR EACH ROW EXECUTE FUNCTION consent_event_append_only()`);

    await q.query(`
      CREATE TABLE tier_assessment (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq           bigserial NOT NULL UNIQUE,
        person_id     uuid NOT NULL REFERENCES young_person(id) ON DELETE CASCADE,
        tier          smallint NOT NULL CHECK (tier BETWEEN 1 AND 5),
        assessed_on   date NOT NULL,
        assessed_by   uuid REFERENCES principal(id),
        recorded_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tier_assessment_person_idx ON tier_assessment (person_id, assessed_on DESC, seq DESC)`);

    // The facts the rules' conditions read, derived from the records (never stored twice).
    await q.query(`
      CREATE VIEW person_state AS
      SELECT yp.id AS person_id,
        (SELECT sr.date_of_birth FROM source_record sr
          WHERE sr.person_id = yp.id AND sr.date_of_birth IS NOT NULL
          GROUP BY sr.date_of_birth ORDER BY count(*) DESC, sr.date_of_birth LIMIT 1) AS date_of_birth,
        (SELECT o.la_code FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
          WHERE sr.person_id = yp.id AND o.la_code IS NOT NULL
          ORDER BY sr.received_at DESC, sr.id LIMIT 1) AS home_la_code,
        (SELECT ta.tier FROM tier_assessment ta WHERE ta.person_id = yp.id
          ORDER BY ta.assessed_on DESC, ta.seq DESC LIMIT 1) AS current_tier
      FROM young_person yp`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW person_state`);
    await q.query(`DROP TABLE tier_assessment`);
    await q.query(`DROP TABLE consent_event`);
    await q.query(`DROP FUNCTION consent_event_append_only()`);
    await q.query(`DROP TABLE agreement_event`);
    await q.query(`DROP TABLE agreement_clause`);
    await q.query(`DROP TABLE sharing_agreement`);
    await q.query(`DROP FUNCTION bump_policy_version()`);
    await q.query(`DROP TABLE policy_version`);
  }
}
