import { GraphQLError } from 'graphql';
import { confirmOrRefuse } from '../auth/auth-cache.js';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../graphql/context.js';
import { effectiveClauses, type LoadedClause, type OrganisationFacts, type PartyDecision } from '../modules/agreements/party-standing.js';
import { badRequest, forbidden } from '../graphql/errors.js';
import { isoToday } from './age.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import type { AgreementStatus, ClauseConditions, LawfulBasis, PolicyClause } from './policy.types.js';
import { PURPOSES, type Purpose } from './purpose.js';
import { PURPOSE_LIMITED_TO_OPERATIONS, rolesMayUse } from './purposes.policy.js';
import { RequestPolicy } from './request-policy.js';

const COMPILED_CACHE_LIMIT = 500;

/**
 * Loads the clauses of every agreement (cached by policy version, which every agreement change bumps),
 * compiles them per principal and purpose (cached too), and hands each request its RequestPolicy.
 */
export class PolicyService {
  private clauses: { version: number; list: PolicyClause[] } | null = null;
  private readonly compiled = new Map<string, CompiledPolicy>();
  private readonly perRequest = new WeakMap<RequestContext, RequestPolicy>();
  private readonly pending = new WeakMap<RequestContext, Promise<RequestPolicy>>();

  constructor(
    private readonly ds: DataSource,
    readonly adultAge: number,
  ) {}

  /** The request's policy, compiling it on first use; refuses when no purpose or a purpose the role may not use. */
  forRequest(ctx: RequestContext, options: { confirmedBy?: 'caller' } = {}): Promise<RequestPolicy> {
    // Root fields of one operation (aliased lists, say) ask at the same time: they must share one policy,
    // since the field guard decides every value with the one it finds stored for the request.
    let pending = this.pending.get(ctx);
    if (!pending) {
      pending = this.compileFor(ctx, options.confirmedBy === 'caller');
      this.pending.set(ctx, pending);
    }
    return pending;
  }

  /**
   * Compiles the request's rules again at the current policy version, after a guarded statement found the
   * version had moved on since the request's cached authentication (see RequestAuth.settle).
   */
  async recompile(ctx: RequestContext, stale: RequestPolicy): Promise<RequestPolicy> {
    // Stale rules that decided nothing leave no trace in the response; otherwise the response is withheld (RequestAuth).
    if (stale.undecided && stale.version !== null && this.perRequest.get(ctx) === stale) ctx.auth?.discardVersion(stale.version);
    const pending = this.compileFor(ctx, true);
    this.pending.set(ctx, pending);
    return await pending;
  }

