// Notifications as the requester may see them: rows loaded in one query, decided through the sources
// service (the notifying provider's EDUCATION_ENROLMENT about the learner; Careers Wales's TIER_STATUS for
// what it did), and left out when nothing is released, with the access log told what was withheld.
import type { RequestContext } from '../../graphql/context.js';
import type { Decision, ProviderFacts } from '../../policy/policy.types.js';
import { NEUTRAL_REASON } from '../../policy/redaction-reason.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';
import type { OrganisationType } from '../organisations/organisation.type.js';
import type { DecisionLookup } from '../sources/checked-view.js';
import { proposalFor, type DropOutReason } from './drop-out-reasons.js';
import type { DropOutActionType, DropOutNotificationType } from './drop-out-notification.type.js';
import { ACTION_CATEGORY, NOTIFICATION_CATEGORY } from './notifications.policy.js';
import { isLate, notificationDelay } from './timeliness.js';

/** A notification row with what deciding and showing it needs. */
export interface NotificationRow {
  id: string;
  provider_organisation_id: string;
  provider_code: string;
  provider_name: string;
  provider_name_cy: string | null;
  provider_kind: OrganisationKind;
  provider_la_code: string | null;
  provider_isp_signatory: boolean;
  source_record_id: string;
  person_id: string | null;
  reason: DropOutReason;
  left_on: string | null;
  notified_on: string;
  received_at: Date;
  /** received_at as PostgreSQL prints it (microseconds kept), for keyset cursors. */
  received_key: string;
  closed_at: Date | null;
  closer_organisation_id: string | null;
  closer_kind: OrganisationKind | null;
  closer_la_code: string | null;
  tier: number | null;
}

/** The SELECT list and joins of NotificationRow over `dropout_notification n` (where-clause and order are the caller's). */
export const NOTIFICATION_ROW_SQL = `
  SELECT n.id, n.provider_organisation_id, po.code AS provider_code, po.name AS provider_name, po.name_cy AS provider_name_cy,
         po.kind AS provider_kind, po.la_code AS provider_la_code, po.isp_signatory AS provider_isp_signatory,
         n.source_record_id, sr.person_id, n.reason, n.left_on::text AS left_on, n.notified_on::text AS notified_on, n.received_at, n.received_at::text AS received_key,
         n.closed_at, co.id AS closer_organisation_id, co.kind AS closer_kind, co.la_code AS closer_la_code, ta.tier
    FROM dropout_notification n
    JOIN organisation po ON po.id = n.provider_organisation_id
    JOIN source_record sr ON sr.id = n.source_record_id
    LEFT JOIN principal cp ON cp.id = n.closed_by
    LEFT JOIN organisation co ON co.id = cp.organisation_id
    LEFT JOIN tier_assessment ta ON ta.id = n.tier_assessment_id`;

/** A row with the requester's decisions: `shown` when the provider's EDUCATION_ENROLMENT is released as a value. */
export interface DecidedNotification {
  row: NotificationRow;
  shown: boolean;
  decisions: DecisionLookup | undefined;
  actionDecisions: DecisionLookup | undefined;
}

/**
 * Decides rows for the requester (one policy preparation for all): a row is shown when the notifying
 * provider's EDUCATION_ENROLMENT about the learner is released as a value (a flag says nothing here); its
 * action only when Careers Wales's TIER_STATUS is. A row whose learner is not linked yet is never shown.
 */
export async function decideNotifications(ctx: RequestContext, rows: readonly NotificationRow[]): Promise<DecidedNotification[]> {
  const linked = rows.filter((r): r is NotificationRow & { person_id: string } => r.person_id !== null);
  const closed = linked.filter((r) => r.closed_at !== null && r.closer_organisation_id !== null);
  const [lookups, actionLookups] = await Promise.all([
    ctx.services.sources.decisionsForValues(ctx, linked.map((r) => ({ personId: r.person_id, provider: providerOf(r) }))),
    ctx.services.sources.decisionsForValues(ctx, closed.map((r) => ({ personId: r.person_id, provider: closerOf(r) }))),
  ]);
  const decisionOf = new Map(linked.map((r, i) => [r.id, valueOnly(lookups[i]!)]));
  const actionOf = new Map(closed.map((r, i) => [r.id, valueOnly(actionLookups[i]!)]));
  return rows.map((row) => {
    const decisions = decisionOf.get(row.id);
    return { row, decisions, actionDecisions: actionOf.get(row.id), shown: decisions?.get(NOTIFICATION_CATEGORY).allowed ?? false };
  });
}

