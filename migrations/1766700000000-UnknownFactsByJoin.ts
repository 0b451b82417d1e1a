import type { MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_FACTS, RECORD_FACTS } from './1764710100000-UnknownFacts.js';

/** The ids as a relation (each once), for joining instead of `= ANY(ids)`. */
const IDS = '(SELECT DISTINCT unnest(ids) AS id) AS i';

/** `text` with `from` replaced once; refuses to build a function from text it does not recognise. */
function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`UnknownFactsByJoin: "${from}" not found`);
  return text.replace(from, to);
}

/**
 * The unknown-fact refreshes took the records (or people) to refresh as `= ANY(ids)` filters. A SQL function's
 * array is a parameter, so PostgreSQL cannot hash it: when its statistics said few rows would qualify (right
 * after a cohort lands unlinked, every person_id is null) it filtered each row against the whole array, and
 * linking 174,133 records spent 96 of 122 s there. The same statements now join the ids as a relation, which
 * the planner joins by index or hash whatever the statistics say. What they compute is unchanged.
 */
export class UnknownFactsByJoin1766700000000 implements MigrationInterface {
  name = 'UnknownFactsByJoin1766700000000';

  async up(q: QueryRunner): Promise<void> {
    const recordFacts = replaced(
      replaced(RECORD_FACTS, 'FROM source_record sr\n', `FROM ${IDS} JOIN source_record sr ON sr.id = i.id\n`),
      'WHERE sr.id = ANY(ids) AND sr.person_id IS NOT NULL',
      'WHERE sr.person_id IS NOT NULL',
    );
    const eventFacts = replaced(
      replaced(EVENT_FACTS, 'FROM tier_event te\n', `FROM ${IDS} JOIN tier_event te ON te.person_id = i.id\n`),
      'WHERE te.person_id = ANY(ids)\n     AND ',
      'WHERE ',
    );
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_record_unknown_facts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM unknown_fact f USING ${IDS} WHERE f.source_id = i.id AND f.record_id IS NOT NULL;
        ${recordFacts};
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_event_unknown_facts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM unknown_fact f USING ${IDS} WHERE f.event_id IS NOT NULL AND f.person_id = i.id;
        ${eventFacts};
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_record_unknown_facts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM unknown_fact WHERE source_id = ANY(ids) AND record_id IS NOT NULL;
        ${RECORD_FACTS};
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_event_unknown_facts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM unknown_fact WHERE event_id IS NOT NULL AND person_id = ANY(ids);
        ${EVENT_FACTS};
      $$`);
  }
}
