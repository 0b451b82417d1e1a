import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports remember when they last received rows, so that the reconciler can close one abandoned mid-file
 * (FAILED), and why an import failed: a code, never a value from the file (the check keeps it a code).
 */
export class ImportActivityAndFailure1764610000000 implements MigrationInterface {
  name = 'ImportActivityAndFailure1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_batch ADD COLUMN last_received_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`UPDATE import_batch SET last_received_at = coalesce(finished_at, created_at)`);
    await q.query(`ALTER TABLE import_batch ADD COLUMN failure_reason text CHECK (failure_reason ~ '^[A-Z][A-Z_]{0,63}$')`);
    await q.query(`CREATE INDEX import_batch_receiving_idx ON import_batch (last_received_at) WHERE status = 'RECEIVING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX import_batch_receiving_idx`);
    await q.query(`ALTER TABLE import_batch DROP COLUMN failure_reason`);
    await q.query(`ALTER TABLE import_batch DROP COLUMN last_received_at`);
  }
}
