import type { MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_FACTS, RECORD_FACTS } from './1764710100000-UnknownFacts.js';

/**
 * The unknown-fact refreshes took the records (or people) to refresh as `= ANY(ids)` in SQL functions, where
 * the array is a parameter that PostgreSQL cannot hash: when its statistics said few rows would qualify (right
 * after a cohort lands unlinked, every person_id is null) it checked each row against the whole array, and
 * linking 174,133 records spent 96 of 122 s there. Joining the ids as a relation does not help (the same stale
 * statistics put the array on the inner side of a nested loop). The statements are unchanged; they now run in
 * PL/pgSQL planned for each call with the array as a constant, which PostgreSQL hashes (and still probes an
 * index with when that is cheaper), so a refresh costs in proportion to its ids whatever the statistics say.
 */
export class UnknownFactsByJoin1766700000000 implements MigrationInterface {
  name = 'UnknownFactsByJoin1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_record_unknown_facts(ids uuid[]) RETURNS void LANGUAGE plpgsql
      SET plan_cache_mode = force_custom_plan AS $$
      BEGIN
        DELETE FROM unknown_fact WHERE source_id = ANY(ids) AND record_id IS NOT NULL;
        ${RECORD_FACTS};
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_event_unknown_facts(ids uuid[]) RETURNS void LANGUAGE plpgsql
      SET plan_cache_mode = force_custom_plan AS $$
      BEGIN
        DELETE FROM unknown_fact WHERE event_id IS NOT NULL AND person_id = ANY(ids);
        ${EVENT_FACTS};
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION refresh_record_unknown_facts(uuid[])`);
    await q.query(`DROP FUNCTION refresh_event_unknown_facts(uuid[])`);
    await q.query(`
      CREATE FUNCTION refresh_record_unknown_facts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM unknown_fact WHERE source_id = ANY(ids) AND record_id IS NOT NULL;
        ${RECORD_FACTS};
      $$`);
    await q.query(`
      CREATE FUNCTION refresh_event_unknown_facts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM unknown_fact WHERE event_id IS NOT NULL AND person_id = ANY(ids);
        ${EVENT_FACTS};
      $$`);
  }
}
