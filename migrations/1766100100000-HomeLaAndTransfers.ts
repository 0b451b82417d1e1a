import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AREA_FALLBACK_KINDS } from '../src/modules/moves/moves.policy.js';
import { OUTSIDE_WALES, WELSH_POSTCODE_AREAS } from '../src/modules/moves/postcode-districts.data.js';

const OUT = `'${OUTSIDE_WALES}'`;
const WELSH_AREAS = `ARRAY['${WELSH_POSTCODE_AREAS.join("','")}']`;
const FALLBACK_KINDS = `ARRAY['${AREA_FALLBACK_KINDS.join("','")}']`;

/** The LA a record's postcode places it in (null: cannot be placed), over source_record `sr` joined to `pd` on its district. */
const PLACED = `CASE WHEN pd.la_code IS NOT NULL THEN pd.la_code
                     WHEN substring(postcode_outward(sr.postcode) FROM '^[A-Z]+') = ANY(${WELSH_AREAS}) THEN NULL
                     ELSE ${OUT} END`;

/**
 * Where each young person lives, as the sharing rules use it, and the transfers between LAs (domain §4.5;
 * docs/moves.md). Three facts per person, kept in person_state by the same statement-level triggers:
 * - address_la_code: where the latest address of the most authoritative source places them (moves.policy.ts:
 *   rank 1 LA, school, Careers Wales, college, training provider; rank 2 youth and voluntary bodies; within a
 *   rank the address the hub received most recently, `source_record.address_at`); failing any address that
 *   can be placed, the area of their latest LA or school record;
 * - home_la_code: the accepted home (person_home): the first address LA, then only what a transfer changes;
 * - transfer_la_code: the receiving LA of their latest transfer still open or accepted (the rules' `area: TRANSFER`).
 * When the address LA leaves home, a transfer opens (la_transfer, one open per person); it follows a newer
 * address, is withdrawn when the address comes back home, closes at once as LEFT_WALES when the address is
 * outside Wales (the home becomes outside Wales, with a MOVE event in the tier history), and is otherwise
 * accepted by the receiving LA's EPC (the transfers service). An EPC's "moved out of area" and Careers Wales's
 * "left the area" return open one too (destination unknown until an address or the EPC names it); reversing
 * the outcome withdraws it. Written by triggers inside the statements that change the records and the tier
 * history, which are themselves logged by whoever made them (an import, matching, a mutation).
 */
export class HomeLaAndTransfers1766100100000 implements MigrationInterface {
  name = 'HomeLaAndTransfers1766100100000';

