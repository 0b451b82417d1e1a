import type { RequestContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { requirePurposeAmong } from '../../policy/require-purpose.js';
import { SMALL_CELL_MAX, suppressCells, type CellRelation, type ShownCount } from '../../policy/small-cells.js';
import type { DestinationsGroupType, DestinationsReportFilterInput, DestinationsReportType } from './destination-return.type.js';
import { DESTINATION_CODES, DESTINATIONS, isSnapshotDay, REPORT_PURPOSES, type DestinationCode } from './destinations.policy.js';

/** The suppression rule, as the report states it. */
export const DESTINATIONS_SUPPRESSION_RULE =
  `Counts from 1 to ${SMALL_CELL_MAX} are null with suppressed = true; so is a second count wherever one hidden count could be ` +
  'worked back from a shown total (leavers = respondents + nonRespondents + leftArea; respondents = the sum of the destinations; ' +
  'neet = the NEET destinations; each total = the sum of its groups). Zero is shown. Non-respondents and leavers who left the area ' +
  'are excluded from the destination counts and counted apart. Each young person counts once (their latest return for the snapshot).';

interface GroupRow {
  la_code: string;
  year_group: number;
  destination: DestinationCode | null;
  non_respondent: boolean;
  left_area: boolean;
  n: number;
}

const NEET_CODES = DESTINATION_CODES.filter((c) => DESTINATIONS[c].neet);

/**
 * The destinations report (domain §5.1, §5.3): leavers of Years 11–13 by LA, year group and destination on
 * one 31 October snapshot, non-respondents and leavers who left the area excluded from the destinations and
 * counted; aggregates only, small cells suppressed. Read by analysts (STATISTICS), EPCs and Careers Wales (TRACKING).
 */
export class DestinationsReportService {
  /** The report for a snapshot (the latest loaded by default), optionally one LA or one year group. */
  async report(ctx: RequestContext, filter: DestinationsReportFilterInput | null | undefined): Promise<DestinationsReportType> {
    requirePurposeAmong(ctx, REPORT_PURPOSES);
    if (filter?.snapshotOn && !isSnapshotDay(filter.snapshotOn)) throw badInput('filter.snapshotOn', 'must be a 31 October, YYYY-10-31');
    const snapshotOn = filter?.snapshotOn ?? (await ctx.services.destinations.latestLoaded(ctx));
    // One return per young person: a leaver Careers Wales holds two records for counts once (the latest return).
    const rows = (await ctx.ds.query(
      `SELECT la_code, year_group, destination, non_respondent, left_area, count(*)::int AS n
         FROM (SELECT DISTINCT ON (coalesce(sr.person_id, sr.id)) d.la_code, d.year_group, d.destination, d.non_respondent, d.left_area
                 FROM destination_return d JOIN source_record sr ON sr.id = d.source_record_id
                WHERE d.snapshot_on = $1::date
                ORDER BY coalesce(sr.person_id, sr.id), d.received_at DESC, d.id) one
        WHERE ($2::text IS NULL OR la_code = $2) AND ($3::int IS NULL OR year_group = $3)
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2`,
      [snapshotOn, filter?.laCode ?? null, filter?.yearGroup ?? null],
    )) as GroupRow[];
    ctx.access.noteActivity({
      personId: null,
      event: 'report.read',
      detail: { report: 'destinations', snapshotOn, laCode: filter?.laCode ?? null, yearGroup: filter?.yearGroup ?? null },
    });
    return { snapshotOn, suppression: DESTINATIONS_SUPPRESSION_RULE, ...suppressReport(rows) };
  }
}

/** Counts every cell of every group and the totals, then suppresses them together (so no cell is recovered across groups). */
export function suppressReport(rows: readonly GroupRow[]): Pick<DestinationsReportType, 'groups' | 'totals'> {
  const counts = new Map<string, number>();
  const add = (key: string, n: number): void => void counts.set(key, (counts.get(key) ?? 0) + n);
  const groups = [...new Set(rows.map((r) => `${r.la_code}|${r.year_group}`))];
  for (const g of groups) {
    for (const k of ['leavers', 'respondents', 'nonRespondents', 'leftArea', 'neet', ...DESTINATION_CODES]) add(`${g}|${k}`, 0);
  }
  for (const k of ['leavers', 'respondents', 'nonRespondents', 'leftArea']) add(`T|${k}`, 0);
  for (const r of rows) {
    const g = `${r.la_code}|${r.year_group}`;
    const kind = r.non_respondent ? 'nonRespondents' : r.left_area ? 'leftArea' : 'respondents';
    for (const key of [`${g}|leavers`, `${g}|${kind}`, `T|leavers`, `T|${kind}`]) add(key, r.n);
    if (r.destination) {
      add(`${g}|${r.destination}`, r.n);
      if (DESTINATIONS[r.destination].neet) add(`${g}|neet`, r.n);
    }
  }
  const relations: CellRelation[] = [
    { total: 'T|leavers', parts: ['T|respondents', 'T|nonRespondents', 'T|leftArea'] },
    ...['leavers', 'respondents', 'nonRespondents', 'leftArea'].map((k) => ({ total: `T|${k}`, parts: groups.map((g) => `${g}|${k}`) })),
    ...groups.flatMap((g) => [
      { total: `${g}|leavers`, parts: [`${g}|respondents`, `${g}|nonRespondents`, `${g}|leftArea`] },
      { total: `${g}|respondents`, parts: DESTINATION_CODES.map((c) => `${g}|${c}`) },
      { total: `${g}|neet`, parts: NEET_CODES.map((c) => `${g}|${c}`) },
    ]),
  ];
  const shown = suppressCells(counts, relations);
  const cell = (key: string): ShownCount => shown.get(key)!;
  return {
    groups: groups.map((g): DestinationsGroupType => {
      const [laCode, year] = g.split('|') as [string, string];
      return {
        laCode,
        yearGroup: Number(year),
        leavers: cell(`${g}|leavers`),
        respondents: cell(`${g}|respondents`),
        nonRespondents: cell(`${g}|nonRespondents`),
        leftArea: cell(`${g}|leftArea`),
        neet: cell(`${g}|neet`),
        destinations: DESTINATION_CODES.map((destination) => ({ destination, count: cell(`${g}|${destination}`) })),
      };
    }),
    totals: { leavers: cell('T|leavers'), respondents: cell('T|respondents'), nonRespondents: cell('T|nonRespondents'), leftArea: cell('T|leftArea') },
  };
}
