import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Field-level validation: a record keeps what a partner sent even when a field is not usable. A date of birth that
 * is not a full real date (a year, a month and year, or text that is no date) is kept as written beside the date
 * column; fields kept but not to be used as matching evidence (an implausible date, a name with digits) are listed
 * by name. A partner may declare the ages its records plausibly cover.
 */
export class FieldLevelValidation1766400000000 implements MigrationInterface {
  name = 'FieldLevelValidation1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE source_record ADD COLUMN date_of_birth_text text CHECK (length(date_of_birth_text) <= 40)`);
    await q.query(`ALTER TABLE source_record ADD COLUMN flagged_fields text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE organisation ADD COLUMN min_age smallint CHECK (min_age BETWEEN 0 AND 120)`);
    await q.query(`ALTER TABLE organisation ADD COLUMN max_age smallint CHECK (max_age BETWEEN 0 AND 120)`);
    await q.query(`ALTER TABLE organisation ADD CONSTRAINT organisation_age_range CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation DROP CONSTRAINT organisation_age_range`);
    await q.query(`ALTER TABLE organisation DROP COLUMN max_age`);
    await q.query(`ALTER TABLE organisation DROP COLUMN min_age`);
    await q.query(`ALTER TABLE source_record DROP COLUMN flagged_fields`);
    await q.query(`ALTER TABLE source_record DROP COLUMN date_of_birth_text`);
  }
}
