import type { RequestContext } from '../graphql/context.js';
import { badInput, forbidden, notFound } from '../graphql/errors.js';
import type { CategoryExplanationType, AccessExplanationType } from '../modules/agreements/agreement.type.js';
import type { OrganisationType } from '../modules/organisations/organisation.type.js';
import { holds } from '../modules/sources/checked-view.js';
import { toAuthenticatedPrincipal } from '../auth/principal.js';
import { DATA_CATEGORIES } from './data-category.js';
import type { Decision } from './policy.types.js';
import type { Purpose } from './purpose.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Answers "why could X see Y?": every category of a person, allowed or denied for a principal and
 * purpose. IG officers and administrators get the precise reasons over every record, and whether each
 * category is held. A principal asking about itself gets only what it may know (docs/sharing-rules.md §2):
 * decisions over the records it would be shown, the reasons it would see in a response, never `held`.
 */
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
    const all = await ctx.services.sources.decisionsForPerson(ctx, policy, personId);
    // Asking about itself, a principal considers only the records it would be shown; with none, the person is not found.
    const records = overseer ? all : all.filter((r) => r.shown);
    // The consent ledger's entries are CONSENT of the organisations that recorded them: an overseer is told about
    // each, a principal asking about itself only about those released to it (consentHistory shows it them anyway).
    const ledger = (await ctx.services.consent.recorders(ctx, personId))
      .map((provider) => ({ provider, decision: policy.decide(personId, { organisationId: provider.id, kind: provider.kind, laCode: provider.laCode }, 'CONSENT'), held: true }))
      .filter((s) => overseer || s.decision.allowed);
    if (records.length === 0 && ledger.length === 0) throw notFound('Young person');

    const categories = DATA_CATEGORIES.map((category): CategoryExplanationType => {
      const seen = new Map<string, { provider: OrganisationType; decision: Decision; held: boolean }>();
      // A principal asking about itself is told of CONSENT only through the entries released to it: whether a
      // shown record's supplier would have its entries released can turn on a condition about the person (where
      // they live) that withheld records decide, and no response shows it.
      for (const { record, decisions } of category === 'CONSENT' && !overseer ? [] : records) {
        const held = holds(record, category);
        const known = seen.get(record.providerOrganisationId);
        if (known && (known.held || !held)) continue;
        const p = record.provider;
        const provider: OrganisationType = { id: p.id, code: p.code, name: p.name, nameCy: p.nameCy, kind: p.kind, laCode: p.laCode, ispSignatory: p.ispSignatory };
        seen.set(record.providerOrganisationId, { provider, decision: decisions.get(category), held });
      }
      if (category === 'CONSENT') for (const s of ledger) seen.set(s.provider.id, s);
      const list = [...seen.values()];
      // Nothing to explain from: a category of records when only ledger entries are shown, or CONSENT to a
      // principal asking about itself when no entry is released to it (as when there is none).
      if (list.length === 0) return { category, allowed: false, reason: null, agreement: null, held: overseer ? false : null, sources: [] };
      // For IG officers, sources that hold the category explain it; when none holds it, what any source would get.
      const relevant = overseer && list.some((s) => s.held) ? list.filter((s) => s.held) : list;
      const released = relevant.find((s) => s.decision.allowed);
      const first = released ?? relevant[0]!;
      const reasonOf = (d: Decision) => (d.allowed ? null : overseer ? d.reason : d.recipientReason);
      const agreementOf = (d: Decision) => (overseer ? d.agreement : d.recipientAgreement);
      return {
        category,
        allowed: released !== undefined,
        reason: reasonOf(first.decision),
        agreement: agreementOf(first.decision),
        held: overseer ? list.some((s) => s.held) : null,
        sources: relevant.map((s) => ({ provider: s.provider, allowed: s.decision.allowed, reason: reasonOf(s.decision), agreement: agreementOf(s.decision) })),
      };
    });
    return { personId, principalHandle, purpose, categories };
  }
}
