import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The partners' change feed (docs/partners.md): each tier event gets a row in status_change when it is appended
 * (a statement trigger, so bulk appends cost one insert statement), and a feed position only once its transaction
 * has committed: the readers number the committed rows not yet numbered, one numbering at a time (an advisory
 * lock held to its commit), so positions become visible in increasing order and a cursor handed out is never
 * passed by a change committed late. Webhook subscriptions keep their own cursor into the same positions, and each
 * delivery (PENDING, DELIVERED or DEAD, the dead-letter list) is a row.
 */
export class StatusChangeFeed1766600100000 implements MigrationInterface {
  name = 'StatusChangeFeed1766600100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE status_change (
        tier_event_id  uuid PRIMARY KEY REFERENCES tier_event(id) ON DELETE CASCADE,
        position       bigint UNIQUE
      )`);
    await q.query(`CREATE INDEX status_change_unnumbered_idx ON status_change (tier_event_id) WHERE position IS NULL`);
    await q.query(`CREATE SEQUENCE status_change_position_seq`);
    // The history so far, in the order it was appended.
    await q.query(`INSERT INTO status_change (tier_event_id, position) SELECT id, seq FROM tier_event`);
    await q.query(`SELECT setval('status_change_position_seq', greatest((SELECT max(seq) FROM tier_event), 1))`);
    await q.query(`
      CREATE FUNCTION status_change_append() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO status_change (tier_event_id) SELECT id FROM appended ORDER BY seq;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER tier_event_status_change AFTER INSERT ON tier_event REFERENCING NEW TABLE AS appended
                   FOR EACH STATEMENT EXECUTE FUNCTION status_change_append()`);
    await q.query(`
      CREATE TABLE webhook_subscription (
        principal_id  uuid PRIMARY KEY REFERENCES principal(id),
        url           text NOT NULL CHECK (url ~ '^https?://'),
        secret        text NOT NULL,
        purpose       text NOT NULL,
        cursor        bigint NOT NULL DEFAULT 0,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        principal_id   uuid NOT NULL REFERENCES principal(id),
        tier_event_id  uuid NOT NULL,
        kind           text NOT NULL,
        occurred_at    timestamptz NOT NULL,
        status         text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
        attempts       integer NOT NULL DEFAULT 0,
        last_failure   text CHECK (last_failure ~ '^[A-Z0-9_]{1,64}$'),
        created_at     timestamptz NOT NULL DEFAULT now(),
        finished_at    timestamptz,
        UNIQUE (principal_id, tier_event_id)
      )`);
    await q.query(`CREATE INDEX webhook_delivery_status_idx ON webhook_delivery (principal_id, status, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook_subscription`);
    await q.query(`DROP TRIGGER tier_event_status_change ON tier_event`);
    await q.query(`DROP FUNCTION status_change_append()`);
    await q.query(`DROP TABLE status_change`);
    await q.query(`DROP SEQUENCE status_change_position_seq`);
  }
}
