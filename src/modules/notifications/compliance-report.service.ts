import type { RequestContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { isSmallCell, SMALL_CELL_MAX, suppressCells } from '../../policy/small-cells.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';
import type { NotificationComplianceReportType, ProviderMonthComplianceType } from './compliance-report.type.js';
import type { NotificationsConfig } from './notifications.config.js';
import { REPORT_PURPOSES } from './notifications.policy.js';
import { requirePurposeAmong } from '../../policy/require-purpose.js';

/** Most months one report may span. */
export const MAX_REPORT_MONTHS = 36;

/** Audit event of reading an aggregate report (what was asked, never a person). */
export const REPORT_READ = 'report.read';

/** The suppression rule, as the report states it. */
export const SUPPRESSION_RULE =
  `Counts from 1 to ${SMALL_CELL_MAX} are null with suppressed = true; so is a second count wherever one hidden count could be ` +
  'worked back from a shown total (notifications = atRisk + dropOuts; dropOuts = withinLimit + late); the median is suppressed ' +
  `over 1 to ${SMALL_CELL_MAX} drop-outs. Zero is shown.`;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

interface ComplianceRow {
  provider_organisation_id: string;
  code: string;
  name: string;
  name_cy: string | null;
  kind: OrganisationKind;
  la_code: string | null;
  isp_signatory: boolean;
  month: string;
  notifications: number;
  at_risk: number;
  drop_outs: number;
  within_limit: number;
  median_delay: number | null;
}

/**
 * The provider compliance report (domain §5.1, "non-compliance report"): per provider and month of
 * notification, how many drop-outs were notified within the limit and the median delay. Aggregates only,
 * with small cells suppressed; read by Careers Wales (TRACKING) and analysts (STATISTICS).
 */
export class ComplianceReportService {
  constructor(private readonly config: NotificationsConfig) {}

  /**
   * The report over months `from`–`to` (YYYY-MM, at most 36) against the configured limit. The limit is not
   * a per-report argument: two reports with limits a day apart would subtract to a count of one day's delays.
   */
  async report(ctx: RequestContext, args: { from: string; to: string; providerCode?: string | null }): Promise<NotificationComplianceReportType> {
    requirePurposeAmong(ctx, REPORT_PURPOSES);
    if (!MONTH.test(args.from)) throw badInput('from', 'must be a month, YYYY-MM');
    if (!MONTH.test(args.to)) throw badInput('to', 'must be a month, YYYY-MM');
    const months = monthIndex(args.to) - monthIndex(args.from) + 1;
    if (months < 1) throw badInput('to', 'must not be before from');
    if (months > MAX_REPORT_MONTHS) throw badInput('to', `a report spans at most ${MAX_REPORT_MONTHS} months`);
    const limitDays = this.config.limitDays;
    const rows = (await ctx.ds.query(
      `SELECT n.provider_organisation_id, o.code, o.name, o.name_cy, o.kind, o.la_code, o.isp_signatory,
              to_char(n.notified_on, 'YYYY-MM') AS month,
              count(*)::int AS notifications,
              count(*) FILTER (WHERE n.left_on IS NULL)::int AS at_risk,
              count(*) FILTER (WHERE n.left_on IS NOT NULL)::int AS drop_outs,
              count(*) FILTER (WHERE n.notified_on - n.left_on <= $3)::int AS within_limit,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY n.notified_on - n.left_on) AS median_delay
         FROM dropout_notification n JOIN organisation o ON o.id = n.provider_organisation_id
        WHERE n.notified_on >= ($1 || '-01')::date AND n.notified_on < ($2 || '-01')::date + interval '1 month'
          AND ($4::text IS NULL OR o.code = $4)
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY month, o.code`,
      [args.from, args.to, limitDays, args.providerCode ?? null],
    )) as ComplianceRow[];
    ctx.access.noteActivity({
      personId: null,
      event: REPORT_READ,
      detail: { report: 'notification_compliance', from: args.from, to: args.to, limitDays, providerCode: args.providerCode ?? null, rows: rows.length },
    });
    return { from: args.from, to: args.to, limitDays, suppression: SUPPRESSION_RULE, rows: rows.map(toReportRow) };
  }
}

function toReportRow(r: ComplianceRow): ProviderMonthComplianceType {
  const cells = suppressCells(
    new Map([
      ['notifications', r.notifications],
      ['atRisk', r.at_risk],
      ['dropOuts', r.drop_outs],
      ['withinLimit', r.within_limit],
      ['late', r.drop_outs - r.within_limit],
    ]),
    [
      { total: 'notifications', parts: ['atRisk', 'dropOuts'] },
      { total: 'dropOuts', parts: ['withinLimit', 'late'] },
    ],
  );
  const medianHidden = isSmallCell(r.drop_outs);
  return {
    provider: { id: r.provider_organisation_id, code: r.code, name: r.name, nameCy: r.name_cy, kind: r.kind, laCode: r.la_code, ispSignatory: r.isp_signatory },
    month: r.month,
    notifications: cells.get('notifications')!,
    atRisk: cells.get('atRisk')!,
    dropOuts: cells.get('dropOuts')!,
    withinLimit: cells.get('withinLimit')!,
    late: cells.get('late')!,
    medianDelayDays: { value: medianHidden || r.median_delay === null ? null : Number(r.median_delay), suppressed: medianHidden },
  };
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}
