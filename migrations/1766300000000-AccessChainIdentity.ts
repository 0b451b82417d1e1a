import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gives each database's access log an identity of its own: a random `chain_id` on the chain head, made
 * when the log is made and kept by dump and restore. Signed checkpoints name it (checkpoint format v2), so
 * the checkpoints a dropped database left in AUDIT_CHECKPOINT_DIR are recognised as another log's, not
 * read as this log cut short. Checkpoints signed before this migration have no chain id and still verify.
 */
export class AccessChainIdentity1766300000000 implements MigrationInterface {
  name = 'AccessChainIdentity1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_chain_head ADD COLUMN chain_id uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`COMMENT ON COLUMN access_chain_head.chain_id IS 'Identity of this database''s access log, signed into every checkpoint'`);
    await q.query(`ALTER TABLE audit_checkpoint ADD COLUMN chain_id uuid`);
    await q.query(`COMMENT ON COLUMN audit_checkpoint.chain_id IS 'The chain the checkpoint signs (null: signed before chains had an identity)'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_checkpoint DROP COLUMN chain_id`);
    await q.query(`ALTER TABLE access_chain_head DROP COLUMN chain_id`);
  }
}
