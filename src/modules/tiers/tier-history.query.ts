import type { DataSource, EntityManager } from 'typeorm';
import type { OrganisationType } from '../organisations/organisation.type.js';
import type { ActorType } from './tier-history.type.js';
import type { ContactMethod, ResolutionOutcome, Tier, Tier2Reason, Tier4Risk, TierEventKind } from './tier-history.data.js';
import { TIER2_REASONS, TIER4_RISKS } from './tier-history.data.js';
import type { TierFact } from './tier-status.js';

/** An event of the history as loaded: what its GraphQL view and its sharing decision need. */
export interface LoadedTierEvent {
  id: string;
  personId: string;
  kind: TierEventKind;
  effectiveOn: string;
  recordedAt: Date;
  source: OrganisationType;
  actor: ActorType | null;
  reason: string;
  sourceEventId: string | null;
  tier: Tier | null;
  tier2Reason: Tier2Reason | null;
  tier4Risk: Tier4Risk | null;
  outcome: ResolutionOutcome | null;
  contactMethod: ContactMethod | null;
  reversesEventId: string | null;
  seq: number;
}

/** A tier fact (see tier-status.ts) with the event that explains it. */
export interface LoadedTierFact extends TierFact {
  event: LoadedTierEvent;
}

/** One person's tier data: the facts the current tier is derived from, and the whole history. */
export interface PersonTierData {
  facts: LoadedTierFact[];
  /** Every event, oldest first: the appended ones, and assessments known only as facts. */
  history: LoadedTierEvent[];
}

const ORG_JSON = (o: string): string =>
  `json_build_object('id', ${o}.id, 'code', ${o}.code, 'name', ${o}.name, 'nameCy', ${o}.name_cy, 'kind', ${o}.kind,
                     'laCode', ${o}.la_code, 'ispSignatory', ${o}.isp_signatory)`;
const ACTOR_JSON = (p: string, o: string): string =>
  `CASE WHEN ${p}.id IS NULL THEN NULL ELSE json_build_object('displayName', ${p}.display_name, 'organisation', ${ORG_JSON(o)}) END`;

// The facts exactly as person_state's current tier reads them (refresh_person_state, GuardRecordAssessedOn), with the
// appended event of each hub assessment when there is one; an assessment without one (recorded before the
// history, or straight into tier_assessment) is attributed to the assessor's organisation, else Careers Wales.
// Then the tiers a Careers Wales record said before it was replaced (rank -1: history only, never current).
const SQL = `
  WITH cw AS (SELECT o.* FROM organisation o WHERE o.kind = 'CAREERS_WALES' ORDER BY o.code LIMIT 1)
  SELECT p.id AS person_id,
    coalesce((SELECT json_agg(f) FROM (
        SELECT ta.id AS fact_id, ta.tier::int AS tier, ta.assessed_on::text AS on_day, 1 AS rank, ta.seq::bigint AS seq,
               te.id AS event_id, ta.recorded_at, ${ORG_JSON('so')} AS source, ${ACTOR_JSON('ap', 'ao')} AS actor,
               te.reason, te.source_event_id, te.tier2_reason, te.tier4_risk, te.seq AS event_seq
          FROM tier_assessment ta
          LEFT JOIN tier_event te ON te.tier_assessment_id = ta.id
          LEFT JOIN principal ap ON ap.id = coalesce(te.actor_principal_id, ta.assessed_by)
          LEFT JOIN organisation ao ON ao.id = ap.organisation_id
          JOIN organisation so ON so.id = coalesce(te.source_organisation_id, ap.organisation_id, (SELECT cw.id FROM cw))
         WHERE ta.person_id = p.id
        UNION ALL
        SELECT sr.id, (sr.payload->'TIER_STATUS'->>'tier')::int,
               record_assessed_on(sr.payload->'TIER_STATUS', sr.received_at)::text, 0, 0,
               NULL, sr.received_at, ${ORG_JSON('o')}, NULL, NULL, NULL,
               sr.payload->'TIER_STATUS'->>'tier2Reason', sr.payload->'TIER_STATUS'->>'tier4Risk', NULL
          FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
         WHERE sr.person_id = p.id AND o.kind = 'CAREERS_WALES' AND (sr.payload->'TIER_STATUS'->>'tier') ~ '^[1-5]$'
        UNION ALL
        SELECT te.id, te.tier::int, te.effective_on::text, -1, te.seq, te.id, te.recorded_at, ${ORG_JSON('so')}, NULL, te.reason,
               te.source_event_id, te.tier2_reason, te.tier4_risk, te.seq
          FROM tier_event te JOIN organisation so ON so.id = te.source_organisation_id
         WHERE te.person_id = p.id AND te.kind = 'ASSESSMENT' AND te.tier_assessment_id IS NULL
      ) f), '[]') AS facts,
    coalesce((SELECT json_agg(e ORDER BY e.seq) FROM (
        SELECT te.id, te.seq, te.kind, te.effective_on::text AS effective_on, te.recorded_at, ${ORG_JSON('so')} AS source,
               ${ACTOR_JSON('ap', 'ao')} AS actor, te.reason, te.source_event_id, te.tier, te.tier2_reason, te.tier4_risk,
               te.outcome, te.contact_method, te.reverses_event_id, te.tier_assessment_id
          FROM tier_event te
          JOIN organisation so ON so.id = te.source_organisation_id
          LEFT JOIN principal ap ON ap.id = te.actor_principal_id
          LEFT JOIN organisation ao ON ao.id = ap.organisation_id
         WHERE te.person_id = p.id
      ) e), '[]') AS events
  FROM unnest($1::uuid[]) AS p(id)`;

