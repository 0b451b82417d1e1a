import type { EntityManager } from 'typeorm';
import type { AuditService, ChangeActor, RequestActor } from '../../audit/audit.service.js';
import { badInput } from '../../graphql/errors.js';
import {
  CONTACT_METHODS,
  REASON_CODE,
  RESOLUTION_OUTCOMES,
  TIER2_REASONS,
  TIER4_RISKS,
  TIER_EVENT_KINDS,
  TIERS,
  type ContactMethod,
  type ResolutionOutcome,
  type Tier,
  type Tier2Reason,
  type Tier4Risk,
  type TierEventKind,
} from './tier-history.data.js';

/** Audit event name of an appended tier-history event. */
export const TIER_EVENT_RECORDED = 'tier_history.recorded';

/**
 * One event to append to a young person's tier history. Its data are TIER_STATUS supplied by
 * `sourceOrganisationId` (Careers Wales for an assessment, the notifying provider for a drop-out, the EPC's
 * LA for a resolution), and reach other principals only as the sharing rules release that organisation's
 * TIER_STATUS about the person.
 */
export interface TierEventInput {
  personId: string;
  kind: TierEventKind;
  /** The organisation whose word this is. */
  sourceOrganisationId: string;
  /** The day the event took effect (assessed, left the course, surveyed, moved …), YYYY-MM-DD. */
  effectiveOn: string;
  /** Why, as a code (`CAREERS_WALES_ASSESSMENT`, `LEFT_COURSE`, `NON_RESPONDENT` …): never free text. */
  reason: string;
  /** The id of the record that caused it (a notification, a destinations row, a transfer …), if any. */
  sourceEventId?: string | null;
  /** Who acted; defaults to the actor's principal (null for the system or a feed). */
  actorPrincipalId?: string | null;
  /** ASSESSMENT only (and only by Careers Wales): the tier, with its tier-2 reason or tier-4 risk. */
  tier?: Tier | null;
  tier2Reason?: Tier2Reason | null;
  tier4Risk?: Tier4Risk | null;
  /** RESOLUTION only: the EPC's outcome. */
  outcome?: ResolutionOutcome | null;
  /** CONTACT_ATTEMPT only: how the attempt was made. */
  contactMethod?: ContactMethod | null;
  /** REOPENED only: the earlier resolution event this one reverses. */
  reversesEventId?: string | null;
}

/** An appended event, as stored. */
export interface TierEventRow {
  id: string;
  seq: string;
  personId: string;
  kind: TierEventKind;
  effectiveOn: string;
  recordedAt: Date;
  sourceOrganisationId: string;
  actorPrincipalId: string | null;
  reason: string;
  sourceEventId: string | null;
  tier: Tier | null;
  tier2Reason: Tier2Reason | null;
  tier4Risk: Tier4Risk | null;
  tierAssessmentId: string | null;
  outcome: ResolutionOutcome | null;
  contactMethod: ContactMethod | null;
  reversesEventId: string | null;
}

/** Who appends: a request context, or the CLI loader's or a worker's actor. */
export type TierHistoryActor = RequestActor | ChangeActor;

/** Options of an append. */
export interface RecordOptions {
  /** The access-log event name of the rows (default `tier_history.recorded`; an assessment says `tier.assessed`). */
  auditEvent?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The tier history: events appended, never edited, each with its access-log row in the caller's
 * transaction. Assessments (by Careers Wales only) also become tier_assessment rows, which the sharing rules
 * read as the current tier; every other kind explains the status without changing the tier.
 */
export class TierHistoryService {
  constructor(private readonly audit: AuditService) {}

  /**
   * Appends one event inside the caller's transaction (`em` from `ds.transaction`) and writes its access-log
   * row there too: both commit or neither does. Throws BAD_USER_INPUT naming the field when the event is not
   * well formed (an unknown person or organisation, a tier on anything but a Careers Wales assessment …).
   */
  async record(actor: TierHistoryActor, em: EntityManager, event: TierEventInput, options: RecordOptions = {}): Promise<TierEventRow> {
    const [row] = await this.recordMany(actor, em, [event], options);
    return row!;
  }