  private async compileFor(ctx: RequestContext, confirmedByCaller: boolean): Promise<RequestPolicy> {
    const purpose = this.requirePurpose(ctx);
    // A cached authentication is confirmed first (revocation, current policy version), unless the caller
    // folds that check into the statement it runs with these rules and recompiles when it fails.
    if (!confirmedByCaller) await confirmOrRefuse(ctx.auth);
    const version = await this.currentVersion(ctx);
    ctx.auth?.useVersion(version);
    const today = isoToday();
    const roles = [...ctx.principal.roles].sort();
    const key = `${version}|${ctx.principal.organisation.id}|${roles.join(',')}|${purpose}|${today}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      const clauses = await this.clausesAt(version);
      compiled = compilePolicy(
        {
          organisationId: ctx.principal.organisation.id,
          organisationKind: ctx.principal.organisation.kind,
          laCode: ctx.principal.organisation.laCode,
          roles,
        },
        purpose,
        clauses,
        today,
      );
      if (this.compiled.size >= COMPILED_CACHE_LIMIT) this.compiled.clear();
      this.compiled.set(key, compiled);
    }
    const policy = new RequestPolicy(compiled, ctx.ds, this.adultAge, version);
    this.perRequest.set(ctx, policy);
    return policy;
  }

  /** The policy already compiled for this request, if any (the field guard reads it synchronously). */
  existing(ctx: RequestContext): RequestPolicy | undefined {
    return this.perRequest.get(ctx);
  }

  /** A policy for another principal and purpose (explainAccess); not cached per request. */
  async forPrincipal(ctx: RequestContext, requester: CompiledPolicy['requester'], purpose: Purpose): Promise<RequestPolicy> {
    await confirmOrRefuse(ctx.auth);
    const version = await this.currentVersion(ctx);
    ctx.auth?.useVersion(version);
    const clauses = await this.clausesAt(version);
    return new RequestPolicy(compilePolicy(requester, purpose, clauses, isoToday()), ctx.ds, this.adultAge);
  }

  /** A policy for a principal outside any request (the webhook dispatcher, acting for a subscriber), at the current policy version. */
  async forRequester(requester: CompiledPolicy['requester'], purpose: Purpose): Promise<RequestPolicy> {
    const [row] = (await this.ds.query('SELECT version FROM policy_version')) as [{ version: string }];
    const clauses = await this.clausesAt(Number(row.version));
    return new RequestPolicy(compilePolicy(requester, purpose, clauses, isoToday()), this.ds, this.adultAge);
  }

  /** The declared purpose, or a clear error: reading personal data always needs a purpose the role may use. */
  requirePurpose(ctx: RequestContext): Purpose {
    if (!ctx.purpose) {
      throw badRequest(`This operation reads personal data: declare why in the X-Purpose header (one of ${PURPOSES.join(', ')})`);
    }
    if (!rolesMayUse(ctx.principal.roles, ctx.principal.organisation.kind, ctx.purpose)) {
      throw forbidden(`Role ${ctx.principal.roles.join(', ')} at a ${ctx.principal.organisation.kind} may not use purpose ${ctx.purpose} (ROLE_NOT_PERMITTED)`);
    }
    return ctx.purpose;
  }

  /**
   * Refuses, before anything is resolved, a request whose purpose is limited to some operations
   * (`PURPOSE_LIMITED_TO_OPERATIONS`) when it asks for any other root field, and notes the refusal for the
   * access log. Checked on the whole document, so that another field cannot ride along with a review query.
   */
  assertPurposeCoversOperations(ctx: RequestContext, rootFields: readonly string[]): void {
    const allowed = ctx.purpose ? PURPOSE_LIMITED_TO_OPERATIONS[ctx.purpose] : undefined;
    if (!allowed) return;
    const outside = [...new Set(rootFields.filter((f) => !f.startsWith('__') && !allowed.includes(f)))];
    if (outside.length === 0) return;
    ctx.access.noteRefusal(null, 'PURPOSE_NOT_PERMITTED');
    // Refused before execution, as a whole: HTTP 403 rather than the 500 Apollo gives a plugin's error by default.
    throw new GraphQLError(
      `Purpose ${ctx.purpose} is accepted only by ${allowed.join(', ')}; not by ${outside.join(', ')} (PURPOSE_LIMITED_TO_OPERATIONS)`,
      { extensions: { code: 'FORBIDDEN', http: { status: 403 } } },
    );
  }

  private async currentVersion(ctx: RequestContext): Promise<number> {
    if (ctx.auth) return ctx.auth.policyVersion;
    if (ctx.policyVersion !== null) return ctx.policyVersion;
    const [row] = (await ctx.ds.query('SELECT version FROM policy_version')) as [{ version: string }];
    return Number(row.version);
  }

  /**
   * Every clause as the engine reads it at this policy version: loaded with its agreement, then given its
   * effective status from the parties' approvals and suspensions (`effectiveClauses`): a clause grants an
   * organisation's data only once that organisation has approved, and nothing to a party that suspended.
   */
  private async clausesAt(version: number): Promise<PolicyClause[]> {
    if (this.clauses?.version === version) return this.clauses.list;
    const [rows, decisions, organisations] = (await Promise.all([
      this.ds.query(
        `SELECT c.id, a.id AS agreement_id, a.reference || '@' || a.version AS agreement, a.status, a.effective_from::text AS effective_from,
                a.review_by::text AS review_by, a.lawful_basis, c.provider_organisation_id, c.provider_kind,
                c.recipient_organisation_id, c.recipient_kind, c.recipient_role, c.categories, c.purposes, c.conditions,
                c.consent_required, c.disclosure
           FROM agreement_clause c JOIN sharing_agreement a ON a.id = c.agreement_id
          ORDER BY a.reference, a.version DESC, c.position`,
      ),
      this.ds.query(
        `SELECT DISTINCT ON (agreement_id, organisation_id) agreement_id, organisation_id, decision
           FROM agreement_approval ORDER BY agreement_id, organisation_id, seq DESC`,
      ),
      this.ds.query(`SELECT id, kind FROM organisation ORDER BY code`),
    ])) as [Array<Record<string, unknown>>, Array<{ agreement_id: string; organisation_id: string; decision: PartyDecision }>, OrganisationFacts[]];
    const loaded = rows.map(
      (r): LoadedClause => ({
        clauseId: r['id'] as string,
        agreementId: r['agreement_id'] as string,
        agreement: r['agreement'] as string,
        agreementStatus: r['status'] as AgreementStatus,
        effectiveFrom: r['effective_from'] as string,
        reviewBy: r['review_by'] as string,
        lawfulBasis: r['lawful_basis'] as LawfulBasis,
        providerOrganisationId: (r['provider_organisation_id'] as string | null) ?? null,
        providerKind: (r['provider_kind'] as PolicyClause['providerKind']) ?? null,
        recipientOrganisationId: (r['recipient_organisation_id'] as string | null) ?? null,
        recipientKind: (r['recipient_kind'] as PolicyClause['recipientKind']) ?? null,
        recipientRole: (r['recipient_role'] as PolicyClause['recipientRole']) ?? null,
        categories: r['categories'] as PolicyClause['categories'],
        purposes: r['purposes'] as PolicyClause['purposes'],
        conditions: r['conditions'] as ClauseConditions,
        consentRequired: r['consent_required'] as boolean,
        disclosure: r['disclosure'] as PolicyClause['disclosure'],
      }),
    );
    const standings = new Map<string, Map<string, PartyDecision>>();
    for (const d of decisions) {
      const forAgreement = standings.get(d.agreement_id) ?? new Map<string, PartyDecision>();
      forAgreement.set(d.organisation_id, d.decision);
      standings.set(d.agreement_id, forAgreement);
    }
    const list = effectiveClauses(loaded, standings, organisations);
    this.clauses = { version, list };
    return list;
  }
}
