import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'EPC','LEAD_WORKER','CW_ADVISER','PROVIDER_PASTORAL','IG_OFFICER','ANALYST','PARTNER_SYSTEM','ADMIN'`;
const ADDED = `'ADMISSIONS_OFFICER','DATA_MANAGER'`;

/**
 * Two roles for the people who work beside a partner's system: a college's or training provider's admissions
 * officer (ADMISSIONS only, so never the sensitive flags a transition purpose earns) and a data manager (sends
 * the organisation's records and fixes its rejected rows). Partner systems run only registered operations; what
 * their staff do by hand needs principals of their own.
 */
export class PartnerStaffRoles1766200000000 implements MigrationInterface {
  name = 'PartnerStaffRoles1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE principal DROP CONSTRAINT principal_roles_check`);
    await q.query(`ALTER TABLE principal ADD CONSTRAINT principal_roles_check
      CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[${BEFORE},${ADDED}]::text[])`);
  }

  async down(q: QueryRunner): Promise<void> {
    // A principal is referenced by the log and the ledgers, so it is never deleted here: going back needs its roles changed first.
    const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM principal WHERE roles && ARRAY[${ADDED}]::text[]`)) as [{ n: number }];
    if (n > 0) throw new Error(`${n} principals hold ADMISSIONS_OFFICER or DATA_MANAGER: give them other roles before reverting this migration`);
    await q.query(`ALTER TABLE principal DROP CONSTRAINT principal_roles_check`);
    await q.query(`ALTER TABLE principal ADD CONSTRAINT principal_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[${BEFORE}]::text[])`);
  }
}
