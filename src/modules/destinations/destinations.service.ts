import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../graphql/context.js';
import { decodeCursor, encodeCursor } from '../../graphql/cursor.js';
import { badInput, forbidden } from '../../graphql/errors.js';
import { isoToday } from '../../policy/age.js';
import { providerScope } from '../../policy/provider-scope.js';
import type { EventRow, EventRowResult } from '../imports/event-file.js';
import { requirePurposeAmong } from '../../policy/require-purpose.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';
import type { DecisionLookup } from '../sources/checked-view.js';
import type { DestinationReturnConnectionType, DestinationReturnFilterInput, DestinationReturnType } from './destination-return.type.js';
import { validateDestinationReturn, type ValidDestinationReturn } from './destination-validation.js';
import { DESTINATION_CATEGORY, isSnapshotDay, latestSnapshot, LOAD_PURPOSES } from './destinations.policy.js';

/** Largest page of returns. */
export const MAX_RETURNS_PAGE = 100;

/** Audit event of a return landing or being corrected (ids, snapshot and version; never the destination). */
export const DESTINATION_RETURN_RECEIVED = 'destination_return.received';

interface ReturnRow {
  id: string;
  provider_organisation_id: string;
  provider_code: string;
  provider_name: string;
  provider_name_cy: string | null;
  provider_kind: OrganisationKind;
  provider_la_code: string | null;
  provider_isp_signatory: boolean;
  person_id: string | null;
  snapshot_on: string;
  year_group: number;
  la_code: string;
  destination: DestinationReturnType['destination'];
  non_respondent: boolean;
  left_area: boolean;
  received_at: Date;
}

