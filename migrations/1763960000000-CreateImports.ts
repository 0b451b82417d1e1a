import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tracked imports with per-row results, and a content hash on source records for idempotent resubmission. */
export class CreateImports1763960000000 implements MigrationInterface {
  name = 'CreateImports1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE source_record ADD COLUMN content_hash text`);
    await q.query(`
      CREATE TABLE import_batch (
        id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_organisation_id  uuid NOT NULL REFERENCES organisation(id),
        submitted_by              uuid REFERENCES principal(id),
        channel                   text NOT NULL CHECK (channel IN ('GRAPHQL','CSV')),
        status                    text NOT NULL DEFAULT 'RECEIVING' CHECK (status IN ('RECEIVING','MATCHING','DONE','FAILED')),
        sealed                    boolean NOT NULL DEFAULT false,
        total_rows                integer NOT NULL DEFAULT 0,
        created_rows              integer NOT NULL DEFAULT 0,
        updated_rows              integer NOT NULL DEFAULT 0,
        unchanged_rows            integer NOT NULL DEFAULT 0,
        rejected_rows             integer NOT NULL DEFAULT 0,
        queued_for_matching       integer NOT NULL DEFAULT 0,
        created_at                timestamptz NOT NULL DEFAULT now(),
        finished_at               timestamptz
      )`);
    await q.query(`CREATE INDEX import_batch_provider_idx ON import_batch (provider_organisation_id, created_at)`);
    await q.query(`
      CREATE TABLE import_row (
        import_id         uuid NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
        row_number        integer NOT NULL CHECK (row_number >= 1),
        outcome           text NOT NULL CHECK (outcome IN ('CREATED','UPDATED','UNCHANGED','REJECTED')),
        source_record_id  uuid REFERENCES source_record(id) ON DELETE SET NULL,
        errors            jsonb NOT NULL DEFAULT '[]'::jsonb,
        warnings          jsonb NOT NULL DEFAULT '[]'::jsonb,
        PRIMARY KEY (import_id, row_number)
      )`);
    await q.query(`CREATE INDEX import_row_rejected_idx ON import_row (import_id, row_number) WHERE outcome = 'REJECTED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_row`);
    await q.query(`DROP TABLE import_batch`);
    await q.query(`ALTER TABLE source_record DROP COLUMN content_hash`);
  }
}
