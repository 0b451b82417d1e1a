import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drop-out notifications from post-16 providers to Careers Wales (domain §7.2): each names the provider's
 * own record of the learner (so the learner is whoever matching links that record to), the reason, the
 * leaving date (none for an at-risk notification) and the notification date; Careers Wales closes it with
 * a tier assessment. The same notification sent again is the same row (unique on its content).
 */
export class DropOutNotifications1764780000000 implements MigrationInterface {
  name = 'DropOutNotifications1764780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dropout_notification (
        id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_organisation_id  uuid NOT NULL REFERENCES organisation(id),
        source_record_id          uuid NOT NULL REFERENCES source_record(id),
        reason                    text NOT NULL CHECK (reason ~ '^(AT_RISK|LEFT)_[A-Z_]+$'),
        left_on                   date,
        notified_on               date NOT NULL,
        channel                   text NOT NULL CHECK (channel IN ('GRAPHQL', 'CSV', 'SEED')),
        received_at               timestamptz NOT NULL DEFAULT now(),
        received_by               uuid REFERENCES principal(id),
        closed_at                 timestamptz,
        closed_by                 uuid REFERENCES principal(id),
        tier_assessment_id        uuid REFERENCES tier_assessment(id),
        CHECK ((reason LIKE 'LEFT\\_%') = (left_on IS NOT NULL)),
        CHECK (left_on IS NULL OR notified_on >= left_on),
        CHECK ((closed_at IS NULL) = (closed_by IS NULL)),
        CHECK (closed_at IS NOT NULL OR tier_assessment_id IS NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX dropout_notification_content_idx ON dropout_notification
                     (source_record_id, reason, notified_on, left_on) NULLS NOT DISTINCT`);
    await q.query(`CREATE INDEX dropout_notification_queue_idx ON dropout_notification (received_at, id)`);
    await q.query(`CREATE INDEX dropout_notification_provider_month_idx ON dropout_notification (provider_organisation_id, notified_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dropout_notification`);
  }
}