  async up(q: QueryRunner): Promise<void> {
    // When the hub first received a record's current address: a new version with the same postcode is no newer address.
    await q.query(`ALTER TABLE source_record ADD COLUMN address_at timestamptz`);
    await q.query(`
      CREATE FUNCTION source_record_address_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          NEW.address_at := coalesce(NEW.address_at, NEW.received_at);
        ELSIF NEW.postcode IS DISTINCT FROM OLD.postcode THEN
          NEW.address_at := CASE WHEN NEW.received_at IS DISTINCT FROM OLD.received_at THEN NEW.received_at ELSE now() END;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER source_record_address_at BEFORE INSERT OR UPDATE OF postcode ON source_record
                   FOR EACH ROW EXECUTE FUNCTION source_record_address_at()`);
    await q.query(`SET LOCAL session_replication_role = replica`);
    await q.query(`UPDATE source_record SET address_at = received_at`);
    await q.query(`SET LOCAL session_replication_role = origin`);
    await q.query(`ALTER TABLE source_record ALTER COLUMN address_at SET NOT NULL`);

    await q.query(`
      CREATE TABLE person_home (
        person_id    uuid PRIMARY KEY REFERENCES young_person(id) ON DELETE CASCADE,
        la_code      text NOT NULL,
        since        timestamptz NOT NULL DEFAULT now(),
        transfer_id  uuid
      )`);
    await q.query(`
      CREATE TABLE la_transfer (
        id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq                      bigserial NOT NULL UNIQUE,
        person_id                uuid NOT NULL REFERENCES young_person(id) ON DELETE CASCADE,
        from_la_code             text NOT NULL,
        to_la_code               text,
        cause                    text NOT NULL CHECK (cause IN ('ADDRESS', 'UNKNOWN_OUTCOME', 'DESTINATION_RETURN')),
        cause_supplier_id        uuid NOT NULL REFERENCES organisation(id),
        cause_record_id          uuid,
        cause_event_id           uuid,
        destination_supplier_id  uuid REFERENCES organisation(id),
        destination_record_id    uuid,
        destination_at           timestamptz,
        status                   text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'ACCEPTED', 'WITHDRAWN', 'LEFT_WALES')),
        opened_at                timestamptz NOT NULL DEFAULT now(),
        closed_at                timestamptz,
        accepted_by              uuid REFERENCES principal(id),
        CHECK ((status = 'OPEN') = (closed_at IS NULL)),
        CHECK ((to_la_code IS NULL) = (destination_supplier_id IS NULL)),
        CHECK (status <> 'ACCEPTED' OR (to_la_code IS NOT NULL AND to_la_code <> ${OUT})),
        CHECK (status <> 'LEFT_WALES' OR to_la_code = ${OUT}),
        CHECK (to_la_code IS NULL OR to_la_code <> from_la_code),
        CHECK ((cause = 'ADDRESS') = (cause_event_id IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX la_transfer_open_idx ON la_transfer (person_id) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX la_transfer_person_idx ON la_transfer (person_id, seq)`);
    await q.query(`CREATE INDEX la_transfer_from_idx ON la_transfer (from_la_code, opened_at, id)`);
    await q.query(`CREATE INDEX la_transfer_to_idx ON la_transfer (to_la_code, opened_at, id)`);
    await q.query(`CREATE INDEX la_transfer_cause_event_idx ON la_transfer (cause_event_id) WHERE cause_event_id IS NOT NULL`);
    await q.query(`
      ALTER TABLE person_state
        ADD COLUMN address_la_code      text,
        ADD COLUMN address_record_id    uuid,
        ADD COLUMN address_supplier_id  uuid,
        ADD COLUMN address_at           timestamptz,
        ADD COLUMN transfer_la_code     text`);

    await q.query(syncMovesFunction());
    await q.query(refreshFunction());
    // The receiving LA takes the young person on: the transfer is accepted and its LA becomes the home LA. Null
    // when the transfer is not open towards that LA (accepted meanwhile, redirected, closed). The caller logs it.
    await q.query(`
      CREATE FUNCTION accept_la_transfer(transfer uuid, receiving_la text, principal uuid) RETURNS uuid LANGUAGE plpgsql AS $$
      DECLARE
        moved uuid;
      BEGIN
        UPDATE la_transfer SET status = 'ACCEPTED', closed_at = now(), accepted_by = principal
         WHERE id = transfer AND status = 'OPEN' AND to_la_code = receiving_la AND receiving_la <> ${OUT}
        RETURNING person_id INTO moved;
        IF moved IS NULL THEN
          RETURN NULL;
        END IF;
        INSERT INTO person_home (person_id, la_code, transfer_id) VALUES (moved, receiving_la, transfer)
        ON CONFLICT (person_id) DO UPDATE SET la_code = EXCLUDED.la_code, since = now(), transfer_id = EXCLUDED.transfer_id;
        PERFORM refresh_person_state(ARRAY[moved]);
        RETURN moved;
      END $$`);
    await q.query(`
      CREATE FUNCTION tier_event_moves() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        touched uuid[];
      BEGIN
        WITH started AS (
          -- An EPC's "moved out of area" or Careers Wales's "left the area" opens a transfer to an unknown LA,
          -- unless one is open, or a move has been settled since the day it speaks of.
          INSERT INTO la_transfer (person_id, from_la_code, cause, cause_supplier_id, cause_event_id)
          SELECT DISTINCT ON (n.person_id) n.person_id, h.la_code,
                 CASE n.kind WHEN 'RESOLUTION' THEN 'UNKNOWN_OUTCOME' ELSE 'DESTINATION_RETURN' END, n.source_organisation_id, n.id
            FROM new_rows n JOIN person_home h ON h.person_id = n.person_id
           WHERE ((n.kind = 'RESOLUTION' AND n.outcome = 'MOVED_OUT_OF_AREA') OR (n.kind = 'DESTINATION_RETURN' AND n.reason = 'LEFT_AREA'))
             AND h.la_code <> ${OUT}
             AND NOT EXISTS (SELECT 1 FROM la_transfer t WHERE t.person_id = n.person_id
                              AND (t.status = 'OPEN' OR (t.status IN ('ACCEPTED', 'LEFT_WALES') AND t.closed_at::date >= n.effective_on)))
           ORDER BY n.person_id, n.seq
          RETURNING person_id),
        withdrawn AS (
          -- Reversing the outcome that opened a transfer withdraws it, if it is still open.
          UPDATE la_transfer t SET status = 'WITHDRAWN', closed_at = now()
            FROM new_rows n
           WHERE n.outcome = 'REOPENED' AND t.cause_event_id = n.reverses_event_id AND t.status = 'OPEN'
          RETURNING t.person_id)
        SELECT array_agg(DISTINCT x.person_id) INTO touched FROM (SELECT person_id FROM started UNION SELECT person_id FROM withdrawn) x;
        IF touched IS NOT NULL THEN
          PERFORM refresh_person_state(touched);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER tier_event_moves_ins AFTER INSERT ON tier_event REFERENCING NEW TABLE AS new_rows
                   FOR EACH STATEMENT EXECUTE FUNCTION tier_event_moves()`);

    // The live definition the tests compare the stored facts with (the home itself is state: person_home).
    await q.query(`DROP VIEW person_state_live`);
    await q.query(liveView());
    await q.query(`SELECT refresh_person_state(ARRAY(SELECT id FROM young_person))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW person_state_live`);
    await q.query(OLD_LIVE_VIEW);
    await q.query(`DROP TRIGGER tier_event_moves_ins ON tier_event`);
    await q.query(`DROP FUNCTION tier_event_moves()`);
    await q.query(`DROP FUNCTION accept_la_transfer(uuid, text, uuid)`);
    await q.query(`DROP FUNCTION refresh_person_state(uuid[])`);
    await q.query(OLD_REFRESH);
    await q.query(`DROP FUNCTION sync_person_moves(uuid[])`);
    await q.query(`
      ALTER TABLE person_state DROP COLUMN address_la_code, DROP COLUMN address_record_id, DROP COLUMN address_supplier_id,
        DROP COLUMN address_at, DROP COLUMN transfer_la_code`);
    await q.query(`DROP TABLE la_transfer`);
    await q.query(`DROP TABLE person_home`);
    await q.query(`DROP TRIGGER source_record_address_at ON source_record`);
    await q.query(`DROP FUNCTION source_record_address_at()`);
    await q.query(`ALTER TABLE source_record DROP COLUMN address_at`);
    await q.query(`SELECT refresh_person_state(ARRAY(SELECT id FROM young_person))`);
  }
}

