import type { SubjectAccessBasisType } from '../audit/subject-access.type.js';
import type { AgreementsAndConsentsSource } from '../audit/subject-access.service.js';
import type { RequestContext } from '../graphql/context.js';
import { isoToday } from './age.js';

/**
 * The agreements and consents that apply to a young person, for the subject access report: every
 * clause in force today whose provider supplied a record about them (within the reader's scope), and
 * their whole consent ledger (without the names of the staff who recorded it).
 */
export class PolicyBasisSource implements AgreementsAndConsentsSource {
  /** Clauses and consents for one person; `providerOrganisationId` narrows to one controller's scope. */
  async agreementsAndConsentsFor(ctx: RequestContext, personId: string, providerOrganisationId: string | null): Promise<SubjectAccessBasisType[]> {
    const today = isoToday();
    const [clauses, consents] = await Promise.all([
      ctx.ds.query(
        `SELECT DISTINCT a.reference || '@' || a.version AS agreement, c.position, c.description, c.categories, c.purposes,
                c.consent_required, a.lawful_basis, coalesce(po.name, c.provider_kind) AS provider,
                coalesce(ro.name, c.recipient_kind, c.recipient_role) AS recipient
           FROM agreement_clause c JOIN sharing_agreement a ON a.id = c.agreement_id
           LEFT JOIN organisation po ON po.id = c.provider_organisation_id
           LEFT JOIN organisation ro ON ro.id = c.recipient_organisation_id
           JOIN source_record sr ON sr.person_id = $1 AND ($2::uuid IS NULL OR sr.provider_organisation_id = $2)
           JOIN organisation so ON so.id = sr.provider_organisation_id
          WHERE a.status = 'ACTIVE' AND a.effective_from <= CAST($3 AS date) AND CAST($3 AS date) <= a.review_by
            AND (c.provider_organisation_id = so.id OR c.provider_kind = so.kind)
          ORDER BY 1, 2`,
        [personId, providerOrganisationId, today],
      ) as Promise<Array<Record<string, unknown>>>,
      ctx.ds.query(
        `SELECT c.id, c.kind, c.given_by, c.purpose, c.categories, c.recorded_at::date::text AS on_day,
                coalesce(o.name, c.recipient_kind, 'every recipient') AS recipient
           FROM consent_event c LEFT JOIN organisation o ON o.id = c.recipient_organisation_id
          WHERE c.person_id = $1 ORDER BY c.seq`,
        [personId],
      ) as Promise<Array<Record<string, unknown>>>,
    ]);
    const list = (v: unknown, all: string): string => (Array.isArray(v) && v.length > 0 ? v.join(', ') : all);
    return [
      ...clauses.map((c) => ({
        kind: 'AGREEMENT',
        reference: `${String(c['agreement'])} clause ${String(c['position'])}`,
        summary:
          `${String(c['description'])}: ${String(c['provider'])} to ${String(c['recipient'])}; ` +
          `${list(c['categories'], 'all categories')}; for ${list(c['purposes'], 'all purposes')}; ` +
          `basis ${String(c['lawful_basis'])}${c['consent_required'] ? ', with consent' : ''}`,
      })),
      ...consents.map((c) => ({
        kind: 'CONSENT',
        reference: String(c['id']),
        summary:
          `${String(c['kind'])} by ${String(c['given_by'])} on ${String(c['on_day'])}: ${String(c['recipient'])}; ` +
          `${list(c['categories'], 'all categories')}; for ${c['purpose'] ? String(c['purpose']) : 'all purposes'}`,
      })),
    ];
  }
}
