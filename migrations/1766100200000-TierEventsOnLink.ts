import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A drop-out notification or a destinations return can arrive before matching has linked the record it names
 * to a young person; its tier-history event (DROP_OUT_NOTIFICATION, DESTINATION_RETURN) could not be written
 * then, since the history is a person's. It is written when the link happens: a statement that links records
 * (matching, an EPC's confirmation) appends, in the same statement, the events of the notifications and
 * returns naming them that have none yet (once per notification or return, by its source event), as the
 * notifying provider's or Careers Wales's word, with the principal that sent it as actor. The statement is
 * logged by whoever made it (person.linked, person.created, match.confirmed). Already-linked arrivals still
 * get theirs from the service that lands them.
 */
export class TierEventsOnLink1766100200000 implements MigrationInterface {
  name = 'TierEventsOnLink1766100200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION source_record_link_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.person_id IS NULL AND n.person_id IS NOT NULL) THEN
          RETURN NULL;
        END IF;
        INSERT INTO tier_event (person_id, kind, effective_on, recorded_at, source_organisation_id, actor_principal_id, reason, source_event_id)
        SELECT n.person_id, e.kind, e.effective_on, e.recorded_at, e.supplier, e.actor, e.reason, e.id
          FROM new_rows n JOIN old_rows o ON o.id = n.id
          CROSS JOIN LATERAL (
            SELECT 'DROP_OUT_NOTIFICATION' AS kind, coalesce(d.left_on, d.notified_on) AS effective_on, d.received_at AS recorded_at,
                   d.provider_organisation_id AS supplier, d.received_by AS actor, d.reason, d.id, d.received_at AS at
              FROM dropout_notification d WHERE d.source_record_id = n.id
            UNION ALL
            SELECT 'DESTINATION_RETURN', r.snapshot_on, r.received_at, r.provider_organisation_id, r.received_by,
                   CASE WHEN r.non_respondent THEN 'NON_RESPONDENT' WHEN r.left_area THEN 'LEFT_AREA' ELSE r.destination END, r.id, r.received_at
              FROM destination_return r WHERE r.source_record_id = n.id) e
         WHERE o.person_id IS NULL AND n.person_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM tier_event te WHERE te.source_event_id = e.id)
         ORDER BY e.at, e.id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE INDEX tier_event_source_event_idx ON tier_event (source_event_id) WHERE source_event_id IS NOT NULL`);
    // Named to run after source_record_state_upd (statement triggers fire in name order): a person the link has just
    // made has its home LA by then, which a "left the area" return needs to open a transfer from.
    await q.query(`CREATE TRIGGER source_record_tier_events_on_link AFTER UPDATE ON source_record REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION source_record_link_events()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER source_record_tier_events_on_link ON source_record`);
    await q.query(`DROP INDEX tier_event_source_event_idx`);
    await q.query(`DROP FUNCTION source_record_link_events()`);
  }
}