/** Brings home LAs and transfers into line with the people's address LAs (person_state already refreshed). */
function syncMovesFunction(): string {
  return `
    CREATE FUNCTION sync_person_moves(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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
         AND NOT EXISTS (SELECT 1 FROM la_transfer t WHERE t.person_id = ps.person_id AND t.status = 'OPEN');

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
    END $$`;
}

/** refresh_person_state as MaterialisePersonState made it, plus the address LA, the home and the transfer LA. */
function refreshFunction(): string {
  return `
    CREATE OR REPLACE FUNCTION refresh_person_state(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM person_state WHERE person_id = ANY(ids);
      WITH people AS (SELECT yp.id FROM young_person yp WHERE yp.id = ANY(ids)),
      dob AS (
        SELECT DISTINCT ON (person_id) person_id, date_of_birth FROM (
          SELECT sr.person_id, sr.date_of_birth, count(*) AS n FROM source_record sr
           WHERE sr.person_id = ANY(ids) AND sr.date_of_birth IS NOT NULL GROUP BY 1, 2) d
        ORDER BY person_id, n DESC, date_of_birth),
      address AS (
        SELECT DISTINCT ON (p.person_id) p.person_id, p.la_code, p.record_id, p.supplier_id, p.address_at FROM (
          SELECT sr.person_id, ${PLACED} AS la_code, sr.id AS record_id, sr.provider_organisation_id AS supplier_id,
                 sr.address_at, sr.received_at, r.rank
            FROM source_record sr
            JOIN organisation o ON o.id = sr.provider_organisation_id
            JOIN address_source_rank r ON r.kind = o.kind
            LEFT JOIN postcode_district pd ON pd.district = postcode_outward(sr.postcode)
           WHERE sr.person_id = ANY(ids) AND postcode_outward(sr.postcode) IS NOT NULL) p
         WHERE p.la_code IS NOT NULL
        ORDER BY p.person_id, p.rank, p.address_at DESC, p.received_at DESC, p.record_id),
      area AS (
        SELECT DISTINCT ON (sr.person_id) sr.person_id, o.la_code, sr.id AS record_id, sr.provider_organisation_id AS supplier_id, sr.received_at AS address_at
          FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
         WHERE sr.person_id = ANY(ids) AND o.kind = ANY(${FALLBACK_KINDS}) AND o.la_code IS NOT NULL
        ORDER BY sr.person_id, sr.received_at DESC, sr.id),
      tier AS (
        SELECT DISTINCT ON (person_id) person_id, tier FROM (
          SELECT ta.person_id, ta.tier::integer AS tier, ta.assessed_on AS on_day, 1 AS rank, ta.seq AS seq
            FROM tier_assessment ta WHERE ta.person_id = ANY(ids)
          UNION ALL
          SELECT sr.person_id, (sr.payload->'TIER_STATUS'->>'tier')::integer,
                 record_assessed_on(sr.payload -> 'TIER_STATUS', sr.received_at), 0, 0
            FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
           WHERE sr.person_id = ANY(ids) AND o.kind = 'CAREERS_WALES' AND (sr.payload->'TIER_STATUS'->>'tier') ~ '^[1-5]$') t
        ORDER BY person_id, on_day DESC, rank DESC, seq DESC),
      ledger AS (SELECT DISTINCT c.person_id FROM consent_event c WHERE c.person_id = ANY(ids))
      INSERT INTO person_state (person_id, date_of_birth, current_tier, has_consent_events,
                                address_la_code, address_record_id, address_supplier_id, address_at)
      SELECT p.id, dob.date_of_birth, tier.tier, ledger.person_id IS NOT NULL,
             coalesce(a.la_code, f.la_code),
             CASE WHEN a.person_id IS NOT NULL THEN a.record_id ELSE f.record_id END,
             CASE WHEN a.person_id IS NOT NULL THEN a.supplier_id ELSE f.supplier_id END,
             CASE WHEN a.person_id IS NOT NULL THEN a.address_at ELSE f.address_at END
        FROM people p LEFT JOIN dob ON dob.person_id = p.id LEFT JOIN address a ON a.person_id = p.id
        LEFT JOIN area f ON f.person_id = p.id LEFT JOIN tier ON tier.person_id = p.id LEFT JOIN ledger ON ledger.person_id = p.id;

      PERFORM sync_person_moves(ids);

      UPDATE person_state ps SET home_la_code = h.la_code
        FROM person_home h WHERE h.person_id = ps.person_id AND ps.person_id = ANY(ids);
      UPDATE person_state ps SET transfer_la_code = t.to_la_code
        FROM (SELECT DISTINCT ON (person_id) person_id, to_la_code, status FROM la_transfer
               WHERE person_id = ANY(ids) AND status <> 'WITHDRAWN' ORDER BY person_id, seq DESC) t
       WHERE t.person_id = ps.person_id AND t.status IN ('OPEN', 'ACCEPTED') AND t.to_la_code <> ${OUT};
    END $$`;
}

