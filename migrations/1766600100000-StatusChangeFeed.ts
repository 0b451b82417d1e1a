import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The partners' change feed (docs/partners.md): tier events in the order their transactions became final.
 * `feed_xid` is the id of the transaction that appended the event: the feed lists only events whose transaction
 * is older than every one still running (`pg_snapshot_xmin`), in (feed_xid, seq) order, so an event committed late
 * with a smaller seq can never fall behind a cursor already handed out. Webhook subscriptions keep their own
 * cursor into the same order, and each delivery (PENDING, DELIVERED or DEAD, the dead-letter list) is a row.
 */
export class StatusChangeFeed1766600100000 implements MigrationInterface {
  name = 'StatusChangeFeed1766600100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tier_event ADD COLUMN feed_xid xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    await q.query(`CREATE INDEX tier_event_feed_idx ON tier_event (feed_xid, seq)`);
    await q.query(`
      CREATE TABLE webhook_subscription (
        principal_id  uuid PRIMARY KEY REFERENCES principal(id),
        url           text NOT NULL CHECK (url ~ '^https?://'),
        secret        text NOT NULL,
        purpose       text NOT NULL,
        cursor_xid    xid8 NOT NULL DEFAULT '0',
        cursor_seq    bigint NOT NULL DEFAULT 0,
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
    await q.query(`DROP INDEX tier_event_feed_idx`);
    await q.query(`ALTER TABLE tier_event DROP COLUMN feed_xid`);
  }
}