interface FactJson {
  fact_id: string;
  tier: number;
  on_day: string;
  rank: number;
  seq: number;
  event_id: string | null;
  recorded_at: string;
  source: OrganisationType;
  actor: ActorType | null;
  reason: string | null;
  source_event_id: string | null;
  tier2_reason: string | null;
  tier4_risk: string | null;
}

interface EventJson {
  id: string;
  seq: number;
  kind: TierEventKind;
  effective_on: string;
  recorded_at: string | Date;
  source: OrganisationType;
  actor: ActorType | null;
  reason: string;
  source_event_id: string | null;
  tier: number | null;
  tier2_reason: Tier2Reason | null;
  tier4_risk: Tier4Risk | null;
  outcome: ResolutionOutcome | null;
  contact_method: ContactMethod | null;
  reverses_event_id: string | null;
  tier_assessment_id: string | null;
}

/** Loads the tier facts and history of these people in one query. */
export async function loadTierData(ds: DataSource, personIds: readonly string[]): Promise<Map<string, PersonTierData>> {
  const out = new Map<string, PersonTierData>();
  if (personIds.length === 0) return out;
  const rows = (await ds.query(SQL, [[...new Set(personIds)]])) as Array<{ person_id: string; facts: FactJson[]; events: EventJson[] }>;
  for (const r of rows) {
    const events = r.events.map((e) => toEvent(r.person_id, e));
    const byId = new Map(events.map((e) => [e.id, e]));
    const facts: LoadedTierFact[] = r.facts.map((f) => ({
      id: f.fact_id,
      tier: f.tier as Tier,
      onDay: f.on_day,
      rank: f.rank,
      seq: Number(f.seq),
      event: (f.event_id ? byId.get(f.event_id) : undefined) ?? factEvent(r.person_id, f),
    }));
    // The history shows every appended event, and the facts that have none (a record's tier, an assessment
    // from before the history) unless a hub assessment already says the same on the same day.
    const told = new Set(facts.filter((f) => f.rank === 1).map((f) => `${f.tier}|${f.onDay}`));
    const extra = facts
      .filter((f) => !byId.has(f.event.id) && (f.rank === 1 || !told.has(`${f.tier}|${f.onDay}`)))
      .map((f) => f.event);
    const history = [...events, ...extra].sort((a, b) => (a.effectiveOn === b.effectiveOn ? a.recordedAt.getTime() - b.recordedAt.getTime() : a.effectiveOn < b.effectiveOn ? -1 : 1));
    out.set(r.person_id, { facts, history });
  }
  return out;
}

const EVENTS_SQL = `
  SELECT te.person_id, te.id, te.seq, te.kind, te.effective_on::text AS effective_on, te.recorded_at, ${ORG_JSON('so')} AS source,
         ${ACTOR_JSON('ap', 'ao')} AS actor, te.reason, te.source_event_id, te.tier, te.tier2_reason, te.tier4_risk,
         te.outcome, te.contact_method, te.reverses_event_id, te.tier_assessment_id
    FROM tier_event te
    JOIN organisation so ON so.id = te.source_organisation_id
    LEFT JOIN principal ap ON ap.id = te.actor_principal_id
    LEFT JOIN organisation ao ON ao.id = ap.organisation_id
   WHERE te.person_id = ANY($1::uuid[]) AND te.kind = ANY($2::text[])
   ORDER BY te.seq`;

/** The appended events of these kinds about these people, oldest first, in one query (no facts). */
export async function loadTierEvents(ds: DataSource | EntityManager, personIds: readonly string[], kinds: readonly TierEventKind[]): Promise<LoadedTierEvent[]> {
  if (personIds.length === 0) return [];
  const rows = (await ds.query(EVENTS_SQL, [[...new Set(personIds)], [...kinds]])) as Array<EventJson & { person_id: string }>;
  return rows.map((r) => toEvent(r.person_id, r));
}

function toEvent(personId: string, e: EventJson): LoadedTierEvent {
  return {
    id: e.id,
    personId,
    kind: e.kind,
    effectiveOn: e.effective_on,
    recordedAt: new Date(e.recorded_at),
    source: e.source,
    actor: e.actor,
    reason: e.reason,
    sourceEventId: e.source_event_id,
    tier: e.tier === null ? null : (Number(e.tier) as Tier),
    tier2Reason: e.tier2_reason,
    tier4Risk: e.tier4_risk,
    outcome: e.outcome,
    contactMethod: e.contact_method,
    reversesEventId: e.reverses_event_id,
    seq: Number(e.seq),
  };
}

/** The assessment a fact without an appended event stands for. */
function factEvent(personId: string, f: FactJson): LoadedTierEvent {
  const tier = f.tier as Tier;
  return {
    id: f.fact_id,
    personId,
    kind: 'ASSESSMENT',
    effectiveOn: f.on_day,
    recordedAt: new Date(f.recorded_at),
    source: f.source,
    actor: f.actor,
    reason: f.reason ?? (f.rank === 1 ? 'CAREERS_WALES_ASSESSMENT' : 'CAREERS_WALES_RECORD'),
    sourceEventId: f.source_event_id ?? (f.rank === 0 ? f.fact_id : null),
    tier,
    tier2Reason: tier === 2 && (TIER2_REASONS as readonly string[]).includes(f.tier2_reason ?? '') ? (f.tier2_reason as Tier2Reason) : null,
    tier4Risk: tier === 4 && (TIER4_RISKS as readonly string[]).includes(f.tier4_risk ?? '') ? (f.tier4_risk as Tier4Risk) : null,
    outcome: null,
    contactMethod: null,
    reversesEventId: null,
    seq: 0,
  };
}