/** person_state_live with the address LA derived afresh per person (the home is person_home's). */
function liveView(): string {
  return `
    CREATE VIEW person_state_live AS
    SELECT yp.id AS person_id,
      (SELECT sr.date_of_birth FROM source_record sr
        WHERE sr.person_id = yp.id AND sr.date_of_birth IS NOT NULL
        GROUP BY sr.date_of_birth ORDER BY count(*) DESC, sr.date_of_birth LIMIT 1) AS date_of_birth,
      (SELECT h.la_code FROM person_home h WHERE h.person_id = yp.id) AS home_la_code,
      (SELECT t.tier FROM (
          SELECT ta.tier::integer AS tier, ta.assessed_on AS on_day, 1 AS rank, ta.seq AS seq
            FROM tier_assessment ta WHERE ta.person_id = yp.id
          UNION ALL
          SELECT (sr.payload->'TIER_STATUS'->>'tier')::integer,
                 record_assessed_on(sr.payload -> 'TIER_STATUS', sr.received_at), 0, 0
            FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
           WHERE sr.person_id = yp.id AND o.kind = 'CAREERS_WALES'
             AND (sr.payload->'TIER_STATUS'->>'tier') ~ '^[1-5]$'
        ) t ORDER BY t.on_day DESC, t.rank DESC, t.seq DESC LIMIT 1)::smallint AS current_tier,
      coalesce(
        (SELECT la_of_postcode(sr.postcode) FROM source_record sr
           JOIN organisation o ON o.id = sr.provider_organisation_id JOIN address_source_rank r ON r.kind = o.kind
          WHERE sr.person_id = yp.id AND la_of_postcode(sr.postcode) IS NOT NULL
          ORDER BY r.rank, sr.address_at DESC, sr.received_at DESC, sr.id LIMIT 1),
        (SELECT o.la_code FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
          WHERE sr.person_id = yp.id AND o.kind = ANY(${FALLBACK_KINDS}) AND o.la_code IS NOT NULL
          ORDER BY sr.received_at DESC, sr.id LIMIT 1)) AS address_la_code
    FROM young_person yp`;
}

