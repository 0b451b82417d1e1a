import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../graphql/context.js';
import { badInput, notFound } from '../../graphql/errors.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import { isoToday } from '../../policy/age.js';
import type { AgreementStatus } from '../../policy/policy.types.js';
import type { OrganisationType } from '../organisations/organisation.type.js';
import type { AgreementClauseType, DraftSharingAgreementInput, SharingAgreementType } from './agreement.type.js';

/** Which status change each action makes, and from where (the agreement lifecycle as data). */
export const AGREEMENT_TRANSITIONS = {
  activate: { from: ['DRAFT', 'SUSPENDED'], to: 'ACTIVE', event: 'agreement.activated' },
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED', event: 'agreement.suspended' },
  retire: { from: ['DRAFT', 'ACTIVE', 'SUSPENDED'], to: 'EXPIRED', event: 'agreement.retired' },
} as const satisfies Record<string, { from: readonly AgreementStatus[]; to: AgreementStatus; event: string }>;

/** One lifecycle action. */
export type AgreementAction = keyof typeof AGREEMENT_TRANSITIONS;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Creates, versions and moves sharing agreements through their lifecycle; reads them with their clauses and history. */
export class AgreementsService {
  /** Agreements, newest version first within each reference; optionally by status. */
  async list(ctx: RequestContext, status?: AgreementStatus | null): Promise<SharingAgreementType[]> {
    const ids = (await ctx.ds.query(
      `SELECT id FROM sharing_agreement WHERE ($1::text IS NULL OR status = $1) ORDER BY reference, version DESC`,
      [status ?? null],
    )) as Array<{ id: string }>;
    return this.load(ctx, ids.map((r) => r.id));
  }

  /** One agreement version (the latest when no version is given). */
  async get(ctx: RequestContext, reference: string, version?: number | null): Promise<SharingAgreementType> {
    const rows = (await ctx.ds.query(
      `SELECT id FROM sharing_agreement WHERE reference = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version DESC LIMIT 1`,
      [reference, version ?? null],
    )) as Array<{ id: string }>;
    const [found] = await this.load(ctx, rows.map((r) => r.id));
    if (!found) throw notFound(`Sharing agreement ${reference}${version ? `@${version}` : ''}`);
    return found;
  }

  /** Active agreements whose review date falls within `days` days (or has passed: those grant nothing already). */
  async dueForReview(ctx: RequestContext, days: number): Promise<SharingAgreementType[]> {
    if (!Number.isInteger(days) || days < 0 || days > 3650) throw badInput('withinDays', 'must be between 0 and 3650');
    const ids = (await ctx.ds.query(
      `SELECT id FROM sharing_agreement WHERE status = 'ACTIVE' AND review_by <= CAST($1 AS date) + $2::int ORDER BY review_by, reference`,
      [isoToday(), days],
    )) as Array<{ id: string }>;
    return this.load(ctx, ids.map((r) => r.id));
  }

