import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../graphql/context.js';
import { decodeCursor, encodeCursor } from '../../graphql/cursor.js';
import { badInput, forbidden, notFound } from '../../graphql/errors.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import { toPositional } from '../../db/prepared.js';
import { isoToday } from '../../policy/age.js';
import type { RequestPolicy } from '../../policy/request-policy.js';
import type { SourceRecordType } from '../sources/source-record.type.js';
import type { DecisionLookup } from '../sources/checked-view.js';
import type { OrganisationType } from '../organisations/organisation.type.js';
import { providerFacts } from '../tiers/person-status.service.js';
import type { YoungPersonType } from '../people/young-person.type.js';
import type { TierEventType } from '../tiers/tier-history.type.js';
import type { TierEventInput } from '../tiers/tier-history.service.js';
import { daysBetween } from '../tiers/tier-status.js';
import { latestContacts } from './sightings.js';
import type { WorklistConfig } from './worklist.config.js';
import { buildProgress, loadResolutions, resolutionView } from './worklist-progress.js';
import { EPC_OUTCOMES, REASON_CATEGORY, UNKNOWN_REASONS, WORKLIST_AGES, WORKLIST_PURPOSE, type UnknownReason } from './worklist.policy.js';
import { worklistPeopleSql, type WorklistScope } from './worklist.sql.js';
import {
  REASON_TYPE,
  SIGHTING_TYPE,
  type RecordContactAttemptInput,
  type RecordUnknownOutcomeInput,
  type ReopenUnknownInput,
  type SightingView,
  type UnknownReasonView,
  type UnknownsWorklistConnectionType,
  type UnknownsWorklistFilterInput,
  type UnknownsWorklistItemType,
  type WorklistCountsType,
} from './worklist.type.js';

/** Largest worklist page. */
export const MAX_WORKLIST_PAGE = 100;

/** Most sightings per item (the query-cost model counts a list without a page size as ten). */
export const MAX_SIGHTINGS = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR = /^(\d{4}-\d{2}-\d{2})\|([0-9a-f-]{36})$/i;

/** One person of a page, as the membership query returns it. */
interface PageRow extends Record<string, unknown> {
  person_id: string;
  since: string;
  age: number;
  reasons: Array<{ reason: UnknownReason; recordId: string | null; supplierId: string; since: string }>;
  /** The organisations that supplied the reasons resting on tier-history events (not on records). */
  suppliers: OrganisationType[] | null;
}

/**
 * The tier-1 unknowns worklist of an LA's EPC (domain §7.3): who, why, who else has seen them lately, and
 * what is in progress; and the EPC's outcomes, each an event of the tier history written with its
 * access-log row. Read and worked for UNKNOWN_RESOLUTION only; membership, order and counts come from SQL
 * filtered by the request's sharing rules, and a page costs the same few queries whatever its size.
 */
export class WorklistService {
  constructor(readonly config: WorklistConfig) {}

