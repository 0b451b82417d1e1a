import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When matching merges a young person whole into another (docs/moves.md), their moves between LAs follow their
 * records: the linker calls merge_person_transfers before it moves the records, so the refresh that move
 * triggers sees them. Of the open transfers of the people merged into one, one is kept (one open per person):
 * the one leaving the survivor's home LA if any does, else the oldest; the others are the same move seen twice
 * and are removed. Every other transfer (accepted, declined, withdrawn, left Wales) moves to the survivor with its
 * history, so an EPC's decline or withdrawal still stands against the addresses it covered. A survivor with no
 * home LA yet takes the merged person's. The linker's statement is logged by whoever made it (matching, an
 * EPC's confirmation).
 */
export class TransfersFollowMergedPeople1766900100000 implements MigrationInterface {
  name = 'TransfersFollowMergedPeople1766900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION merge_person_transfers(from_ids uuid[], to_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        WITH pair AS (SELECT DISTINCT v.from_id, v.to_id FROM unnest(from_ids, to_ids) AS v(from_id, to_id)),
        grp AS (SELECT from_id AS person_id, to_id AS survivor FROM pair UNION SELECT to_id, to_id FROM pair),
        ranked AS (
          SELECT t.id, row_number() OVER (PARTITION BY g.survivor
                   ORDER BY (t.from_la_code IS NOT DISTINCT FROM h.la_code) DESC, t.opened_at, t.seq) AS n
            FROM la_transfer t JOIN grp g ON g.person_id = t.person_id
            LEFT JOIN person_home h ON h.person_id = g.survivor
           WHERE t.status = 'OPEN')
        DELETE FROM la_transfer t USING ranked r WHERE t.id = r.id AND r.n > 1;

        UPDATE la_transfer t SET person_id = v.to_id
          FROM unnest(from_ids, to_ids) AS v(from_id, to_id) WHERE t.person_id = v.from_id;

        INSERT INTO person_home (person_id, la_code, since, transfer_id)
        SELECT DISTINCT ON (v.to_id) v.to_id, h.la_code, h.since, h.transfer_id
          FROM unnest(from_ids, to_ids) AS v(from_id, to_id) JOIN person_home h ON h.person_id = v.from_id
         ORDER BY v.to_id, h.since
        ON CONFLICT (person_id) DO NOTHING;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION merge_person_transfers(uuid[], uuid[])`);
  }
}