  /** Writes a new DRAFT version (version 1 for a new reference); nothing grants until it is activated. */
  async draft(ctx: RequestContext, input: DraftSharingAgreementInput): Promise<SharingAgreementType> {
    if (input.reviewBy < input.effectiveFrom) throw badInput('reviewBy', 'must not be before effectiveFrom');
    const codes = new Set<string>(input.partyCodes);
    input.clauses.forEach((c) => {
      if (c.providerOrganisationCode) codes.add(c.providerOrganisationCode);
      if (c.recipientOrganisationCode) codes.add(c.recipientOrganisationCode);
    });
    const orgRows = (await ctx.ds.query('SELECT code, id FROM organisation WHERE code = ANY($1)', [[...codes]])) as Array<{ code: string; id: string }>;
    const orgId = new Map(orgRows.map((r) => [r.code, r.id]));
    input.partyCodes.forEach((code, i) => {
      if (!orgId.has(code)) throw badInput(`partyCodes[${i}]`, `no organisation with code "${code}"`);
    });
    input.clauses.forEach((c, i) => this.validateClause(c, i, input.purposes, orgId));

    const { id } = await ctx.ds.transaction((em) => withIdempotency(ctx, em, async () => {
      const [{ next }] = (await em.query(
        `SELECT coalesce(max(version), 0) + 1 AS next FROM sharing_agreement WHERE reference = $1`,
        [input.reference],
      )) as [{ next: number }];
      const [{ id: agreementId }] = (await em.query(
        `INSERT INTO sharing_agreement (reference, version, kind, title, status, lawful_basis, purposes, party_ids,
           effective_from, review_by, created_by)
         VALUES ($1,$2,$3,$4,'DRAFT',$5,$6,$7,$8,$9,$10) RETURNING id`,
        [input.reference, next, input.kind, input.title, input.lawfulBasis, input.purposes,
          input.partyCodes.map((c) => orgId.get(c)), input.effectiveFrom, input.reviewBy, ctx.principal.id],
      )) as [{ id: string }];
      for (const [i, c] of input.clauses.entries()) {
        const conditions = Object.fromEntries(Object.entries(c.conditions ?? {}).filter(([, v]) => v !== null && v !== undefined));
        await em.query(
          `INSERT INTO agreement_clause (agreement_id, position, provider_organisation_id, provider_kind, recipient_organisation_id,
             recipient_kind, recipient_role, categories, purposes, conditions, consent_required, retention, description, disclosure)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
          [agreementId, i + 1, c.providerOrganisationCode ? orgId.get(c.providerOrganisationCode) : null, c.providerKind ?? null,
            c.recipientOrganisationCode ? orgId.get(c.recipientOrganisationCode) : null, c.recipientKind ?? null, c.recipientRole ?? null,
            c.categories, c.purposes, JSON.stringify(conditions), c.consentRequired, c.retention ?? null, c.description, c.disclosure ?? 'VALUE'],
        );
      }
      await this.recordEvent(ctx, em, agreementId, next === 1 ? 'agreement.drafted' : 'agreement.versioned', {
        reference: input.reference,
        version: next,
        clauses: input.clauses.length,
      });
      return { id: agreementId };
    }));
    const [view] = await this.load(ctx, [id]);
    return view!;
  }

  /** Moves an agreement version along its lifecycle; activating a version expires the previously active one. */
  async transition(ctx: RequestContext, id: string, action: AgreementAction, reason?: string | null): Promise<SharingAgreementType> {
    if (!UUID.test(id)) throw badInput('id', 'must be a UUID');
    const rule = AGREEMENT_TRANSITIONS[action];
    await ctx.ds.transaction((em) => withIdempotency(ctx, em, async () => {
      const rows = (await em.query('SELECT reference, version, status FROM sharing_agreement WHERE id = $1 FOR UPDATE', [id])) as Array<{
        reference: string;
        version: number;
        status: AgreementStatus;
      }>;
      const current = rows[0];
      if (!current) throw notFound('Sharing agreement');
      if (!(rule.from as readonly AgreementStatus[]).includes(current.status)) {
        throw badInput('id', `cannot ${action} an agreement that is ${current.status}`);
      }
      if (action === 'activate') {
        const superseded = (await em.query(
          `UPDATE sharing_agreement SET status = 'EXPIRED', updated_at = now()
            WHERE reference = $1 AND status = 'ACTIVE' AND id <> $2 RETURNING id, version`,
          [current.reference, id],
        )) as [Array<{ id: string; version: number }>, number];
        for (const old of superseded[0]) {
          await this.recordEvent(ctx, em, old.id, 'agreement.superseded', { reference: current.reference, version: old.version, by: current.version });
        }
      }
      await em.query(`UPDATE sharing_agreement SET status = $2, updated_at = now() WHERE id = $1`, [id, rule.to]);
      await this.recordEvent(ctx, em, id, rule.event, {
        reference: current.reference,
        version: current.version,
        from: current.status,
        to: rule.to,
        ...(reason ? { reason: reason.slice(0, 500) } : {}),
      });
      return null;
    }));
    const [view] = await this.load(ctx, [id]);
    return view!;
  }

  private validateClause(
    c: DraftSharingAgreementInput['clauses'][number],
    i: number,
    agreementPurposes: readonly string[],
    orgId: Map<string, string>,
  ): void {
    const at = `clauses[${i}]`;
    if (Boolean(c.providerOrganisationCode) === Boolean(c.providerKind)) {
      throw badInput(`${at}.provider`, 'give exactly one of providerOrganisationCode and providerKind');
    }
    if (!c.recipientOrganisationCode && !c.recipientKind && !c.recipientRole) {
      throw badInput(`${at}.recipient`, 'give at least one of recipientOrganisationCode, recipientKind and recipientRole');
    }
    for (const code of [c.providerOrganisationCode, c.recipientOrganisationCode]) {
      if (code && !orgId.has(code)) throw badInput(`${at}`, `no organisation with code "${code}"`);
    }
    const stray = c.purposes.filter((p) => !agreementPurposes.includes(p));
    if (stray.length > 0) throw badInput(`${at}.purposes`, `${stray.join(', ')} not among the agreement's purposes`);
    const k = c.conditions;
    if (k?.tierIn && (k.tierIn.length === 0 || k.tierIn.some((t) => t < 1 || t > 5))) throw badInput(`${at}.conditions.tierIn`, 'tiers are 1 to 5');
    if (k?.ageMin != null && k.ageMax != null && k.ageMin > k.ageMax) throw badInput(`${at}.conditions.ageMin`, 'must not exceed ageMax');
  }

  private async recordEvent(ctx: RequestContext, em: EntityManager, agreementId: string, event: string, detail: Record<string, unknown>): Promise<void> {
    await em.query(`INSERT INTO agreement_event (agreement_id, event, principal_id, detail) VALUES ($1, $2, $3, $4)`, [
      agreementId,
      event,
      ctx.principal.id,
      JSON.stringify(detail),
    ]);
    await ctx.services.audit.recordChange(ctx, em, { personId: null, event, change: { agreementId, ...detail } });
  }

  /** Loads agreement views with clauses, parties and history: four queries whatever the count. */
  private async load(ctx: RequestContext, ids: string[]): Promise<SharingAgreementType[]> {
    if (ids.length === 0) return [];
    const today = isoToday();
    const [agreements, clauses, events, orgs] = await Promise.all([
      ctx.ds.query(
        `SELECT id, reference, version, kind, title, status, lawful_basis, purposes, party_ids,
                effective_from::text AS effective_from, review_by::text AS review_by
           FROM sharing_agreement WHERE id = ANY($1)`,
        [ids],
      ) as Promise<Array<Record<string, unknown>>>,
      ctx.ds.query(`SELECT * FROM agreement_clause WHERE agreement_id = ANY($1) ORDER BY position`, [ids]) as Promise<Array<Record<string, unknown>>>,
      ctx.ds.query(
        `SELECT e.agreement_id, e.event, e.at, e.detail, p.handle FROM agreement_event e LEFT JOIN principal p ON p.id = e.principal_id
          WHERE e.agreement_id = ANY($1) ORDER BY e.at, e.id`,
        [ids],
      ) as Promise<Array<Record<string, unknown>>>,
      ctx.ds.query(
        `SELECT id, code, name, name_cy AS "nameCy", kind, la_code AS "laCode", isp_signatory AS "ispSignatory" FROM organisation
          WHERE id IN (SELECT unnest(party_ids) FROM sharing_agreement WHERE id = ANY($1))
             OR id IN (SELECT provider_organisation_id FROM agreement_clause WHERE agreement_id = ANY($1))
             OR id IN (SELECT recipient_organisation_id FROM agreement_clause WHERE agreement_id = ANY($1))`,
        [ids],
      ) as Promise<OrganisationType[]>,
    ]);
    const org = new Map(orgs.map((o) => [o.id, o]));
    const byId = new Map(agreements.map((a) => [a['id'] as string, a]));
    return ids
      .map((id) => byId.get(id))
      .filter((a): a is Record<string, unknown> => a !== undefined)
      .map((a) => {
        const status = a['status'] as AgreementStatus;
        const effectiveFrom = a['effective_from'] as string;
        const reviewBy = a['review_by'] as string;
        return {
          id: a['id'] as string,
          reference: a['reference'] as string,
          version: a['version'] as number,
          kind: a['kind'] as 'ISP' | 'DDA',
          title: a['title'] as string,
          status,
          inForce: status === 'ACTIVE' && effectiveFrom <= today && today <= reviewBy,
          lawfulBasis: a['lawful_basis'] as SharingAgreementType['lawfulBasis'],
          purposes: a['purposes'] as SharingAgreementType['purposes'],
          parties: (a['party_ids'] as string[]).map((p) => org.get(p)).filter((o): o is OrganisationType => o !== undefined),
          effectiveFrom,
          reviewBy,
          clauses: clauses
            .filter((c) => c['agreement_id'] === a['id'])
            .map(
              (c): AgreementClauseType => ({
                position: c['position'] as number,
                providerOrganisation: org.get(c['provider_organisation_id'] as string) ?? null,
                providerKind: (c['provider_kind'] as AgreementClauseType['providerKind']) ?? null,
                recipientOrganisation: org.get(c['recipient_organisation_id'] as string) ?? null,
                recipientKind: (c['recipient_kind'] as AgreementClauseType['recipientKind']) ?? null,
                recipientRole: (c['recipient_role'] as AgreementClauseType['recipientRole']) ?? null,
                categories: c['categories'] as AgreementClauseType['categories'],
                purposes: c['purposes'] as AgreementClauseType['purposes'],
                conditions: c['conditions'] as Record<string, unknown>,
                consentRequired: c['consent_required'] as boolean,
                disclosure: (c['disclosure'] as 'VALUE' | 'FLAG' | undefined) ?? 'VALUE',
                retention: (c['retention'] as string | null) ?? null,
                description: c['description'] as string,
              }),
            ),
          history: events
            .filter((e) => e['agreement_id'] === a['id'])
            .map((e) => ({ event: e['event'] as string, by: (e['handle'] as string | null) ?? null, at: e['at'] as Date, detail: e['detail'] as Record<string, unknown> })),
        };
      });
  }
}
