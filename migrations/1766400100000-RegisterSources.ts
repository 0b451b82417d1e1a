import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A partner may declare that it holds each young person at most once (a register: a school roll, a college's
 * learner list), so two of its records are never linked automatically into one person; and an automatic link
 * held back by clustering records why: SAME_SOURCE (two records of one register) or CHAIN_CONFLICT (the records
 * it would join disagree).
 */
export class RegisterSources1766400100000 implements MigrationInterface {
  name = 'RegisterSources1766400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation ADD COLUMN unique_per_person boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE organisation SET unique_per_person = true WHERE kind IN ('SCHOOL', 'FE_COLLEGE', 'WBL_PROVIDER', 'CAREERS_WALES')`);
    await q.query(`ALTER TABLE match_candidate DROP CONSTRAINT match_candidate_conflict_check`);
    await q.query(
      `ALTER TABLE match_candidate ADD CONSTRAINT match_candidate_conflict_check CHECK (conflict IN ('CANNOT_LINK','IDENTIFIER_CONFLICT','SAME_SOURCE','CHAIN_CONFLICT'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE match_candidate SET conflict = NULL WHERE conflict IN ('SAME_SOURCE','CHAIN_CONFLICT')`);
    await q.query(`ALTER TABLE match_candidate DROP CONSTRAINT match_candidate_conflict_check`);
    await q.query(`ALTER TABLE match_candidate ADD CONSTRAINT match_candidate_conflict_check CHECK (conflict IN ('CANNOT_LINK','IDENTIFIER_CONFLICT'))`);
    await q.query(`ALTER TABLE organisation DROP COLUMN unique_per_person`);
  }
}
