import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each party's approval or suspension of an agreement version, as an append-only ledger (the latest
 * decision per party stands): a clause releases an organisation's data only once that organisation has
 * approved (docs/sharing-rules.md, "Approval"). Agreements seeded before approvals were recorded are
 * taken as approved by all their parties; those drafted through the API must be approved afresh.
 */
export class AgreementApprovals1764600000000 implements MigrationInterface {
  name = 'AgreementApprovals1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agreement_approval (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq              bigserial NOT NULL UNIQUE,
        agreement_id     uuid NOT NULL REFERENCES sharing_agreement(id),
        organisation_id  uuid NOT NULL REFERENCES organisation(id),
        decision         text NOT NULL CHECK (decision IN ('APPROVED', 'SUSPENDED')),
        principal_id     uuid REFERENCES principal(id),
        break_glass      boolean NOT NULL DEFAULT false,
        reason           text CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 500),
        at               timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX agreement_approval_party_idx ON agreement_approval (agreement_id, organisation_id, seq DESC)`);
    // A ledger: who approved or suspended, for which organisation and when, is never rewritten.
    await q.query(`
      CREATE FUNCTION agreement_approval_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'agreement_approval is append-only';
      END $$`);
    await q.query(`CREATE TRIGGER agreement_approval_no_update BEFORE UPDATE OR DELETE ON agreement_approval
                   FOR EACH ROW EXECUTE FUNCTION agreement_approval_append_only()`);
    // The compiled rules depend on approvals, and (where a kind-wide clause is approved by some of its
    // organisations only) on which organisations of that kind exist: both bump the policy version.
    await q.query(`CREATE TRIGGER agreement_approval_bump AFTER INSERT ON agreement_approval
                   FOR EACH STATEMENT EXECUTE FUNCTION bump_policy_version()`);
    await q.query(`CREATE TRIGGER organisation_bump AFTER INSERT OR DELETE OR UPDATE OF kind ON organisation
                   FOR EACH STATEMENT EXECUTE FUNCTION bump_policy_version()`);
    await q.query(`
      INSERT INTO agreement_approval (agreement_id, organisation_id, decision, reason)
      SELECT a.id, p.id, 'APPROVED', 'seeded as signed by every party'
        FROM sharing_agreement a CROSS JOIN LATERAL unnest(a.party_ids) AS p(id)
       WHERE a.created_by IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER organisation_bump ON organisation`);
    await q.query(`DROP TABLE agreement_approval`);
    await q.query(`DROP FUNCTION agreement_approval_append_only()`);
  }
}
