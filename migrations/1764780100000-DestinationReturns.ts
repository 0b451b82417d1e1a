import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Careers Wales's destinations survey (domain §5.1): per leaver of Years 11–13, its activity on the 31
 * October snapshot, or that it did not respond, or that it left the area (exactly one of the three). Each
 * return names Careers Wales's own record of the young person; one return per record and snapshot (a
 * corrected return replaces it).
 */
export class DestinationReturns1764780100000 implements MigrationInterface {
  name = 'DestinationReturns1764780100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE destination_return (
        id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_organisation_id  uuid NOT NULL REFERENCES organisation(id),
        source_record_id          uuid NOT NULL REFERENCES source_record(id),
        snapshot_on               date NOT NULL CHECK (extract(month FROM snapshot_on) = 10 AND extract(day FROM snapshot_on) = 31),
        year_group                smallint NOT NULL CHECK (year_group BETWEEN 11 AND 13),
        la_code                   text NOT NULL REFERENCES local_authority(code),
        destination               text CHECK (destination ~ '^[A-Z_]+$'),
        non_respondent            boolean NOT NULL,
        left_area                 boolean NOT NULL,
        channel                   text NOT NULL CHECK (channel IN ('CSV', 'SEED')),
        received_at               timestamptz NOT NULL DEFAULT now(),
        received_by               uuid REFERENCES principal(id),
        version                   integer NOT NULL DEFAULT 1,
        CHECK ((destination IS NOT NULL)::int + non_respondent::int + left_area::int = 1),
        UNIQUE (source_record_id, snapshot_on)
      )`);
    await q.query(`CREATE INDEX destination_return_report_idx ON destination_return (snapshot_on, la_code, year_group)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE destination_return`);
  }
}
