import type { RequestContext } from '../graphql/context.js';
import { badInput, forbidden, notFound } from '../graphql/errors.js';
import type { CategoryExplanationType, AccessExplanationType } from '../modules/agreements/agreement.type.js';
import type { OrganisationType } from '../modules/organisations/organisation.type.js';
import { toAuthenticatedPrincipal } from '../auth/principal.js';
import { DATA_CATEGORIES, type DataCategory } from './data-category.js';
import type { Decision } from './policy.types.js';
import type { Purpose } from './purpose.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALWAYS_PRESENT = new Set<DataCategory>(['IDENTITY', 'CONTACT']);

/** Answers "why could X see Y?": every category of a person, allowed or denied for a principal and purpose, and why. */
export class ExplainService {
  /** IG officers and administrators may ask about anyone; any other principal only about itself, for people it can see. */
  async explain(ctx: RequestContext, personId: string, principalHandle: string, purpose: Purpose): Promise<AccessExplanationType> {
    if (!UUID.test(personId)) throw badInput('personId', 'must be a UUID');
    const overseer = ctx.principal.roles.includes('IG_OFFICER') || ctx.principal.roles.includes('ADMIN');
    if (!overseer && principalHandle !== ctx.principal.handle) {
      throw forbidden('Only information-governance officers and administrators may explain access for another principal');
    }
    const subject = await ctx.services.principals.findByHandle(principalHandle);
    if (!subject) throw badInput('principalHandle', `no principal with handle "${principalHandle}"`);
    const requester = toAuthenticatedPrincipal(subject);
    const policy = await ctx.services.policy.forPrincipal(
      ctx,
      { organisationId: requester.organisation.id, organisationKind: requester.organisation.kind, laCode: requester.organisation.laCode, roles: requester.roles },
      purpose,
    );
    const records = (await ctx.ds.query(
      `SELECT sr.provider_organisation_id AS "organisationId", sr.payload, o.code, o.name, o.name_cy AS "nameCy", o.kind,
              o.la_code AS "laCode", o.isp_signatory AS "ispSignatory"
         FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id WHERE sr.person_id = $1`,
      [personId],
    )) as Array<OrganisationType & { organisationId: string; payload: Record<string, unknown> }>;
    if (records.length === 0) throw notFound('Young person');
    await policy.prepare([personId]);

    const categories = DATA_CATEGORIES.map((category): CategoryExplanationType => {
      const holding = records.filter((r) => ALWAYS_PRESENT.has(category) || r.payload[category] !== undefined);
      const seen = new Map<string, { provider: OrganisationType; decision: Decision }>();
      for (const r of holding) {
        if (seen.has(r.organisationId)) continue;
        const decision = policy.decide(personId, { organisationId: r.organisationId, kind: r.kind, laCode: r.laCode }, category);
        const { organisationId, payload: _payload, ...org } = r;
        seen.set(organisationId, { provider: { ...org, id: organisationId }, decision });
      }
      // A principal explaining itself learns nothing of sources it may not see: no hint of what is held.
      const sources = [...seen.values()].filter((s) => overseer || s.decision.allowed);
      const allowed = sources.some((s) => s.decision.allowed);
      const denied = [...seen.values()].find((s) => !s.decision.allowed)?.decision;
      const hypothetical = holding.length === 0 ? this.hypothetical(policy, personId, category, records) : null;
      const first = allowed ? sources.find((s) => s.decision.allowed)!.decision : (denied ?? hypothetical);
      return {
        category,
        allowed,
        reason: allowed ? null : (first?.reason ?? 'NO_AGREEMENT'),
        agreement: first?.agreement ?? null,
        held: overseer ? holding.length > 0 : allowed ? true : null,
        sources: sources.map((s) => ({ provider: s.provider, allowed: s.decision.allowed, reason: s.decision.reason, agreement: s.decision.agreement })),
      };
    });
    return { personId, principalHandle, purpose, categories };
  }

  /** For a category nobody holds, the decision it would get from the person's first source. */
  private hypothetical(
    policy: Awaited<ReturnType<RequestContext['services']['policy']['forPrincipal']>>,
    personId: string,
    category: DataCategory,
    records: Array<{ organisationId: string; kind: OrganisationType['kind']; laCode: string | null }>,
  ): Decision | null {
    const r = records[0];
    return r ? policy.decide(personId, { organisationId: r.organisationId, kind: r.kind, laCode: r.laCode }, category) : null;
  }
}
