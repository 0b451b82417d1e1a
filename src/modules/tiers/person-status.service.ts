import type { RequestContext } from '../../graphql/context.js';
import { isoToday } from '../../policy/age.js';
import type { ProviderFacts } from '../../policy/policy.types.js';
import type { DecisionLookup } from '../sources/checked-view.js';
import type { OrganisationType } from '../organisations/organisation.type.js';
import { EET_STATUS_OF_TIER } from './tier-history.data.js';
import { loadTierData, type LoadedTierEvent, type LoadedTierFact, type PersonTierData } from './tier-history.query.js';
import type { TierEventType, TierMovementType, TierStatusType } from './tier-history.type.js';
import { daysBetween, deriveMovements, deriveStatus } from './tier-status.js';
import { RequestBatch } from './request-batch.js';

/** One person's tier data with the request's decision for each supplier's TIER_STATUS. */
interface Decided {
  data: PersonTierData;
  decisions: (source: OrganisationType) => DecisionLookup;
}

/**
 * A young person's status, tier history and movements as the request may see them: derived from every event,
 * shown only as far as the sharing rules release each supplier's TIER_STATUS about the person (an event from
 * which nothing is released is left out, and noted as withheld in the access log). A page of people costs one
 * query, whichever of the three fields are asked for.
 */
export class PersonStatusService {
  private readonly batch = new RequestBatch<RequestContext, Decided>((ctx, ids) => this.load(ctx, ids));

  /** The current tier with its evidence, or null when none is known to the asker. */
  async status(ctx: RequestContext, personId: string): Promise<TierStatusType | null> {
    const d = await this.batch.get(ctx, personId);
    if (!d) return null;
    const released = (f: LoadedTierFact): boolean => this.released(ctx, d, f.event);
    const status = deriveStatus(d.data.facts, released);
    if (!status) return null;
    const e = status.current.event;
    const tier = status.current.tier;
    const inRun = new Set(status.run.map((f) => f.event.id));
    const evidence = d.data.history
      .filter((h) => inRun.has(h.id) || (h.kind !== 'ASSESSMENT' && h.effectiveOn >= status.since))
      .filter((h) => this.released(ctx, d, h))
      .reverse()
      .map((h) => view(h, d.decisions(h.source)));
    return {
      personId,
      providerOrganisationId: e.source.id,
      decisions: d.decisions(e.source),
      source: e.source,
      tier,
      tier2Reason: tier === 2 ? e.tier2Reason : null,
      tier4Risk: tier === 4 ? e.tier4Risk : null,
      eetStatus: EET_STATUS_OF_TIER[tier],
      since: status.since,
      daysInTier: daysBetween(status.since, isoToday()),
      assessedOn: status.current.onDay,
      assessedBy: e.actor,
      evidence,
    };
  }

  /** Every event released to the asker, newest first. */
  async history(ctx: RequestContext, personId: string): Promise<TierEventType[]> {
    const d = await this.batch.get(ctx, personId);
    if (!d) return [];
    return d.data.history
      .filter((h) => this.released(ctx, d, h))
      .reverse()
      .map((h) => view(h, d.decisions(h.source)));
  }

  /** Movements between tiers, oldest first; one is shown only when both its ends are released. */
  async movements(ctx: RequestContext, personId: string): Promise<TierMovementType[]> {
    const d = await this.batch.get(ctx, personId);
    if (!d) return [];
    return deriveMovements(d.data.facts)
      .filter((m) => this.released(ctx, d, m.before.event) && this.released(ctx, d, m.after.event))
      .map((m) => ({
        personId,
        providerOrganisationId: m.after.event.source.id,
        decisions: d.decisions(m.after.event.source),
        source: m.after.event.source,
        fromTier: m.fromTier,
        toTier: m.toTier,
        on: m.on,
        daysInFromTier: m.daysInFromTier,
      }));
  }

  /** Released events are shown; a withheld one is noted for the access log (the reason goes to IG officers only). */
  private released(ctx: RequestContext, d: Decided, e: LoadedTierEvent): boolean {
    const decision = d.decisions(e.source).get('TIER_STATUS');
    if (!decision.allowed) {
      ctx.access.note(e.personId, {
        field: '*TIER_STATUS',
        category: 'TIER_STATUS',
        providerOrganisationId: e.source.id,
        released: false,
        reason: decision.reason ?? 'NO_AGREEMENT',
        agreement: decision.agreement,
      });
    }
    return decision.allowed;
  }

  private async load(ctx: RequestContext, ids: string[]): Promise<Map<string, Decided>> {
    const data = await loadTierData(ctx.ds, ids);
    const items = [...data].flatMap(([personId, d]) => {
      const sources = new Map<string, OrganisationType>();
      for (const e of [...d.history, ...d.facts.map((f) => f.event)]) sources.set(e.source.id, e.source);
      return [...sources.values()].map((s) => ({ personId, provider: providerFacts(s) }));
    });
    const lookups = await ctx.services.sources.decisionsForValues(ctx, items);
    const byKey = new Map(items.map((item, i) => [`${item.personId}|${item.provider.organisationId}`, lookups[i]!]));
    const out = new Map<string, Decided>();
    for (const [personId, d] of data) {
      out.set(personId, { data: d, decisions: (s) => byKey.get(`${personId}|${s.id}`)! });
    }
    return out;
  }
}

/** The sharing rules' facts about a supplier. */
export function providerFacts(o: Pick<OrganisationType, 'id' | 'kind' | 'laCode'>): ProviderFacts {
  return { organisationId: o.id, kind: o.kind, laCode: o.laCode };
}

/** The checked GraphQL view of one event. */
export function view(e: LoadedTierEvent, decisions: DecisionLookup): TierEventType {
  return {
    personId: e.personId,
    providerOrganisationId: e.source.id,
    decisions,
    id: e.id,
    source: e.source,
    recordedAt: e.recordedAt,
    kind: e.kind,
    effectiveOn: e.effectiveOn,
    actor: e.actor,
    reason: e.reason,
    sourceEventId: e.sourceEventId,
    tier: e.tier,
    tier2Reason: e.tier2Reason,
    tier4Risk: e.tier4Risk,
    eetStatus: e.tier === null ? null : EET_STATUS_OF_TIER[e.tier],
    outcome: e.outcome,
    contactMethod: e.contactMethod,
    reversesEventId: e.reversesEventId,
  };
}
