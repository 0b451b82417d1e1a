import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Clauses may release a category as a flag only (`disclosure`), and the untyped "after enrolment"
 * condition becomes the typed relationship ENROLLED (docs/sharing-rules.md).
 */
export class EarnedRelationshipsAndFlags1764500000000 implements MigrationInterface {
  name = 'EarnedRelationshipsAndFlags1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreement_clause ADD COLUMN disclosure text NOT NULL DEFAULT 'VALUE' CHECK (disclosure IN ('VALUE', 'FLAG'))`);
    await q.query(`UPDATE agreement_clause SET conditions = (conditions - 'afterEnrolment') || '{"relationship": "ENROLLED"}'::jsonb
                    WHERE conditions ? 'afterEnrolment' AND (conditions ->> 'afterEnrolment')::boolean`);
    await q.query(`UPDATE agreement_clause SET conditions = conditions - 'afterEnrolment' WHERE conditions ? 'afterEnrolment'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE agreement_clause SET conditions = (conditions - 'relationship') || '{"afterEnrolment": true}'::jsonb
                    WHERE conditions ? 'relationship'`);
    await q.query(`ALTER TABLE agreement_clause DROP COLUMN disclosure`);
  }
}
