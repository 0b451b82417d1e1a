import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many new match-review pairs each import added, and how many beyond REVIEW_QUEUE_MAX_PER_IMPORT were held
 * back, by kind: pairs between two of the submitting organisation's own records (shown to the partner on
 * `import(id)`), and pairs with another organisation's record (told to administrators only). Counts, never ids of
 * records or values.
 */
export class ImportReviewPairCounts1766000100000 implements MigrationInterface {
  name = 'ImportReviewPairCounts1766000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE import_batch
        ADD COLUMN review_own_pairs    integer NOT NULL DEFAULT 0 CHECK (review_own_pairs >= 0),
        ADD COLUMN review_own_held     integer NOT NULL DEFAULT 0 CHECK (review_own_held BETWEEN 0 AND review_own_pairs),
        ADD COLUMN review_other_pairs  integer NOT NULL DEFAULT 0 CHECK (review_other_pairs >= 0),
        ADD COLUMN review_other_held   integer NOT NULL DEFAULT 0 CHECK (review_other_held BETWEEN 0 AND review_other_pairs)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE import_batch DROP COLUMN review_own_pairs, DROP COLUMN review_own_held,
        DROP COLUMN review_other_pairs, DROP COLUMN review_other_held`);
  }
}