/** A row the requester is not shown still goes to the access log as withheld, with the precise reason (as the sources service does for records). */
export function noteWithheld(ctx: RequestContext, item: DecidedNotification): void {
  if (item.shown || !item.decisions || item.row.person_id === null) return;
  const d = item.decisions.get(NOTIFICATION_CATEGORY);
  ctx.access.note(item.row.person_id, {
    field: `*${NOTIFICATION_CATEGORY}`,
    category: NOTIFICATION_CATEGORY,
    providerOrganisationId: item.row.provider_organisation_id,
    released: false,
    reason: d.reason ?? 'NO_AGREEMENT',
    agreement: d.agreement,
  });
}

/** The views of shown rows, with the provider's record of each learner as the sharing rules show it (one query). */
export async function toViews(ctx: RequestContext, items: readonly DecidedNotification[], limitDays: number): Promise<DropOutNotificationType[]> {
  const shown = items.filter((i) => i.shown);
  const records = await ctx.services.sources.viewsOfRecords(ctx, shown.map((i) => i.row.source_record_id));
  return shown.map((i) => toView(i.row, i.decisions, i.actionDecisions, records.get(i.row.source_record_id) ?? null, limitDays));
}

/** The view of a notification whose learner is not linked to a young person yet: nothing can be decided, so every value is withheld. */
export function unlinkedView(row: NotificationRow, limitDays: number): DropOutNotificationType {
  return toView(row, undefined, undefined, null, limitDays);
}

function toView(
  row: NotificationRow,
  decisions: DecisionLookup | undefined,
  actionDecisions: DecisionLookup | undefined,
  learnerRecord: DropOutNotificationType['learnerRecord'],
  limitDays: number,
): DropOutNotificationType {
  const delayDays = notificationDelay(row.left_on, row.notified_on);
  const provider: OrganisationType = {
    id: row.provider_organisation_id,
    code: row.provider_code,
    name: row.provider_name,
    nameCy: row.provider_name_cy,
    kind: row.provider_kind,
    laCode: row.provider_la_code,
    ispSignatory: row.provider_isp_signatory,
  };
  return {
    personId: row.person_id,
    providerOrganisationId: row.provider_organisation_id,
    decisions,
    id: row.id,
    youngPersonId: row.person_id,
    provider,
    receivedAt: row.received_at,
    learnerRecord,
    reason: row.reason,
    leftOn: row.left_on,
    notifiedOn: row.notified_on,
    delayDays,
    late: isLate(delayDays, limitDays),
    proposal: { ...proposalFor(row.reason) },
    action: actionView(row, actionDecisions),
  };
}

/** What Careers Wales did, shown only when its TIER_STATUS about the person is released (else null, not redacted: its absence tells nothing). */
function actionView(row: NotificationRow, decisions: DecisionLookup | undefined): DropOutActionType | null {
  if (!decisions || row.person_id === null || row.closer_organisation_id === null || !decisions.get(ACTION_CATEGORY).allowed) return null;
  return { personId: row.person_id, providerOrganisationId: row.closer_organisation_id, decisions, closedAt: row.closed_at, tier: row.tier };
}

function providerOf(r: NotificationRow): ProviderFacts {
  return { organisationId: r.provider_organisation_id, kind: r.provider_kind, laCode: r.provider_la_code };
}

function closerOf(r: NotificationRow): ProviderFacts {
  return { organisationId: r.closer_organisation_id!, kind: r.closer_kind!, laCode: r.closer_la_code };
}

/** These values are dates and codes: a "contact before placement" flag would mean nothing, so a flag-only release withholds. */
function valueOnly(lookup: DecisionLookup): DecisionLookup {
  return {
    get(category) {
      const d: Decision = lookup.get(category);
      return d.flagOnly ? { ...d, allowed: false, flagOnly: false, recipientReason: NEUTRAL_REASON } : d;
    },
  };
}
