import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner systems' own credentials (docs/partners.md): each system's public keys (JWKs, at most two active at once
 * so a key can be rotated with overlap), when each was registered and revoked and by whom; and the ids (jti) of
 * the client assertions already exchanged for a token, kept until the assertion expires, so none is used twice.
 */
export class PartnerCredentials1766600000000 implements MigrationInterface {
  name = 'PartnerCredentials1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partner_key (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        principal_id  uuid NOT NULL REFERENCES principal(id),
        kid           text NOT NULL CHECK (kid ~ '^[A-Za-z0-9._:-]{1,128}$'),
        public_jwk    jsonb NOT NULL CHECK (NOT (public_jwk ? 'd')),
        thumbprint    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        created_by    uuid NOT NULL REFERENCES principal(id),
        not_after     timestamptz,
        revoked_at    timestamptz,
        revoked_by    uuid REFERENCES principal(id),
        UNIQUE (principal_id, kid),
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    await q.query(`CREATE INDEX partner_key_active_idx ON partner_key (principal_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE client_assertion_use (
        principal_id  uuid NOT NULL REFERENCES principal(id),
        jti           text NOT NULL,
        expires_at    timestamptz NOT NULL,
        PRIMARY KEY (principal_id, jti)
      )`);
    await q.query(`CREATE INDEX client_assertion_use_expiry_idx ON client_assertion_use (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE client_assertion_use`);
    await q.query(`DROP TABLE partner_key`);
  }
}
