import type { DataSource } from 'typeorm';
import { REGISTER_KINDS } from '../organisations/organisation-kind.js';
import { DEMO_ORG_CODES, REFERENCE_ORGANISATIONS, WELSH_LOCAL_AUTHORITIES } from '../organisations/organisations.data.js';
import { SEED_AGREEMENTS } from '../agreements/regional-isp.data.js';
import { SEED_PRINCIPALS } from '../principals/principals.data.js';

/** Upserts the 22 LAs, the partner organisations and the seeded principals, and adds the seeded agreements, approved by all their parties (safe to run again). */
export async function seedReferenceData(ds: DataSource): Promise<void> {
  await ds.transaction(async (em) => {
    for (const la of WELSH_LOCAL_AUTHORITIES) {
      await em.query(
        `INSERT INTO local_authority (code, ons_code, name, name_cy, dfe_number) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT (code) DO UPDATE SET ons_code = EXCLUDED.ons_code, name = EXCLUDED.name,
           name_cy = EXCLUDED.name_cy, dfe_number = EXCLUDED.dfe_number`,
        [la.code, la.onsCode, la.name, la.nameCy, la.dfeNumber],
      );
    }
    for (const o of REFERENCE_ORGANISATIONS) {
      await em.query(
        `INSERT INTO organisation (code, name, name_cy, kind, la_code, isp_signatory, unique_per_person) VALUES ($1,$2,$3,$4,$5,$6,$7)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_cy = EXCLUDED.name_cy, kind = EXCLUDED.kind,
           la_code = EXCLUDED.la_code, isp_signatory = EXCLUDED.isp_signatory, unique_per_person = EXCLUDED.unique_per_person`,
        [o.code, o.name, o.nameCy, o.kind, o.laCode, o.ispSignatory, REGISTER_KINDS.includes(o.kind)],
      );
    }
    for (const p of SEED_PRINCIPALS) {
      await em.query(
        `INSERT INTO principal (handle, display_name, kind, organisation_id, roles)
         SELECT $1, $2, $3, o.id, $5::text[] FROM organisation o WHERE o.code = $4
         ON CONFLICT (handle) DO UPDATE SET display_name = EXCLUDED.display_name, kind = EXCLUDED.kind,
           organisation_id = EXCLUDED.organisation_id, roles = EXCLUDED.roles, active = true`,
        [p.handle, p.displayName, p.kind, DEMO_ORG_CODES[p.organisation], p.roles],
      );
    }
    for (const a of SEED_AGREEMENTS) {
      const exists = (await em.query('SELECT 1 FROM sharing_agreement WHERE reference = $1 AND version = $2', [a.reference, a.version])) as unknown[];
      if (exists.length > 0) continue;
      // A new seeded version supersedes the one in force, as activating a version does.
      if (a.status === 'ACTIVE') {
        await em.query(`UPDATE sharing_agreement SET status = 'EXPIRED' WHERE reference = $1 AND status = 'ACTIVE' AND version < $2`, [a.reference, a.version]);
      }
      const [{ id }] = (await em.query(
        `INSERT INTO sharing_agreement (reference, version, kind, title, status, lawful_basis, purposes, party_ids, effective_from, review_by)
         SELECT $1, $2, $3, $4, $5, $6, $7, coalesce(array_agg(o.id ORDER BY o.code), '{}'), $9, $10
           FROM organisation o WHERE o.kind = ANY($8) RETURNING id`,
        [a.reference, a.version, a.kind, a.title, a.status, a.lawfulBasis, a.purposes, a.partyKinds, a.effectiveFrom, a.reviewBy],
      )) as [{ id: string }];
      for (const [i, c] of a.clauses.entries()) {
        await em.query(
          `INSERT INTO agreement_clause (agreement_id, position, provider_kind, recipient_kind, recipient_role, categories, purposes,
             conditions, consent_required, retention, description, disclosure) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
          [id, i + 1, c.providerKind, c.recipientKind, c.recipientRole ?? null, c.categories, c.purposes, JSON.stringify(c.conditions ?? {}),
            c.consentRequired ?? false, c.retention ?? null, c.description, c.disclosure ?? 'VALUE'],
        );
      }
      // Seeded agreements stand for protocols already signed: every party has approved them.
      await em.query(
        `INSERT INTO agreement_approval (agreement_id, organisation_id, decision, reason)
         SELECT $1, p.id, 'APPROVED', 'seeded as signed by every party' FROM sharing_agreement a CROSS JOIN LATERAL unnest(a.party_ids) AS p(id)
          WHERE a.id = $1`,
        [id],
      );
      await em.query(`INSERT INTO agreement_event (agreement_id, event, detail) VALUES ($1, 'agreement.seeded', $2)`, [
        id,
        JSON.stringify({ reference: a.reference, version: a.version, status: a.status }),
      ]);
    }
  });
}
