import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTSIDE_WALES } from '../src/modules/moves/postcode-districts.data.js';

const OUT = `'${OUTSIDE_WALES}'`;

/**
 * An EPC's word on a transfer (docs/moves.md): the receiving LA's EPC may decline one (DECLINED) and the sending
 * LA's EPC may withdraw one that its LA or an address started (WITHDRAWN), each with a reason from a list and
 * the principal who decided (`closed_by`, `close_reason`). Such a decision covers the addresses the hub had when
 * it was made: sync_person_moves does not open a new transfer to the same LA from an address it already had then
 * (`address_at <= closed_at`); an address received later (a real move, or the address in another LA) opens one.
 */
export class DeclineAndWithdrawTransfers1766900000000 implements MigrationInterface {
  name = 'DeclineAndWithdrawTransfers1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE la_transfer DROP CONSTRAINT la_transfer_status_check`);
    await q.query(`
      ALTER TABLE la_transfer
        ADD COLUMN closed_by uuid REFERENCES principal(id),
        ADD COLUMN close_reason text,
        ADD CONSTRAINT la_transfer_status_check CHECK (status IN ('OPEN', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'LEFT_WALES')),
        ADD CONSTRAINT la_transfer_decided_check CHECK ((closed_by IS NULL) = (close_reason IS NULL)),
        ADD CONSTRAINT la_transfer_declined_check CHECK (status <> 'DECLINED' OR (closed_by IS NOT NULL AND to_la_code IS NOT NULL))`);
    await q.query(`CREATE OR REPLACE FUNCTION sync_person_moves(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$ ${syncBody(DECIDED_NOT_AGAIN)} $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION sync_person_moves(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$ ${syncBody('')} $$`);
    await q.query(`UPDATE la_transfer SET status = 'WITHDRAWN' WHERE status = 'DECLINED'`);
    await q.query(`
      ALTER TABLE la_transfer DROP CONSTRAINT la_transfer_declined_check, DROP CONSTRAINT la_transfer_decided_check,
        DROP CONSTRAINT la_transfer_status_check, DROP COLUMN close_reason, DROP COLUMN closed_by`);
    await q.query(`ALTER TABLE la_transfer ADD CONSTRAINT la_transfer_status_check CHECK (status IN ('OPEN', 'ACCEPTED', 'WITHDRAWN', 'LEFT_WALES'))`);
  }
}

/** An EPC's decline or withdrawal stands against the addresses in that LA the hub had when it was made. */
const DECIDED_NOT_AGAIN = `
         AND NOT EXISTS (SELECT 1 FROM la_transfer d WHERE d.person_id = ps.person_id AND d.closed_by IS NOT NULL
                            AND d.status IN ('DECLINED', 'WITHDRAWN') AND d.to_la_code = ps.address_la_code
                            AND ps.address_at <= d.closed_at)`;

/** sync_person_moves as HomeLaAndTransfers made it, with `notAgain` added to the condition of a new move. */
function syncBody(notAgain: string): string {
  return `
    BEGIN
      -- The first address that can be placed is where the young person lives: no LA held them before.
      INSERT INTO person_home (person_id, la_code)
      SELECT ps.person_id, ps.address_la_code FROM person_state ps
       WHERE ps.person_id = ANY(ids) AND ps.address_la_code IS NOT NULL
      ON CONFLICT (person_id) DO NOTHING;

      -- A move its own address no longer shows (the address came back home) did not happen.
      UPDATE la_transfer t SET status = 'WITHDRAWN', closed_at = now()
        FROM person_state ps JOIN person_home h ON h.person_id = ps.person_id
       WHERE t.person_id = ps.person_id AND ps.person_id = ANY(ids) AND t.status = 'OPEN'
         AND t.cause = 'ADDRESS' AND ps.address_la_code = h.la_code;

      -- An open move goes where the newest address away from home says (its destination, or a newer one).
      UPDATE la_transfer t
         SET to_la_code = ps.address_la_code, destination_supplier_id = ps.address_supplier_id,
             destination_record_id = ps.address_record_id, destination_at = ps.address_at
        FROM person_state ps JOIN person_home h ON h.person_id = ps.person_id
       WHERE t.person_id = ps.person_id AND ps.person_id = ANY(ids) AND t.status = 'OPEN'
         AND ps.address_la_code IS NOT NULL AND ps.address_la_code <> h.la_code
         AND t.to_la_code IS DISTINCT FROM ps.address_la_code
         AND (t.destination_at IS NULL OR ps.address_at > t.destination_at);

      -- A new move: the address points away from home and no transfer is open.
      INSERT INTO la_transfer (person_id, from_la_code, to_la_code, cause, cause_supplier_id, cause_record_id,
                               destination_supplier_id, destination_record_id, destination_at)
      SELECT ps.person_id, h.la_code, ps.address_la_code, 'ADDRESS', ps.address_supplier_id, ps.address_record_id,
             ps.address_supplier_id, ps.address_record_id, ps.address_at
        FROM person_state ps JOIN person_home h ON h.person_id = ps.person_id
       WHERE ps.person_id = ANY(ids) AND ps.address_la_code IS NOT NULL AND ps.address_la_code <> h.la_code
         AND NOT EXISTS (SELECT 1 FROM la_transfer t WHERE t.person_id = ps.person_id AND t.status = 'OPEN')${notAgain};

      -- Out of Wales no Welsh LA receives the young person: the move closes the case at once, with that outcome.
      WITH gone AS (
        UPDATE la_transfer t SET status = 'LEFT_WALES', closed_at = now()
         WHERE t.person_id = ANY(ids) AND t.status = 'OPEN' AND t.to_la_code = ${OUT}
        RETURNING t.id, t.person_id, t.from_la_code),
      homes AS (
        UPDATE person_home h SET la_code = ${OUT}, since = now(), transfer_id = g.id
          FROM gone g WHERE h.person_id = g.person_id
        RETURNING h.person_id)
      INSERT INTO tier_event (person_id, kind, effective_on, source_organisation_id, reason, source_event_id)
      SELECT g.person_id, 'MOVE', current_date, o.id, 'LEFT_WALES', g.id
        FROM gone g
        JOIN LATERAL (SELECT o.id FROM organisation o WHERE o.kind = 'LOCAL_AUTHORITY' AND o.la_code = g.from_la_code
                       ORDER BY o.code LIMIT 1) o ON TRUE;
    END`;
}
