import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../graphql/context.js';
import { badInput, notFound } from '../../graphql/errors.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import { isoToday } from '../../policy/age.js';
import type { AgreementStatus } from '../../policy/policy.types.js';
import type { OrganisationType } from '../organisations/organisation.type.js';
import { actingParty, actsAsAdmin, assertParty, named, partyDecisions, recordDecision, refuse, wholeAgreementRefusal, type AgreementRow } from './agreement-parties.js';
import type { AgreementApprovalType, AgreementClauseType, DraftSharingAgreementInput, SharingAgreementType } from './agreement.type.js';
import type { PartyDecision } from './party-standing.js';

/** Which status change each action makes, and from where (the agreement lifecycle as data). */
export const AGREEMENT_TRANSITIONS = {
  activate: { from: ['DRAFT', 'SUSPENDED'], to: 'ACTIVE', event: 'agreement.activated' },
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED', event: 'agreement.suspended' },
  retire: { from: ['DRAFT', 'ACTIVE', 'SUSPENDED'], to: 'EXPIRED', event: 'agreement.retired' },
} as const satisfies Record<string, { from: readonly AgreementStatus[]; to: AgreementStatus; event: string }>;

/** One lifecycle action. */
export type AgreementAction = keyof typeof AGREEMENT_TRANSITIONS;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Creates, versions and moves sharing agreements through their lifecycle, records each party's approval or suspension, and reads them with their clauses, approvals and history. */
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

  /**
   * Writes a new DRAFT version (version 1 for a new reference), whose parties are the organisations listed
   * and those its clauses name; nothing grants until it is activated and its providers have approved it.
   */
  async draft(ctx: RequestContext, input: DraftSharingAgreementInput): Promise<SharingAgreementType> {
    if (input.reviewBy < input.effectiveFrom) throw badInput('reviewBy', 'must not be before effectiveFrom');
    // An organisation a clause names is a party: its approval is what lets the clause release its data.
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
          [...codes].map((c) => orgId.get(c)), input.effectiveFrom, input.reviewBy, ctx.principal.id],
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

  /**
   * Moves a whole agreement version along its lifecycle; activating a version expires the previously active
   * one. An IG officer does so only for an agreement its organisation is party to, and never in a way that
   * changes what the other parties share without them (`wholeAgreementRefusal`); an administrator may
   * (break-glass, marked in the event and its access-log row).
   */
  async transition(ctx: RequestContext, id: string, action: AgreementAction, reason?: string | null): Promise<SharingAgreementType> {
    if (!UUID.test(id)) throw badInput('id', 'must be a UUID');
    const rule = AGREEMENT_TRANSITIONS[action];
    const admin = actsAsAdmin(ctx);
    await ctx.ds.transaction((em) => withIdempotency(ctx, em, async () => {
      const current = await this.lock(em, id);
      if (!admin) assertParty(ctx, current, action);
      if (!(rule.from as readonly AgreementStatus[]).includes(current.status)) {
        throw badInput('id', `cannot ${action} an agreement that is ${current.status}`);
      }
      if (!admin) {
        const inForce = action === 'activate' ? await this.versionInForce(em, current) : null;
        const codes = new Map(
          ((await em.query('SELECT id, code FROM organisation WHERE id = ANY($1)', [inForce?.partyIds ?? []])) as Array<{ id: string; code: string }>).map((o) => [o.id, o.code]),
        );
        const refusal = wholeAgreementRefusal(action, current, inForce, await partyDecisions(em, id), (o) => codes.get(o) ?? o);
        if (refusal) refuse(ctx, refusal);
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
        ...(admin ? { breakGlass: true } : {}),
      });
      return null;
    }));
    const [view] = await this.load(ctx, [id]);
    return view!;
  }

  /**
   * Approves an agreement version for the caller's organisation (an administrator names the organisation):
   * the clauses releasing that organisation's data take effect, and a suspension by that party is lifted.
   */
  approve(ctx: RequestContext, id: string, organisationCode?: string | null): Promise<SharingAgreementType> {
    return this.decide(ctx, id, 'APPROVED', organisationCode, null);
  }

  /**
   * Suspends an active agreement: for the caller's organisation only (it neither provides nor receives under
   * it until it approves again), or, by an administrator naming no organisation, for every party.
   */
  suspend(ctx: RequestContext, id: string, reason: string, organisationCode?: string | null): Promise<SharingAgreementType> {
    if (actsAsAdmin(ctx) && !organisationCode) return this.transition(ctx, id, 'suspend', reason);
    return this.decide(ctx, id, 'SUSPENDED', organisationCode, reason);
  }

  /** Records one party's decision, its agreement event and its access-log row in one transaction. */
  private async decide(
    ctx: RequestContext,
    id: string,
    decision: PartyDecision,
    organisationCode: string | null | undefined,
    reason: string | null,
  ): Promise<SharingAgreementType> {
    if (!UUID.test(id)) throw badInput('id', 'must be a UUID');
    const verb = decision === 'APPROVED' ? 'approve' : 'suspend';
    await ctx.ds.transaction((em) => withIdempotency(ctx, em, async () => {
      const a = await this.lock(em, id);
      const party = await actingParty(ctx, em, a, organisationCode, verb);
      if (a.status === 'EXPIRED' || (decision === 'SUSPENDED' && a.status !== 'ACTIVE')) throw badInput('id', `cannot ${verb} an agreement that is ${a.status}`);
      const before = (await partyDecisions(em, id)).get(party.organisationId) ?? null;
      if (before === decision) throw badInput('id', `${party.organisationCode} has already ${verb}d ${named(a)}`);
      await recordDecision(ctx, em, id, party, decision, reason);
      await this.recordEvent(ctx, em, id, decision === 'APPROVED' ? 'agreement.approved' : 'agreement.party_suspended', {
        reference: a.reference,
        version: a.version,
        organisationId: party.organisationId,
        organisation: party.organisationCode,
        ...(before === 'SUSPENDED' ? { resumed: true } : {}),
        ...(reason ? { reason: reason.slice(0, 500) } : {}),
        ...(party.breakGlass ? { breakGlass: true } : {}),
      });
      return null;
    }));
    const [view] = await this.load(ctx, [id]);
    return view!;
  }

  /** The agreement version, locked for the rest of the transaction. */
  private async lock(em: EntityManager, id: string): Promise<AgreementRow> {
    const [row] = (await em.query('SELECT id, reference, version, status, party_ids FROM sharing_agreement WHERE id = $1 FOR UPDATE', [id])) as AgreementRow[];
    if (!row) throw notFound('Sharing agreement');
    return row;
  }

  /** The other version of the same reference in force (ACTIVE), which activating this one would end. */
  private async versionInForce(em: EntityManager, a: AgreementRow): Promise<{ version: number; partyIds: string[] } | null> {
    const [row] = (await em.query(`SELECT version, party_ids FROM sharing_agreement WHERE reference = $1 AND status = 'ACTIVE' AND id <> $2`, [
      a.reference,
      a.id,
    ])) as Array<{ version: number; party_ids: string[] }>;
    return row ? { version: row.version, partyIds: row.party_ids } : null;
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

  /** Loads agreement views with clauses, parties, their approvals and history: five queries whatever the count. */
  private async load(ctx: RequestContext, ids: string[]): Promise<SharingAgreementType[]> {
    if (ids.length === 0) return [];
    const today = isoToday();
    const [agreements, clauses, events, orgs, decisions] = await Promise.all([
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
      ctx.ds.query(
        `SELECT DISTINCT ON (d.agreement_id, d.organisation_id) d.agreement_id, d.organisation_id, d.decision, d.at, d.break_glass, d.reason, p.handle
           FROM agreement_approval d LEFT JOIN principal p ON p.id = d.principal_id
          WHERE d.agreement_id = ANY($1) ORDER BY d.agreement_id, d.organisation_id, d.seq DESC`,
        [ids],
      ) as Promise<Array<Record<string, unknown>>>,
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
        const parties = (a['party_ids'] as string[]).map((p) => org.get(p)).filter((o): o is OrganisationType => o !== undefined);
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
          parties,
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
          ...this.standingOf(a, clauses, decisions, org),
          history: events
            .filter((e) => e['agreement_id'] === a['id'])
            .map((e) => ({ event: e['event'] as string, by: (e['handle'] as string | null) ?? null, at: e['at'] as Date, detail: e['detail'] as Record<string, unknown> })),
        };
      });
  }

  /** Each party's standing decision on one agreement, and the providing parties whose approval is still missing. */
  private standingOf(
    a: Record<string, unknown>,
    clauses: ReadonlyArray<Record<string, unknown>>,
    decisions: ReadonlyArray<Record<string, unknown>>,
    org: ReadonlyMap<string, OrganisationType>,
  ): Pick<SharingAgreementType, 'approvals' | 'awaitingApproval'> {
    const mine = decisions.filter((d) => d['agreement_id'] === a['id'] && org.has(d['organisation_id'] as string));
    const approvals = mine
      .map((d): AgreementApprovalType => ({
        organisation: org.get(d['organisation_id'] as string)!,
        decision: d['decision'] as PartyDecision,
        by: (d['handle'] as string | null) ?? null,
        at: d['at'] as Date,
        breakGlass: d['break_glass'] as boolean,
        reason: (d['reason'] as string | null) ?? null,
      }))
      .sort((x, y) => x.organisation.code.localeCompare(y.organisation.code));
    const approved = new Set(approvals.filter((d) => d.decision === 'APPROVED').map((d) => d.organisation.id));
    const parties = (a['party_ids'] as string[]).map((p) => org.get(p)).filter((o): o is OrganisationType => o !== undefined);
    const providing = new Set<string>();
    for (const c of clauses.filter((k) => k['agreement_id'] === a['id'])) {
      if (c['provider_organisation_id']) providing.add(c['provider_organisation_id'] as string);
      else parties.filter((o) => o.kind === c['provider_kind']).forEach((o) => providing.add(o.id));
    }
    const awaitingApproval = [...providing]
      .filter((p) => !approved.has(p))
      .map((p) => org.get(p))
      .filter((o): o is OrganisationType => o !== undefined)
      .sort((x, y) => x.code.localeCompare(y.code));
    return { approvals, awaitingApproval };
  }
}