  /** Appends several events in one statement (a feed's batch) with one multi-row access-log append. */
  async recordMany(actor: TierHistoryActor, em: EntityManager, events: readonly TierEventInput[], options: RecordOptions = {}): Promise<TierEventRow[]> {
    if (events.length === 0) return [];
    if (!em.queryRunner?.isTransactionActive) throw new Error('tierHistory.record must run inside the transaction that makes the change');
    events.forEach(checkShape);
    await checkReferences(em, events);
    const actorId = actor.principal?.id ?? null;
    const withActor = events.map((e) => ({ ...e, actorPrincipalId: e.actorPrincipalId === undefined ? actorId : e.actorPrincipalId }));

    // Assessments are also the current tier the sharing rules read (tier_assessment), one row each.
    const assessments = withActor.filter((e) => e.kind === 'ASSESSMENT');
    const assessmentIds = new Map<TierEventInput, string>();
    if (assessments.length > 0) {
      const ids = (await em.query(
        `INSERT INTO tier_assessment (person_id, tier, assessed_on, assessed_by)
         SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::date[], $4::uuid[]) RETURNING id`,
        [assessments.map((e) => e.personId), assessments.map((e) => e.tier), assessments.map((e) => e.effectiveOn), assessments.map((e) => e.actorPrincipalId)],
      )) as Array<{ id: string }>;
      assessments.forEach((e, i) => assessmentIds.set(e, ids[i]!.id));
    }

    const col = <T>(f: (e: (typeof withActor)[number]) => T): T[] => withActor.map(f);
    const rows = (await em.query(
      `INSERT INTO tier_event (person_id, kind, effective_on, source_organisation_id, actor_principal_id, reason, source_event_id,
                               tier, tier2_reason, tier4_risk, tier_assessment_id, outcome, contact_method, reverses_event_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::uuid[], $5::uuid[], $6::text[], $7::uuid[],
                            $8::smallint[], $9::text[], $10::text[], $11::uuid[], $12::text[], $13::text[], $14::uuid[])
       RETURNING ${TIER_EVENT_COLUMNS}`,
      [
        col((e) => e.personId),
        col((e) => e.kind),
        col((e) => e.effectiveOn),
        col((e) => e.sourceOrganisationId),
        col((e) => e.actorPrincipalId),
        col((e) => e.reason),
        col((e) => e.sourceEventId ?? null),
        col((e) => e.tier ?? null),
        col((e) => e.tier2Reason ?? null),
        col((e) => e.tier4Risk ?? null),
        withActor.map((e) => assessmentIds.get(e) ?? null),
        col((e) => e.outcome ?? null),
        col((e) => e.contactMethod ?? null),
        col((e) => e.reversesEventId ?? null),
      ],
    )) as TierEventDbRow[];
    const stored = rows.map(toTierEventRow);
    // Ids and the kind only: the tier, outcome and reason are the young person's data, not the log's.
    await this.audit.recordChanges(
      actor,
      em,
      stored.map((e) => ({
        personId: e.personId,
        event: options.auditEvent ?? TIER_EVENT_RECORDED,
        change: { tierEventId: e.id, kind: e.kind, sourceEventId: e.sourceEventId, tierAssessmentId: e.tierAssessmentId },
        providerIds: [e.sourceOrganisationId],
      })),
    );
    return stored;
  }
}

/** The columns a tier-event row is read with (see toTierEventRow). */
export const TIER_EVENT_COLUMNS = `id, seq::text AS seq, person_id, kind, effective_on::text AS effective_on, recorded_at, source_organisation_id,
  actor_principal_id, reason, source_event_id, tier, tier2_reason, tier4_risk, tier_assessment_id, outcome, contact_method, reverses_event_id`;

/** A tier_event row as selected with TIER_EVENT_COLUMNS. */
export interface TierEventDbRow {
  id: string;
  seq: string;
  person_id: string;
  kind: TierEventKind;
  effective_on: string;
  recorded_at: Date;
  source_organisation_id: string;
  actor_principal_id: string | null;
  reason: string;
  source_event_id: string | null;
  tier: number | null;
  tier2_reason: Tier2Reason | null;
  tier4_risk: Tier4Risk | null;
  tier_assessment_id: string | null;
  outcome: ResolutionOutcome | null;
  contact_method: ContactMethod | null;
  reverses_event_id: string | null;
}

/** Maps a selected row to its camel-cased form. */
export function toTierEventRow(r: TierEventDbRow): TierEventRow {
  return {
    id: r.id,
    seq: r.seq,
    personId: r.person_id,
    kind: r.kind,
    effectiveOn: r.effective_on,
    recordedAt: r.recorded_at,
    sourceOrganisationId: r.source_organisation_id,
    actorPrincipalId: r.actor_principal_id,
    reason: r.reason,
    sourceEventId: r.source_event_id,
    tier: r.tier === null ? null : (Number(r.tier) as Tier),
    tier2Reason: r.tier2_reason,
    tier4Risk: r.tier4_risk,
    tierAssessmentId: r.tier_assessment_id,
    outcome: r.outcome,
    contactMethod: r.contact_method,
    reversesEventId: r.reverses_event_id,
  };
}

function oneOf<T extends string | number>(list: readonly T[], value: unknown): value is T {
  return (list as readonly unknown[]).includes(value);
}

/** The event's own consistency (the table's CHECKs say the same, but a named field is a better error). */
function checkShape(e: TierEventInput): void {
  if (!UUID.test(e.personId)) throw badInput('personId', 'must be a UUID');
  if (!UUID.test(e.sourceOrganisationId)) throw badInput('sourceOrganisationId', 'must be a UUID');
  if (!oneOf(TIER_EVENT_KINDS, e.kind)) throw badInput('kind', `must be one of ${TIER_EVENT_KINDS.join(', ')}`);
  if (!DAY.test(e.effectiveOn) || Number.isNaN(Date.parse(e.effectiveOn))) throw badInput('effectiveOn', 'must be a date, YYYY-MM-DD');
  if (!REASON_CODE.test(e.reason)) throw badInput('reason', 'must be a code (A-Z, 0-9, _)');
  for (const [field, id] of [['sourceEventId', e.sourceEventId], ['actorPrincipalId', e.actorPrincipalId], ['reversesEventId', e.reversesEventId]] as const) {
    if (id != null && !UUID.test(id)) throw badInput(field, 'must be a UUID');
  }
  const tier = e.tier ?? null;
  if ((e.kind === 'ASSESSMENT') !== (tier !== null)) throw badInput('tier', 'is given on an assessment, and only there');
  if (tier !== null && !oneOf(TIERS, tier)) throw badInput('tier', 'must be 1 to 5');
  if (e.tier2Reason != null && (tier !== 2 || !oneOf(TIER2_REASONS, e.tier2Reason))) throw badInput('tier2Reason', 'is one of the tier-2 reasons, for tier 2 only');
  if (e.tier4Risk != null && (tier !== 4 || !oneOf(TIER4_RISKS, e.tier4Risk))) throw badInput('tier4Risk', 'is LOW, MEDIUM or HIGH, for tier 4 only');
  const outcome = e.outcome ?? null;
  if ((e.kind === 'RESOLUTION') !== (outcome !== null)) throw badInput('outcome', 'is given on a resolution, and only there');
  if (outcome !== null && !oneOf(RESOLUTION_OUTCOMES, outcome)) throw badInput('outcome', `must be one of ${RESOLUTION_OUTCOMES.join(', ')}`);
  if ((outcome === 'CONTACT_ATTEMPT') !== (e.contactMethod != null)) throw badInput('contactMethod', 'is given on a contact attempt, and only there');
  if (e.contactMethod != null && !oneOf(CONTACT_METHODS, e.contactMethod)) throw badInput('contactMethod', `must be one of ${CONTACT_METHODS.join(', ')}`);
  if ((outcome === 'REOPENED') !== (e.reversesEventId != null)) throw badInput('reversesEventId', 'is given when reopening, and only then');
}

/** The people and organisations exist; a tier comes only from Careers Wales (the five-tier model is its word). */
async function checkReferences(em: EntityManager, events: readonly TierEventInput[]): Promise<void> {
  const people = [...new Set(events.map((e) => e.personId.toLowerCase()))];
  const orgs = [...new Set(events.map((e) => e.sourceOrganisationId.toLowerCase()))];
  const [found] = (await em.query(
    `SELECT (SELECT array_agg(id::text) FROM young_person WHERE id = ANY($1::uuid[])) AS people,
            (SELECT json_object_agg(id::text, kind) FROM organisation WHERE id = ANY($2::uuid[])) AS orgs`,
    [people, orgs],
  )) as [{ people: string[] | null; orgs: Record<string, string> | null }];
  const known = new Set(found.people ?? []);
  const kinds = found.orgs ?? {};
  for (const e of events) {
    if (!known.has(e.personId.toLowerCase())) throw badInput('personId', 'no young person with this id');
    const kind = kinds[e.sourceOrganisationId.toLowerCase()];
    if (!kind) throw badInput('sourceOrganisationId', 'no organisation with this id');
    if (e.kind === 'ASSESSMENT' && kind !== 'CAREERS_WALES') throw badInput('sourceOrganisationId', 'only Careers Wales assesses tiers');
  }
  const reversed = events.filter((e) => e.reversesEventId != null);
  if (reversed.length === 0) return;
  const targets = (await em.query(
    `SELECT id::text, person_id::text, source_organisation_id::text, kind FROM tier_event WHERE id = ANY($1::uuid[])`,
    [reversed.map((e) => e.reversesEventId)],
  )) as Array<{ id: string; person_id: string; source_organisation_id: string; kind: string }>;
  const byId = new Map(targets.map((t) => [t.id, t]));
  for (const e of reversed) {
    const t = byId.get(e.reversesEventId!.toLowerCase());
    // An organisation reverses only its own resolutions of the same person.
    if (!t || t.kind !== 'RESOLUTION' || t.person_id !== e.personId.toLowerCase() || t.source_organisation_id !== e.sourceOrganisationId.toLowerCase()) {
      throw badInput('reversesEventId', "is not a resolution of this young person by the same organisation");
    }
  }
}
