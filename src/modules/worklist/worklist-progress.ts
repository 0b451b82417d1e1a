import type { DataSource, EntityManager } from 'typeorm';
import type { DecisionLookup } from '../sources/checked-view.js';
import { loadTierEvents, type LoadedTierEvent } from '../tiers/tier-history.query.js';
import type { TierEventType } from '../tiers/tier-history.type.js';
import { view } from '../tiers/person-status.service.js';
import { STATE_AFTER, type EpcOutcome } from './worklist.policy.js';
import type { WorklistProgressType } from './worklist.type.js';

/** The resolution events (outcomes, attempts, reopenings) about these people, oldest first, in one query. */
export function loadResolutions(ds: DataSource | EntityManager, personIds: readonly string[]): Promise<LoadedTierEvent[]> {
  return loadTierEvents(ds, personIds, ['RESOLUTION']);
}

/** The GraphQL view of one resolution event. */
export function resolutionView(e: LoadedTierEvent, decisions: DecisionLookup): TierEventType {
  return view(e, decisions);
}

/**
 * Where an item stands, from the resolution events one may see (oldest first) since it opened: the latest
 * outcome still standing (a reopening reverses one, so a mistake is undone by a later event, never an edit)
 * decides the state; attempts alone mean someone is trying. Null when nothing has been recorded.
 */
export function buildProgress(
  events: readonly LoadedTierEvent[],
  since: string | null,
  decisionsOf?: (e: LoadedTierEvent) => DecisionLookup,
): { view: WorklistProgressType | null; latestOutcome: LoadedTierEvent | null } {
  const current = events.filter((e) => since === null || e.effectiveOn >= since);
  const reversed = new Set(current.flatMap((e) => (e.reversesEventId ? [e.reversesEventId] : [])));
  const outcomes = current.filter((e) => e.outcome !== 'CONTACT_ATTEMPT' && e.outcome !== 'REOPENED' && !reversed.has(e.id));
  const latestOutcome = outcomes.at(-1) ?? null;
  const last = current.at(-1);
  if (!last || !decisionsOf) return { view: null, latestOutcome };
  return {
    latestOutcome,
    view: {
      personId: last.personId,
      providerOrganisationId: last.source.id,
      decisions: decisionsOf(last),
      organisation: last.source,
      state: latestOutcome ? STATE_AFTER[latestOutcome.outcome as EpcOutcome] : 'ATTEMPTING_CONTACT',
      by: last.actor,
      since: last.effectiveOn,
      attempts: current.filter((e) => e.outcome === 'CONTACT_ATTEMPT').length,
      events: [...current].reverse().map((e) => view(e, decisionsOf(e))),
    },
  };
}