const OLD_LIVE_VIEW = `
  CREATE VIEW person_state_live AS
  SELECT yp.id AS person_id,
    (SELECT sr.date_of_birth FROM source_record sr
      WHERE sr.person_id = yp.id AND sr.date_of_birth IS NOT NULL
      GROUP BY sr.date_of_birth ORDER BY count(*) DESC, sr.date_of_birth LIMIT 1) AS date_of_birth,
    (SELECT o.la_code FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
      WHERE sr.person_id = yp.id AND o.la_code IS NOT NULL
      ORDER BY sr.received_at DESC, sr.id LIMIT 1) AS home_la_code,
    (SELECT t.tier FROM (
        SELECT ta.tier::integer AS tier, ta.assessed_on AS on_day, 1 AS rank, ta.seq AS seq
          FROM tier_assessment ta WHERE ta.person_id = yp.id
        UNION ALL
        SELECT (sr.payload->'TIER_STATUS'->>'tier')::integer,
               record_assessed_on(sr.payload -> 'TIER_STATUS', sr.received_at), 0, 0
          FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
         WHERE sr.person_id = yp.id AND o.kind = 'CAREERS_WALES'
           AND (sr.payload->'TIER_STATUS'->>'tier') ~ '^[1-5]$'
      ) t ORDER BY t.on_day DESC, t.rank DESC, t.seq DESC LIMIT 1)::smallint AS current_tier
  FROM young_person yp`;

/** refresh_person_state as it stood before (MaterialisePersonState, with GuardRecordAssessedOn's day). */
const OLD_REFRESH = `
  CREATE FUNCTION refresh_person_state(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM person_state WHERE person_id = ANY(ids);
    WITH people AS (SELECT yp.id FROM young_person yp WHERE yp.id = ANY(ids)),
    dob AS (
      SELECT DISTINCT ON (person_id) person_id, date_of_birth FROM (
        SELECT sr.person_id, sr.date_of_birth, count(*) AS n FROM source_record sr
         WHERE sr.person_id = ANY(ids) AND sr.date_of_birth IS NOT NULL GROUP BY 1, 2) d
      ORDER BY person_id, n DESC, date_of_birth),
    home AS (
      SELECT DISTINCT ON (sr.person_id) sr.person_id, o.la_code FROM source_record sr
        JOIN organisation o ON o.id = sr.provider_organisation_id
       WHERE sr.person_id = ANY(ids) AND o.la_code IS NOT NULL
      ORDER BY sr.person_id, sr.received_at DESC, sr.id),
    tier AS (
      SELECT DISTINCT ON (person_id) person_id, tier FROM (
        SELECT ta.person_id, ta.tier::integer AS tier, ta.assessed_on AS on_day, 1 AS rank, ta.seq AS seq
          FROM tier_assessment ta WHERE ta.person_id = ANY(ids)
        UNION ALL
        SELECT sr.person_id, (sr.payload->'TIER_STATUS'->>'tier')::integer,
               record_assessed_on(sr.payload -> 'TIER_STATUS', sr.received_at), 0, 0
          FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
         WHERE sr.person_id = ANY(ids) AND o.kind = 'CAREERS_WALES' AND (sr.payload->'TIER_STATUS'->>'tier') ~ '^[1-5]$') t
      ORDER BY person_id, on_day DESC, rank DESC, seq DESC),
    ledger AS (SELECT DISTINCT c.person_id FROM consent_event c WHERE c.person_id = ANY(ids))
    INSERT INTO person_state (person_id, date_of_birth, home_la_code, current_tier, has_consent_events)
    SELECT p.id, dob.date_of_birth, home.la_code, tier.tier, ledger.person_id IS NOT NULL
      FROM people p LEFT JOIN dob ON dob.person_id = p.id LEFT JOIN home ON home.person_id = p.id
      LEFT JOIN tier ON tier.person_id = p.id LEFT JOIN ledger ON ledger.person_id = p.id;
  $$`;