  /** A page of the worklist, oldest unknown first. */
  async list(
    ctx: RequestContext,
    laCode: string,
    filter: UnknownsWorklistFilterInput | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<UnknownsWorklistConnectionType> {
    const policy = await this.policyFor(ctx, null);
    this.checkLa(ctx, laCode);
    if (!Number.isInteger(first) || first < 1 || first > MAX_WORKLIST_PAGE) throw badInput('first', `must be between 1 and ${MAX_WORKLIST_PAGE}`);
    const cursor = after == null ? null : CURSOR.exec(decodeCursor(after) ?? '');
    if (after != null && !cursor) throw badInput('after', 'is not a cursor from this list');
    const scope = this.scope(laCode, filter);
    const people = worklistPeopleSql(policy, scope);
    const page = toPositional(
      `SELECT w.person_id, w.since::text AS since, w.age, w.reasons,
              (SELECT json_agg(json_build_object('id', o.id, 'code', o.code, 'name', o.name, 'nameCy', o.name_cy, 'kind', o.kind,
                                                 'laCode', o.la_code, 'ispSignatory', o.isp_signatory))
                 FROM organisation o
                WHERE o.id IN (SELECT (e ->> 'supplierId')::uuid FROM json_array_elements(w.reasons) e WHERE e ->> 'recordId' IS NULL)) AS suppliers
         FROM (${people.sql}) w
        ${cursor ? 'WHERE (w.since, w.person_id) > (CAST(:afterSince AS date), CAST(:afterId AS uuid))' : ''}
        ORDER BY w.since, w.person_id LIMIT :limit`,
      { ...people.params, ...(cursor ? { afterSince: cursor[1], afterId: cursor[2] } : {}), limit: first + 1 },
    );
    // Planned for these values each time (not a cached generic plan): the LA, ages and cutoff decide the best plan.
    const rows = (await ctx.ds.query(page.text, page.values)) as PageRow[];
    const hasNextPage = rows.length > first;
    const items = await this.items(ctx, rows.slice(0, first), scope.today);
    const edges = items.map(({ row, item }) => ({ cursor: encodeCursor(`${row.since}|${row.person_id}`), node: item }));
    ctx.access.noteActivity({
      personId: null,
      event: 'worklist.read',
      detail: { laCode, filter: describeFilter(filter), first, after: after ?? null, returned: edges.length },
    });
    return {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      counts: () => this.counts(ctx, policy, scope),
    };
  }

  /** Records an outcome for an item on the asker's worklist (FOUND_ENGAGED hands it to Careers Wales, …). */
  async recordOutcome(ctx: RequestContext, input: RecordUnknownOutcomeInput): Promise<TierEventType> {
    if (!(EPC_OUTCOMES as readonly string[]).includes(input.outcome)) throw badInput('outcome', `must be one of ${EPC_OUTCOMES.join(', ')}`);
    if (input.movedToLaCode != null && input.outcome !== 'MOVED_OUT_OF_AREA') throw badInput('movedToLaCode', 'is given with MOVED_OUT_OF_AREA only');
    const policy = await this.checkedPolicy(ctx, input.personId);
    // "Moved out of area" opens a transfer (the database does, with the event); naming the LA sends it to its EPC.
    const movedTo = input.movedToLaCode ?? null;
    return this.append(
      ctx,
      input.personId,
      'unknown.resolved',
      async (em) => {
        const item = await this.openItem(ctx, em, policy, input.personId);
        const effectiveOn = input.effectiveOn ?? isoToday();
        checkDay('effectiveOn', effectiveOn, item.since);
        if (input.outcome === 'NOT_FOUND') {
          const attempts = (await loadResolutions(em, [input.personId])).filter(
            (e) => e.outcome === 'CONTACT_ATTEMPT' && e.source.id === ctx.principal.organisation.id && e.effectiveOn >= item.since,
          ).length;
          if (attempts < this.config.notFoundAttempts) {
            throw badInput('outcome', `NOT_FOUND needs ${this.config.notFoundAttempts} logged contact attempts first (${attempts} so far)`);
          }
        }
        return { personId: input.personId, outcome: input.outcome, effectiveOn, reason: 'EPC_UNKNOWN_RESOLUTION' };
      },
      movedTo === null ? undefined : (em, eventId) => ctx.services.transfers.nameDestination(ctx, em, eventId, movedTo),
    );
  }

  /** Logs one attempt to reach a young person on the asker's worklist: who (the asker), how, when. */
  async recordAttempt(ctx: RequestContext, input: RecordContactAttemptInput): Promise<TierEventType> {
    const policy = await this.checkedPolicy(ctx, input.personId);
    return this.append(ctx, input.personId, 'unknown.contact_attempted', async (em) => {
      const item = await this.openItem(ctx, em, policy, input.personId);
      const on = input.attemptedOn ?? isoToday();
      checkDay('attemptedOn', on, item.since);
      return { personId: input.personId, outcome: 'CONTACT_ATTEMPT', contactMethod: input.method, effectiveOn: on, reason: 'EPC_CONTACT_ATTEMPT' };
    });
  }

  /** Reverses the asker's organisation's latest outcome for a young person (recorded in error): a later event. */
  async reopen(ctx: RequestContext, input: ReopenUnknownInput): Promise<TierEventType> {
    await this.policyFor(ctx, input.personId);
    if (!UUID.test(input.personId)) throw badInput('personId', 'must be a UUID');
    if (!UUID.test(input.eventId)) throw badInput('eventId', 'must be a UUID');
    return this.append(ctx, input.personId, 'unknown.reopened', async (em) => {
      const own = (await loadResolutions(em, [input.personId])).filter((e) => e.source.id === ctx.principal.organisation.id);
      const latest = buildProgress(own, null).latestOutcome;
      // An organisation may know its own events; anything else is "not found", whether or not it exists.
      if (!own.some((e) => e.id === input.eventId.toLowerCase())) throw notFound('Resolution');
      if (!latest || latest.id !== input.eventId.toLowerCase()) throw badInput('eventId', 'only the latest outcome standing can be reversed');
      return { personId: input.personId, outcome: 'REOPENED', reversesEventId: latest.id, effectiveOn: isoToday(), reason: 'EPC_REOPENED' };
    });
  }

  /**
   * Appends the event `build` decides, with its access-log row, once per Idempotency-Key: the checks that
   * depend on the worklist's state (is the item open, how many attempts, which outcome stands) run in `build`,
   * inside the transaction that took the key, so a retry of a change that closed or reopened the item gets
   * the first answer back instead of a refusal. The answer is read afresh, under today's rules.
   */
  private async append(
    ctx: RequestContext,
    personId: string,
    auditEvent: string,
    build: (em: EntityManager) => Promise<Pick<TierEventInput, 'personId' | 'outcome' | 'contactMethod' | 'reversesEventId' | 'effectiveOn' | 'reason'>>,
    andThen?: (em: EntityManager, eventId: string) => Promise<void>,
  ): Promise<TierEventType> {
    const { eventId } = await ctx.ds.transaction((em) =>
      withIdempotency(ctx, em, async () => {
        const e = await build(em);
        const stored = await ctx.services.tierHistory.record(ctx, em, { ...e, kind: 'RESOLUTION', sourceOrganisationId: ctx.principal.organisation.id }, { auditEvent });
        if (andThen) await andThen(em, stored.id);
        return { eventId: stored.id };
      }),
    );
    const [event] = (await loadResolutions(ctx.ds, [personId])).filter((r) => r.id === eventId);
    // A replay after the person's records were moved to another person: the event is theirs now.
    if (!event) throw notFound('Resolution');
    const [decisions] = await ctx.services.sources.decisionsForValues(ctx, [{ personId, provider: providerFacts(event.source) }]);
    return resolutionView(event, decisions!);
  }

  /** The request's policy for working a person's item: purpose and role first, then the id and the asker's LA. */
  private async checkedPolicy(ctx: RequestContext, personId: string): Promise<RequestPolicy> {
    const policy = await this.policyFor(ctx, UUID.test(personId) ? personId : null);
    if (!UUID.test(personId)) throw badInput('personId', 'must be a UUID');
    if (!ctx.principal.organisation.laCode) throw forbidden('only an organisation with an LA area works an unknowns worklist');
    return policy;
  }

  /** The asker's open item for a person, or NOT_FOUND (also for a person it may not know of at all). */
  private async openItem(ctx: RequestContext, em: EntityManager, policy: RequestPolicy, personId: string): Promise<{ since: string }> {
    const people = worklistPeopleSql(policy, { ...this.scope(ctx.principal.organisation.laCode!, null), personId });
    const q = toPositional(`SELECT w.since::text AS since FROM (${people.sql}) w`, people.params);
    const [row] = (await em.query(q.text, q.values)) as Array<{ since: string }>;
    if (!row) {
      ctx.access.noteRefusal(personId, 'NO_AGREEMENT');
      throw notFound('Worklist item');
    }
    return row;
  }

  private async counts(ctx: RequestContext, policy: RequestPolicy, scope: WorklistScope): Promise<WorklistCountsType> {
    const people = worklistPeopleSql(policy, scope);
    const q = toPositional(
      `WITH w AS MATERIALIZED (${people.sql})
       SELECT 'age' AS dim, w.age::text AS key, count(*)::int AS n FROM w GROUP BY w.age
       UNION ALL SELECT 'reason', e ->> 'reason', count(*)::int FROM w, json_array_elements(w.reasons) e GROUP BY e ->> 'reason'
       UNION ALL SELECT 'total', NULL, count(*)::int FROM w`,
      people.params,
    );
    const rows = (await ctx.ds.query(q.text, q.values)) as Array<{ dim: string; key: string | null; n: number }>;
    const n = (dim: string, key: string | null): number => rows.find((r) => r.dim === dim && r.key === key)?.n ?? 0;
    return {
      total: n('total', null),
      byAge: WORKLIST_AGES.map((age) => ({ age, count: n('age', String(age)) })),
      byReason: UNKNOWN_REASONS.map((reason) => ({ reason, count: n('reason', reason) })),
    };
  }

  /** The page's items: people with their shown records, released reasons, sightings and progress (a fixed number of queries). */
  private async items(ctx: RequestContext, rows: PageRow[], today: string): Promise<Array<{ row: PageRow; item: UnknownsWorklistItemType }>> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.person_id);
    const [views, resolutions] = await Promise.all([ctx.services.sources.viewsOfPeople(ctx, ids), loadResolutions(ctx.ds, ids)]);
    // Values that are not record columns (the LA's resolution events, reasons resting on tier-history events)
    // are decided per supplier, in one batch.
    const supplied = rows.flatMap((row) =>
      row.reasons.flatMap((r) => {
        const provider = r.recordId === null ? row.suppliers?.find((o) => o.id === r.supplierId) : undefined;
        return provider ? [{ row, reason: r, provider }] : [];
      }),
    );
    const lookups = await ctx.services.sources.decisionsForValues(ctx, [
      ...resolutions.map((e) => ({ personId: e.personId, provider: providerFacts(e.source) })),
      ...supplied.map((x) => ({ personId: x.row.person_id, provider: providerFacts(x.provider) })),
    ]);
    const resolutionDecisions = new Map(resolutions.map((e, i) => [e, lookups[i]!]));
    const suppliedDecisions = new Map(supplied.map((x, i) => [x.reason, { provider: x.provider, decisions: lookups[resolutions.length + i]! }]));
    return rows.map((row) => {
      ctx.access.noteListed(row.person_id);
      const records = views.get(row.person_id) ?? [];
      const byId = new Map(records.map((r) => [r.id, r]));
      // The SQL decided these from the same rules; a reason whose value the field guard would withhold is not shown.
      const reasons = row.reasons.flatMap((r) => {
        const category = REASON_CATEGORY[r.reason];
        const source = r.recordId === null ? suppliedDecisions.get(r) : byId.get(r.recordId);
        if (!source?.decisions?.get(category).allowed) return [];
        return [reasonView(row.person_id, r.reason, r.since, source.provider, source.decisions, today)];
      });
      const own = resolutions.filter((e) => e.personId === row.person_id && resolutionDecisions.get(e)!.get('TIER_STATUS').allowed);
      return {
        row,
        item: {
          person: personView(row.person_id, records),
          reasons,
          sightings: sightingsOf(records, MAX_SIGHTINGS),
          progress: buildProgress(own, row.since, (e) => resolutionDecisions.get(e)!).view,
        },
      };
    });
  }

  private scope(laCode: string, filter: UnknownsWorklistFilterInput | null | undefined): WorklistScope {
    const today = isoToday();
    const minDays = filter?.minDaysUnknown ?? null;
    return {
      laCode,
      today,
      contactCutoff: shiftDays(today, -this.config.noContactDays),
      ages: filter?.ageBands?.length ? [...new Set(filter.ageBands)] : [...WORKLIST_AGES],
      reasons: filter?.reasons?.length ? [...new Set(filter.reasons)] : [...UNKNOWN_REASONS],
      schoolCode: filter?.schoolCode ?? null,
      unknownOnOrBefore: minDays === null ? null : shiftDays(today, -minDays),
    };
  }

  /** An EPC works its own LA's worklist (the administrator any LA's). */
  private checkLa(ctx: RequestContext, laCode: string): void {
    if (ctx.principal.roles.includes('ADMIN')) return;
    if (ctx.principal.organisation.laCode !== laCode) {
      ctx.access.noteRefusal(null, 'ROLE_NOT_PERMITTED');
      throw forbidden(`an EPC works the unknowns worklist of its own LA (${ctx.principal.organisation.laCode ?? 'none'})`);
    }
  }

  /** The request's policy for UNKNOWN_RESOLUTION; any other purpose is refused before anything is read or changed. */
  private async policyFor(ctx: RequestContext, personId: string | null): Promise<RequestPolicy> {
    if (ctx.purpose !== WORKLIST_PURPOSE) {
      ctx.access.noteRefusal(personId, 'PURPOSE_NOT_PERMITTED');
      throw forbidden(`the unknowns worklist is read and worked for ${WORKLIST_PURPOSE} only (X-Purpose)`);
    }
    try {
      return await ctx.services.policy.forRequest(ctx);
    } catch (err) {
      ctx.access.noteRefusal(personId, 'ROLE_NOT_PERMITTED');
      throw err;
    }
  }
}

