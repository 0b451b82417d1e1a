import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Young people (linked identities) and the partners' source records about them. */
export class CreateYoungPeopleAndSourceRecords1763900100000 implements MigrationInterface {
  name = 'CreateYoungPeopleAndSourceRecords1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE young_person (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE source_record (
        id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_organisation_id  uuid NOT NULL REFERENCES organisation(id),
        partner_reference         text NOT NULL CHECK (length(partner_reference) BETWEEN 1 AND 100),
        person_id                 uuid REFERENCES young_person(id) ON DELETE SET NULL,
        given_name                text,
        middle_names              text,
        family_name               text,
        date_of_birth             date,
        sex                       text CHECK (sex IN ('F','M','X')),
        postcode                  text,
        address_line              text,
        locality                  text,
        upn                       text,
        uln                       text,
        other_identifier          text,
        email                     text,
        phone                     text,
        payload                   jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(payload) = 'object'),
        version                   integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        received_at               timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT source_record_partner_reference_key UNIQUE (provider_organisation_id, partner_reference)
      )`);
    await q.query(`CREATE INDEX source_record_person_idx ON source_record (person_id)`);
    await q.query(`CREATE INDEX source_record_upn_idx ON source_record (upn) WHERE upn IS NOT NULL`);
    await q.query(`CREATE INDEX source_record_uln_idx ON source_record (uln) WHERE uln IS NOT NULL`);
    await q.query(`CREATE INDEX source_record_family_name_idx ON source_record (lower(family_name) text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE source_record`);
    await q.query(`DROP TABLE young_person`);
  }
}
