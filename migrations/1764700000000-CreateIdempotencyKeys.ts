import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys (`Idempotency-Key` on a mutation): one row per principal and key, written in the
 * transaction of the change it guards, so a key is taken exactly when its change commits. A retry finds
 * the row (a concurrent one waits on the primary key until the first commits or rolls back) and is
 * answered from `result`: the ids the first request produced, never personal values. Rows expire after
 * a day; an expired key may be used again.
 */
export class CreateIdempotencyKeys1764700000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_key (
        principal_id  uuid        NOT NULL REFERENCES principal (id),
        key           text        NOT NULL CHECK (key ~ '^[A-Za-z0-9_-]{1,100}$'),
        operation     text        NOT NULL CHECK (operation ~ '^[A-Za-z_][A-Za-z0-9_]{0,99}$'),
        request_hash  text        NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
        request_id    text        NOT NULL,
        result        jsonb,
        created_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL,
        PRIMARY KEY (principal_id, key)
      )`);
    await q.query(`COMMENT ON TABLE idempotency_key IS
      'Idempotency-Key of each mutation, committed with its change: the request hash and the ids it produced (no personal values)'`);
    await q.query(`CREATE INDEX idempotency_key_expires_idx ON idempotency_key (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
  }
}