const RETURN_ROW_SQL = `
  SELECT d.id, d.provider_organisation_id, po.code AS provider_code, po.name AS provider_name, po.name_cy AS provider_name_cy,
         po.kind AS provider_kind, po.la_code AS provider_la_code, po.isp_signatory AS provider_isp_signatory, sr.person_id,
         d.snapshot_on::text AS snapshot_on, d.year_group, d.la_code, d.destination, d.non_respondent, d.left_area, d.received_at
    FROM destination_return d
    JOIN organisation po ON po.id = d.provider_organisation_id
    JOIN source_record sr ON sr.id = d.source_record_id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Careers Wales's destinations survey: its system loads a return (a CSV through `npm run import -- --kind
 * destinations`), each row naming Careers Wales's own record of the leaver; returns are read back only as
 * the sharing rules release Careers Wales's DESTINATION data (to an EPC: tiers 1–2, living in its area).
 */
export class DestinationsService {
  /**
   * One part of a survey return for one snapshot, in one transaction with its access-log rows and the
   * tier-history events of linked leavers. A return already held for the record and snapshot is UNCHANGED
   * when identical and UPDATED (a new version) when corrected.
   */
  async load(ctx: RequestContext, rows: readonly EventRow[], firstRowNumber: number, snapshot: string | null): Promise<EventRowResult[]> {
    if (ctx.ability.cannot('create', 'DestinationReturn') || ctx.principal.organisation.kind !== 'CAREERS_WALES') {
      throw forbidden('Only Careers Wales loads its destinations survey (its client database, PARTNER_SYSTEM)');
    }
    requirePurposeAmong(ctx, LOAD_PURPOSES);
    const today = isoToday();
    const snapshotOn = snapshot ?? latestSnapshot(today);
    if (!isSnapshotDay(snapshotOn)) throw badInput('snapshot', 'must be a 31 October, YYYY-10-31');
    if (snapshotOn > today) throw badInput('snapshot', 'is in the future');

    const laOf = await this.localAuthorityLookup(ctx);
    const results: EventRowResult[] = [];
    const valid: Array<{ rowNumber: number; value: ValidDestinationReturn }> = [];
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      const rowNumber = firstRowNumber + i;
      const v = validateDestinationReturn(row, laOf);
      if (!v.ok) return results.push({ rowNumber, outcome: 'REJECTED', id: null, errors: v.errors });
      const earlier = seen.get(v.value.partnerReference);
      if (earlier !== undefined) {
        return results.push({ rowNumber, outcome: 'REJECTED', id: null, errors: [{ field: 'partnerReference', reason: `repeats the reference of row ${earlier}` }] });
      }
      seen.set(v.value.partnerReference, rowNumber);
      return valid.push({ rowNumber, value: v.value });
    });
    if (valid.length > 0) results.push(...(await ctx.ds.transaction((em) => this.land(ctx, em, valid, snapshotOn))));
    return results.sort((a, b) => a.rowNumber - b.rowNumber);
  }

  /** Returns the sharing rules show the requester, in id order; filters apply to released values only. */
  async list(
    ctx: RequestContext,
    filter: DestinationReturnFilterInput | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<DestinationReturnConnectionType> {
    const policy = await ctx.services.policy.forRequest(ctx);
    if (!Number.isInteger(first) || first < 1 || first > MAX_RETURNS_PAGE) throw badInput('first', `must be between 1 and ${MAX_RETURNS_PAGE}`);
    let afterId = after == null ? null : decodeCursor(after);
    if (after != null && (afterId === null || !UUID.test(afterId))) throw badInput('after', 'is not a cursor from this list');
    const snapshotOn = filter?.snapshotOn ?? (await this.latestLoaded(ctx));
    if (snapshotOn !== null && !isSnapshotDay(snapshotOn)) throw badInput('filter.snapshotOn', 'must be a 31 October, YYYY-10-31');

    const scope = providerScope(policy.compiled, DESTINATION_CATEGORY, 'd.provider_organisation_id', 'po.kind', 1);
    const conditions = [scope.sql, 'sr.person_id IS NOT NULL'];
    const params: unknown[] = [...scope.params];
    conditions.push(`d.snapshot_on = $${params.push(snapshotOn)}::date`);
    if (filter?.laCode) conditions.push(`d.la_code = $${params.push(filter.laCode)}`);
    if (filter?.nonRespondent != null) conditions.push(`d.non_respondent = $${params.push(filter.nonRespondent)}`);
    if (filter?.leftArea != null) conditions.push(`d.left_area = $${params.push(filter.leftArea)}`);
    const keyset = ` AND d.id > $${params.length + 1}::uuid`;
    const batch = Math.max(50, 2 * first);

    // Returns no rule shows are skipped (and logged as withheld); cursors name shown returns only.
    const page: Array<{ row: ReturnRow & { person_id: string }; decisions: DecisionLookup }> = [];
    while (page.length <= first) {
      const rows = (await ctx.ds.query(
        `${RETURN_ROW_SQL} WHERE ${conditions.join(' AND ')}${afterId ? keyset : ''} ORDER BY d.id LIMIT ${batch}`,
        afterId ? [...params, afterId] : params,
      )) as Array<ReturnRow & { person_id: string }>;
      const lookups = await ctx.services.sources.decisionsForValues(ctx, rows.map((r) => ({ personId: r.person_id, provider: providerOf(r) })));
      for (const [i, row] of rows.entries()) {
        if (page.length > first) break;
        const decisions = lookups[i]!;
        const d = decisions.get(DESTINATION_CATEGORY);
        if (d.allowed && !d.flagOnly) {
          page.push({ row, decisions });
          continue;
        }
        ctx.access.note(row.person_id, {
          field: `*${DESTINATION_CATEGORY}`,
          category: DESTINATION_CATEGORY,
          providerOrganisationId: row.provider_organisation_id,
          released: false,
          reason: d.reason ?? 'NO_AGREEMENT',
          agreement: d.agreement,
        });
      }
      if (rows.length < batch) break;
      afterId = rows.at(-1)!.id;
    }
    const shown = page.slice(0, first);
    return {
      edges: shown.map(({ row, decisions }) => ({ cursor: encodeCursor(row.id), node: toView(row, decisions) })),
      pageInfo: { hasNextPage: page.length > first, endCursor: shown.length > 0 ? encodeCursor(shown.at(-1)!.row.id) : null },
    };
  }

  /** The latest snapshot any return was loaded for, or null. */
  async latestLoaded(ctx: RequestContext): Promise<string | null> {
    const [row] = (await ctx.ds.query(`SELECT max(snapshot_on)::text AS snapshot FROM destination_return`)) as [{ snapshot: string | null }];
    return row.snapshot;
  }

  private async land(ctx: RequestContext, em: EntityManager, valid: ReadonlyArray<{ rowNumber: number; value: ValidDestinationReturn }>, snapshotOn: string): Promise<EventRowResult[]> {
    const providerId = ctx.principal.organisation.id;
    const records = new Map(
      ((await em.query(
        `SELECT id, partner_reference, person_id FROM source_record WHERE provider_organisation_id = $1 AND partner_reference = ANY($2::text[])`,
        [providerId, valid.map((v) => v.value.partnerReference)],
      )) as Array<{ id: string; partner_reference: string; person_id: string | null }>).map((r) => [r.partner_reference, r]),
    );
    const results: EventRowResult[] = [];
    const landing = valid.flatMap(({ rowNumber, value }) => {
      const record = records.get(value.partnerReference);
      if (record) return [{ rowNumber, value, record }];
      results.push({ rowNumber, outcome: 'REJECTED', id: null, errors: [{ field: 'partnerReference', reason: "names no record of Careers Wales's: submit the leaver's record first" }] });
      return [];
    });
    const col = <T>(f: (l: (typeof landing)[number]) => T): T[] => landing.map(f);
    // A corrected return replaces the one held for the record and snapshot (a new version); an identical one changes nothing.
    const written = (await em.query(
      `INSERT INTO destination_return (provider_organisation_id, source_record_id, snapshot_on, year_group, la_code, destination,
                                       non_respondent, left_area, channel, received_by)
       SELECT $1, v.sr, $2::date, v.year_group, v.la_code, v.destination, v.non_respondent, v.left_area, 'CSV', $3
         FROM unnest($4::uuid[], $5::smallint[], $6::text[], $7::text[], $8::boolean[], $9::boolean[])
              AS v(sr, year_group, la_code, destination, non_respondent, left_area)
       ON CONFLICT (source_record_id, snapshot_on) DO UPDATE
          SET year_group = EXCLUDED.year_group, la_code = EXCLUDED.la_code, destination = EXCLUDED.destination,
              non_respondent = EXCLUDED.non_respondent, left_area = EXCLUDED.left_area, received_by = EXCLUDED.received_by,
              received_at = now(), version = destination_return.version + 1
        WHERE (destination_return.year_group, destination_return.la_code, destination_return.destination,
               destination_return.non_respondent, destination_return.left_area)
              IS DISTINCT FROM (EXCLUDED.year_group, EXCLUDED.la_code, EXCLUDED.destination, EXCLUDED.non_respondent, EXCLUDED.left_area)
       RETURNING id, source_record_id, version`,
      [
        providerId,
        snapshotOn,
        ctx.principal.id,
        col((l) => l.record.id),
        col((l) => l.value.yearGroup),
        col((l) => l.value.laCode),
        col((l) => l.value.destination),
        col((l) => l.value.nonRespondent),
        col((l) => l.value.leftArea),
      ],
    )) as Array<{ id: string; source_record_id: string; version: number }>;
    const changed = new Map(written.map((w) => [w.source_record_id, w]));
    const held = new Map(
      ((await em.query(`SELECT id, source_record_id FROM destination_return WHERE snapshot_on = $1::date AND source_record_id = ANY($2::uuid[])`, [
        snapshotOn,
        col((l) => l.record.id),
      ])) as Array<{ id: string; source_record_id: string }>).map((r) => [r.source_record_id, r.id]),
    );
    for (const l of landing) {
      const w = changed.get(l.record.id);
      results.push({ rowNumber: l.rowNumber, outcome: w ? (w.version === 1 ? 'CREATED' : 'UPDATED') : 'UNCHANGED', id: held.get(l.record.id)!, errors: [] });
    }
    const landed = landing.filter((l) => changed.has(l.record.id)).map((l) => ({ ...l, written: changed.get(l.record.id)! }));
    const linked = landed.filter((l): l is typeof l & { record: { person_id: string } } => l.record.person_id !== null);
    // Each return about a linked leaver joins the tier history (Careers Wales's word): non-respondents and leavers who left the area feed the unknowns worklist.
    await ctx.services.tierHistory.recordMany(
      ctx,
      em,
      linked.map((l) => ({
        personId: l.record.person_id,
        kind: 'DESTINATION_RETURN' as const,
        sourceOrganisationId: providerId,
        effectiveOn: snapshotOn,
        reason: l.value.nonRespondent ? 'NON_RESPONDENT' : l.value.leftArea ? 'LEFT_AREA' : l.value.destination!,
        sourceEventId: l.written.id,
      })),
    );
    await ctx.services.audit.recordChanges(
      ctx,
      em,
      landed.map((l) => ({
        personId: l.record.person_id,
        event: DESTINATION_RETURN_RECEIVED,
        change: { destinationReturnId: l.written.id, sourceRecordId: l.record.id, snapshotOn, version: l.written.version },
        providerIds: [providerId],
      })),
    );
    return results;
  }

  /** Resolves the LA a return names: the hub's code, the ONS code or the English or Welsh name (one query per part). */
  private async localAuthorityLookup(ctx: RequestContext): Promise<(text: string) => string | null> {
    const las = (await ctx.ds.query(`SELECT code, ons_code, name, name_cy FROM local_authority`)) as Array<{ code: string; ons_code: string; name: string; name_cy: string }>;
    const byKey = new Map<string, string>();
    for (const la of las) for (const key of [la.code, la.ons_code, la.name, la.name_cy]) byKey.set(key.toLowerCase(), la.code);
    return (text) => byKey.get(text.trim().toLowerCase()) ?? null;
  }
}

function providerOf(r: ReturnRow): { organisationId: string; kind: OrganisationKind; laCode: string | null } {
  return { organisationId: r.provider_organisation_id, kind: r.provider_kind, laCode: r.provider_la_code };
}

function toView(r: ReturnRow & { person_id: string }, decisions: DecisionLookup): DestinationReturnType {
  return {
    personId: r.person_id,
    providerOrganisationId: r.provider_organisation_id,
    decisions,
    id: r.id,
    youngPersonId: r.person_id,
    provider: {
      id: r.provider_organisation_id,
      code: r.provider_code,
      name: r.provider_name,
      nameCy: r.provider_name_cy,
      kind: r.provider_kind,
      laCode: r.provider_la_code,
      ispSignatory: r.provider_isp_signatory,
    },
    receivedAt: r.received_at,
    snapshotOn: r.snapshot_on,
    yearGroup: r.year_group,
    laCode: r.la_code,
    destination: r.destination,
    nonRespondent: r.non_respondent,
    leftArea: r.left_area,
  };
}
