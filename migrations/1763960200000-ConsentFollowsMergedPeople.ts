import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When matching merges two young people, the consent ledger of the emptied one must follow its records.
 * The ledger stays append-only in content: only person_id may change (re-linking), never what was said.
 */
export class ConsentFollowsMergedPeople1763960200000 implements MigrationInterface {
  name = 'ConsentFollowsMergedPeople1763960200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION consent_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'person_id') = (to_jsonb(OLD) - 'person_id') THEN
          RETURN NEW; -- re-linked to the person its records now belong to
        END IF;
        RAISE EXCEPTION 'consent_event is append-only';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION consent_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'consent_event is append-only';
      END $$`);
  }
}
