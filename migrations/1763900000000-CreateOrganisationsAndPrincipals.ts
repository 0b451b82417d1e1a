import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference data: local authorities, organisations and the principals that belong to them. */
export class CreateOrganisationsAndPrincipals1763900000000 implements MigrationInterface {
  name = 'CreateOrganisationsAndPrincipals1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE local_authority (
        code        text PRIMARY KEY,
        ons_code    text NOT NULL UNIQUE CHECK (ons_code ~ '^W06[0-9]{6}$'),
        name        text NOT NULL,
        name_cy     text NOT NULL,
        dfe_number  integer NOT NULL UNIQUE CHECK (dfe_number BETWEEN 660 AND 681)
      )`);
    await q.query(`
      CREATE TABLE organisation (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code           text NOT NULL UNIQUE,
        name           text NOT NULL,
        name_cy        text,
        kind           text NOT NULL CHECK (kind IN ('SCHOOL','LOCAL_AUTHORITY','CAREERS_WALES','FE_COLLEGE',
                         'WBL_PROVIDER','VOLUNTARY','YOUTH_SERVICE','WELSH_GOVERNMENT')),
        la_code        text REFERENCES local_authority(code),
        isp_signatory  boolean NOT NULL DEFAULT false,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX organisation_kind_la_idx ON organisation (kind, la_code)`);
    await q.query(`
      CREATE TABLE principal (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        handle           text NOT NULL UNIQUE CHECK (handle ~ '^[a-z0-9][a-z0-9.\\-]*$'),
        display_name     text NOT NULL,
        kind             text NOT NULL CHECK (kind IN ('USER','SYSTEM')),
        organisation_id  uuid NOT NULL REFERENCES organisation(id),
        roles            text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['EPC','LEAD_WORKER',
                           'CW_ADVISER','PROVIDER_PASTORAL','IG_OFFICER','ANALYST','PARTNER_SYSTEM','ADMIN']::text[]),
        active           boolean NOT NULL DEFAULT true,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX principal_organisation_idx ON principal (organisation_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE principal`);
    await q.query(`DROP TABLE organisation`);
    await q.query(`DROP TABLE local_authority`);
  }
}