function reasonView(
  personId: string,
  reason: UnknownReason,
  since: string,
  provider: OrganisationType,
  decisions: DecisionLookup,
  today: string,
): UnknownReasonView {
  return {
    graphqlType: REASON_TYPE[reason],
    personId,
    providerOrganisationId: provider.id,
    decisions,
    provider,
    reason,
    since,
    daysUnknown: daysBetween(since, today),
  };
}

function sightingsOf(records: readonly SourceRecordType[], max: number): SightingView[] {
  return latestContacts(records, max).map((c) => ({
    graphqlType: SIGHTING_TYPE[c.category],
    personId: c.record.personId!,
    providerOrganisationId: c.record.providerOrganisationId,
    decisions: c.record.decisions,
    provider: c.record.provider,
    recordedAt: c.record.receivedAt,
    kind: c.kind,
    on: c.on,
  }));
}

/** The young person as the people queries show them: id, earliest shown record, the shown records. */
function personView(id: string, sourceRecords: SourceRecordType[]): YoungPersonType {
  const earliest = sourceRecords.reduce<Date | null>((min, r) => (min === null || r.receivedAt < min ? r.receivedAt : min), null);
  return { id, createdAt: earliest ?? new Date(0), sourceRecords };
}

function shiftDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function checkDay(field: string, day: string, since: string): void {
  if (Number.isNaN(Date.parse(day))) throw badInput(field, 'must be a date');
  if (day > isoToday()) throw badInput(field, 'must not be in the future');
  if (day < since) throw badInput(field, `must not be before the item opened (${since})`);
}

function describeFilter(f: UnknownsWorklistFilterInput | null | undefined): Record<string, unknown> {
  return { ageBands: f?.ageBands ?? null, reasons: f?.reasons ?? null, schoolCode: f?.schoolCode ?? null, minDaysUnknown: f?.minDaysUnknown ?? null };
}
