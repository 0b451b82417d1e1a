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
  'neet = the NEET destinations; the totals of each LA, each year group and Wales = the sum of their groups). Suppression is decided ' +
  'once over the whole snapshot, so every report of it shows the same cells. Zero is shown. Non-respondents and leavers who left ' +
  'the area are excluded from the destination counts and counted apart. Each young person counts once (their latest return for the snapshot).';

interface GroupRow {
  la_code: string;
  year_group: number;
  destination: DestinationCode | null;
  non_respondent: boolean;
  left_area: boolean;
  n: number;
}

const NEET_CODES = DESTINATION_CODES.filter((c) => DESTINATIONS[c].neet);

/** The counts every scope (a group, an LA, a year group, Wales) has; leavers = the other three. */
const TOTAL_KINDS = ['leavers', 'respondents', 'nonRespondents', 'leftArea'] as const;

/**
 * The destinations report (domain §5.1, §5.3): leavers of Years 11–13 by LA, year group and destination on
 * one 31 October snapshot, non-respondents and leavers who left the area excluded from the destinations and
 * counted; aggregates only, small cells suppressed. Read by analysts (STATISTICS), EPCs and Careers Wales (TRACKING).
 */
export class DestinationsReportService {
  /**
   * The report for a snapshot (the latest loaded by default), optionally one LA or one year group. Cells are
   * suppressed over the whole snapshot, then the groups asked for are picked out, so that every report of a
   * snapshot shows the same cells: two reports cannot be subtracted to recover a hidden one.
   */
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
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2`,
      [snapshotOn],
    )) as GroupRow[];
    ctx.access.noteActivity({
      personId: null,
      event: 'report.read',
      detail: { report: 'destinations', snapshotOn, laCode: filter?.laCode ?? null, yearGroup: filter?.yearGroup ?? null },
    });
    return { snapshotOn, suppression: DESTINATIONS_SUPPRESSION_RULE, ...suppressReport(rows, filter?.laCode ?? null, filter?.yearGroup ?? null) };
  }
}

/**
 * Counts every cell of every group, and the totals of each LA, each year group and Wales, suppresses them
 * together (so that no cell is recovered within a group or across groups), and returns the groups and the
 * totals of the scope asked for (one LA, one year group, both, or Wales).
 */
export function suppressReport(rows: readonly GroupRow[], laCode: string | null, yearGroup: number | null): Pick<DestinationsReportType, 'groups' | 'totals'> {
  const counts = new Map<string, number>();
  const add = (key: string, n: number): void => void counts.set(key, (counts.get(key) ?? 0) + n);
  const groupKey = (la: string, year: number): string => `G|${la}|${year}`;
  const groups = [...new Map(rows.map((r) => [groupKey(r.la_code, r.year_group), { la: r.la_code, year: r.year_group }])).entries()];
  const las = [...new Set(groups.map(([, g]) => g.la))];
  const years = [...new Set(groups.map(([, g]) => g.year))];
  const scopes = ['W', ...las.map((la) => `L|${la}`), ...years.map((y) => `Y|${y}`)];
  for (const [g] of groups) for (const k of [...TOTAL_KINDS, 'neet', ...DESTINATION_CODES]) add(`${g}|${k}`, 0);
  for (const sc of scopes) for (const k of TOTAL_KINDS) add(`${sc}|${k}`, 0);
  for (const r of rows) {
    const kind = r.non_respondent ? 'nonRespondents' : r.left_area ? 'leftArea' : 'respondents';
    for (const sc of [groupKey(r.la_code, r.year_group), 'W', `L|${r.la_code}`, `Y|${r.year_group}`]) {
      add(`${sc}|leavers`, r.n);
      add(`${sc}|${kind}`, r.n);
    }
    const g = groupKey(r.la_code, r.year_group);
    if (r.destination) {
      add(`${g}|${r.destination}`, r.n);
      if (DESTINATIONS[r.destination].neet) add(`${g}|neet`, r.n);
    }
  }
  const leaversSplit = (sc: string): CellRelation => ({ total: `${sc}|leavers`, parts: [`${sc}|respondents`, `${sc}|nonRespondents`, `${sc}|leftArea`] });
  const sums = (total: string, members: readonly string[]): CellRelation[] => TOTAL_KINDS.map((k) => ({ total: `${total}|${k}`, parts: members.map((m) => `${m}|${k}`) }));
  const relations: CellRelation[] = [
    ...scopes.map(leaversSplit),
    ...groups.flatMap(([g]) => [
      leaversSplit(g),
      { total: `${g}|respondents`, parts: DESTINATION_CODES.map((c) => `${g}|${c}`) },
      { total: `${g}|neet`, parts: NEET_CODES.map((c) => `${g}|${c}`) },
    ]),
    ...las.flatMap((la) => sums(`L|${la}`, groups.filter(([, x]) => x.la === la).map(([g]) => g))),
    ...years.flatMap((y) => sums(`Y|${y}`, groups.filter(([, x]) => x.year === y).map(([g]) => g))),
    ...sums('W', las.map((la) => `L|${la}`)),
    ...sums('W', years.map((y) => `Y|${y}`)),
  ];
  const shown = suppressCells(counts, relations);
  const cell = (key: string): ShownCount => shown.get(key) ?? { value: 0, suppressed: false };
  const scope = laCode !== null && yearGroup !== null ? groupKey(laCode, yearGroup) : laCode !== null ? `L|${laCode}` : yearGroup !== null ? `Y|${yearGroup}` : 'W';
  return {
    groups: groups
      .filter(([, x]) => (laCode === null || x.la === laCode) && (yearGroup === null || x.year === yearGroup))
      .map(([g, x]): DestinationsGroupType => ({
        laCode: x.la,
        yearGroup: x.year,
        leavers: cell(`${g}|leavers`),
        respondents: cell(`${g}|respondents`),
        nonRespondents: cell(`${g}|nonRespondents`),
        leftArea: cell(`${g}|leftArea`),
        neet: cell(`${g}|neet`),
        destinations: DESTINATION_CODES.map((destination) => ({ destination, count: cell(`${g}|${destination}`) })),
      })),
    totals: {
      leavers: cell(`${scope}|leavers`),
      respondents: cell(`${scope}|respondents`),
      nonRespondents: cell(`${scope}|nonRespondents`),
      leftArea: cell(`${scope}|leftArea`),
    },
  };
}
