import type { EntityManager } from 'typeorm';
import type { ChangeRecord } from '../../audit/access-buffer.js';
import type { RequestContext } from '../../graphql/context.js';
import { decodeCursor, encodeCursor } from '../../graphql/cursor.js';
import { badInput, forbidden, notFound } from '../../graphql/errors.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import { isoToday } from '../../policy/age.js';
import { providerScope } from '../../policy/provider-scope.js';
import { requirePurposeAmong } from '../../policy/require-purpose.js';
import type { EventRow, EventRowResult } from '../imports/event-file.js';
import type { Tier } from '../tiers/tier-history.data.js';
import { proposalFor } from './drop-out-reasons.js';
import type {
  ConfirmDropOutTierInput,
  DropOutNotificationConnectionType,
  DropOutNotificationFilterInput,
  DropOutNotificationType,
  NotifyDropOutInput,
} from './drop-out-notification.type.js';
import { validateNotification, type ValidNotification } from './notification-validation.js';
import {
  decideNotifications,
  noteWithheld,
  NOTIFICATION_ROW_SQL,
  toViews,
  unlinkedView,
  type DecidedNotification,
  type NotificationRow,
} from './notification-views.js';
import type { NotificationsConfig } from './notifications.config.js';
import { CONFIRM_PURPOSES, NOTIFICATION_CATEGORY, NOTIFY_PURPOSES, NOTIFYING_KINDS } from './notifications.policy.js';

/** Largest page of the notification queue. */
export const MAX_QUEUE_PAGE = 100;

/** Audit event names of drop-out notifications. */
export const NOTIFICATION_EVENTS = {
  /** A provider's notification arrived (ids and channel; never the reason or dates). */
  notified: 'dropout_notification.received',
  /** A Careers Wales adviser confirmed a tier and closed the notification. */
  closed: 'dropout_notification.closed',
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A timestamptz as PostgreSQL prints it (the cursor's sort key). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/** One validated notification with the row it came from. */
interface Landing {
  rowNumber: number;
  notification: ValidNotification;
}

/**
 * Drop-out notifications: providers notify (GraphQL or a CSV file), Careers Wales advisers work the queue
 * and confirm the tier each implies. Every change is written with its access-log rows in its transaction,
 * after the principal's purpose and organisation are checked; every value read goes through the sources service.
 */
export class NotificationsService {
  constructor(readonly config: NotificationsConfig) {}

  /** One notification from a provider's system (GraphQL); returns it as the provider now sees it. */
  async notify(ctx: RequestContext, input: NotifyDropOutInput): Promise<DropOutNotificationType> {
    this.assertMayNotify(ctx);
    const v = validateNotification(input, isoToday());
    if (!v.ok) throw badInput(v.errors[0]!.field, v.errors[0]!.reason);
    const { id } = await ctx.ds.transaction((em) =>
      withIdempotency(ctx, em, async () => {
        const [result] = await this.land(ctx, em, [{ rowNumber: 1, notification: v.notification }], 'GRAPHQL');
        // Rolled back with the key: a corrected retry may use it.
        if (result!.outcome === 'REJECTED') throw badInput(result!.errors[0]!.field, result!.errors[0]!.reason);
        return { id: result!.id! };
      }),
    );
    return this.get(ctx, id);
  }

  /** One part of a notifications file (the CSV loader): rows validated and landed in one transaction with their access-log rows. */
  async load(ctx: RequestContext, rows: readonly EventRow[], firstRowNumber: number): Promise<EventRowResult[]> {
    this.assertMayNotify(ctx);
    const today = isoToday();
    const results: EventRowResult[] = [];
    const valid: Landing[] = [];
    rows.forEach((row, i) => {
      const rowNumber = firstRowNumber + i;
      const v = validateNotification(row, today);
      if (v.ok) valid.push({ rowNumber, notification: v.notification });
      else results.push({ rowNumber, outcome: 'REJECTED', id: null, errors: v.errors });
    });
    if (valid.length > 0) results.push(...(await ctx.ds.transaction((em) => this.land(ctx, em, valid, 'CSV'))));
    return results.sort((a, b) => a.rowNumber - b.rowNumber);
  }

  /**
   * The queue, oldest first: every notification the sharing rules show the requester (a Careers Wales
   * adviser sees those of colleges, training providers and schools; a provider its own; an EPC those of
   * colleges about learners living in its area). Filtering by status is for Careers Wales: the status is its data.
   */
  async list(
    ctx: RequestContext,
    filter: DropOutNotificationFilterInput | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<DropOutNotificationConnectionType> {
    const policy = await ctx.services.policy.forRequest(ctx);
    if (!Number.isInteger(first) || first < 1 || first > MAX_QUEUE_PAGE) throw badInput('first', `must be between 1 and ${MAX_QUEUE_PAGE}`);
    if (filter?.status && ctx.principal.organisation.kind !== 'CAREERS_WALES' && ctx.ability.cannot('manage', 'all')) {
      throw badInput('filter.status', 'is for Careers Wales: whether a notification was acted on is its data');
    }
    let cursor = after == null ? null : parseCursor(after);
    if (after != null && cursor === null) throw badInput('after', 'is not a cursor from this list');

    const scope = providerScope(policy.compiled, NOTIFICATION_CATEGORY, 'n.provider_organisation_id', 'po.kind', 1);
    const conditions = [scope.sql];
    const params: unknown[] = [...scope.params];
    if (filter?.status) conditions.push(filter.status === 'OPEN' ? 'n.closed_at IS NULL' : 'n.closed_at IS NOT NULL');
    if (filter?.providerCode) conditions.push(`po.code = $${params.push(filter.providerCode)}`);
    const keyset = ` AND (n.received_at, n.id) > ($${params.length + 1}::timestamptz, $${params.length + 2}::uuid)`;
    const batch = Math.max(50, 2 * first);

    // Rows no rule shows are skipped (and logged as withheld), so a page may take several batches; cursors name shown rows only.
    const page: DecidedNotification[] = [];
    while (page.length <= first) {
      const rows = (await ctx.ds.query(
        `${NOTIFICATION_ROW_SQL} WHERE ${conditions.join(' AND ')}${cursor ? keyset : ''} ORDER BY n.received_at, n.id LIMIT ${batch}`,
        cursor ? [...params, cursor.key, cursor.id] : params,
      )) as NotificationRow[];
      for (const item of await decideNotifications(ctx, rows)) {
        if (page.length > first) break;
        if (item.shown) page.push(item);
        else noteWithheld(ctx, item);
      }
      const last = rows.at(-1);
      if (rows.length < batch || !last) break;
      cursor = { key: last.received_key, id: last.id };
    }
    const hasNextPage = page.length > first;
    const nodes = await toViews(ctx, page.slice(0, first), this.config.limitDays);
    const rowsShown = page.slice(0, first).map((p) => p.row);
    return {
      edges: nodes.map((node, i) => ({ node, cursor: cursorOf(rowsShown[i]!) })),
      pageInfo: { hasNextPage, endCursor: rowsShown.length > 0 ? cursorOf(rowsShown.at(-1)!) : null },
    };
  }

  /**
   * One notification as the requester may see it, or NOT_FOUND (exactly as for an id that does not exist).
   * Its sender sees it before matching has linked the learner, with every value withheld until then.
   */
  async get(ctx: RequestContext, id: string): Promise<DropOutNotificationType> {
    await ctx.services.policy.forRequest(ctx);
    const row = await this.loadRow(ctx, id);
    if (row.person_id === null && row.provider_organisation_id === ctx.principal.organisation.id) return unlinkedView(row, this.config.limitDays);
    const [item] = await decideNotifications(ctx, [row]);
    if (!item!.shown) {
      noteWithheld(ctx, item!);
      throw notFound('Drop-out notification');
    }
    const [view] = await toViews(ctx, [item!], this.config.limitDays);
    return view!;
  }

  /**
   * A Careers Wales adviser confirms the tier the notification implies (or records another), which closes
   * it: the assessment, the closing and their access-log rows commit together. Refused when the
   * notification is not shown to the adviser (NOT_FOUND) or already closed.
   */
  async confirmTier(ctx: RequestContext, input: ConfirmDropOutTierInput): Promise<DropOutNotificationType> {
    const purpose = requirePurposeAmong(ctx, CONFIRM_PURPOSES);
    if (ctx.principal.organisation.kind !== 'CAREERS_WALES') throw forbidden('Only Careers Wales records a tier (the five-tier model is its assessment)');
    const row = await this.loadRow(ctx, input.notificationId);
    const [item] = await decideNotifications(ctx, [row]);
    if (!item!.shown || row.person_id === null) {
      noteWithheld(ctx, item!);
      throw notFound('Drop-out notification');
    }
    const proposal = proposalFor(row.reason);
    const tier = (input.tier ?? proposal.tier) as Tier;
    const sameTier = tier === proposal.tier;
    const tier4Risk = input.tier4Risk ?? (sameTier ? proposal.tier4Risk : null);
    const tier2Reason = input.tier2Reason ?? (sameTier ? proposal.tier2Reason : null);
    if (tier4Risk !== null && tier !== 4) throw badInput('tier4Risk', 'is given with tier 4 only');
    if (tier2Reason !== null && tier !== 2) throw badInput('tier2Reason', 'is given with tier 2 only');
    const assessedOn = input.assessedOn ?? isoToday();
    const personId = row.person_id;
    await ctx.ds.transaction((em) => withIdempotency(ctx, em, async () => {
      // Closed already (by another adviser, or by this request's first run when a retry without its key): refused.
      // Checked under a lock, in the transaction that takes the Idempotency-Key, so a retry with the key replays.
      const [current] = (await em.query('SELECT closed_at FROM dropout_notification WHERE id = $1 FOR UPDATE', [row.id])) as [{ closed_at: Date | null }];
      if (current.closed_at !== null) throw badInput('notificationId', 'this notification is already closed');
      // As tiers.service does for an assessment: Careers Wales's own record of the person carries its newest tier.
      const status = { tier, assessedOn, ...(tier4Risk ? { tier4Risk } : {}), ...(tier2Reason ? { tier2Reason } : {}) };
      await em.query(
        `UPDATE source_record SET payload = jsonb_set(payload, '{TIER_STATUS}', $3::jsonb), version = version + 1, received_at = now()
          WHERE person_id = $1 AND provider_organisation_id = $2`,
        [personId, ctx.principal.organisation.id, JSON.stringify(status)],
      );
      const assessment = await ctx.services.tierHistory.record(
        ctx,
        em,
        {
          personId,
          kind: 'ASSESSMENT',
          sourceOrganisationId: ctx.principal.organisation.id,
          effectiveOn: assessedOn,
          reason: 'DROP_OUT_NOTIFICATION_CONFIRMED',
          sourceEventId: row.id,
          tier,
          tier4Risk,
          tier2Reason,
        },
        { auditEvent: 'tier.assessed' },
      );
      await em.query(`UPDATE dropout_notification SET closed_at = now(), closed_by = $2, tier_assessment_id = $3 WHERE id = $1`, [
        row.id,
        ctx.principal.id,
        assessment.tierAssessmentId,
      ]);
      await ctx.services.audit.recordChange(ctx, em, {
        personId,
        event: NOTIFICATION_EVENTS.closed,
        change: { notificationId: row.id, tierAssessmentId: assessment.tierAssessmentId, tierEventId: assessment.id, purpose },
        providerIds: [row.provider_organisation_id, ctx.principal.organisation.id],
      });
      return { notificationId: row.id };
    }));
    return this.get(ctx, row.id);
  }

  /** A post-16 provider's principal may notify, under a notifying purpose; checked before anything lands. */
  private assertMayNotify(ctx: RequestContext): void {
    // The GraphQL operation's @Allow says the same; the CSV loader comes here without it.
    if (ctx.ability.cannot('create', 'DropOutNotification')) throw forbidden('Only a post-16 provider’s system or pastoral lead notifies drop-outs');
    requirePurposeAmong(ctx, NOTIFY_PURPOSES);
    if (!NOTIFYING_KINDS.includes(ctx.principal.organisation.kind)) {
      throw forbidden('Only a post-16 provider (a school sixth form, a college, a training provider) notifies drop-outs, about its own learners');
    }
  }

  private async loadRow(ctx: RequestContext, id: string): Promise<NotificationRow> {
    if (!UUID.test(id)) throw badInput('id', 'must be a UUID');
    const [row] = (await ctx.ds.query(`${NOTIFICATION_ROW_SQL} WHERE n.id = $1`, [id])) as NotificationRow[];
    if (!row) throw notFound('Drop-out notification');
    return row;
  }

  /**
   * Lands validated notifications of the requester's organisation: each must name a record the organisation
   * has submitted (its own learner); the same notification sent again is UNCHANGED. Writes one access-log
   * row per notification received (ids only) and the tier-history events of linked learners.
   */
  private async land(ctx: RequestContext, em: EntityManager, items: readonly Landing[], channel: 'GRAPHQL' | 'CSV'): Promise<EventRowResult[]> {
    const providerId = ctx.principal.organisation.id;
    const records = new Map(
      ((await em.query(
        `SELECT id, partner_reference, person_id FROM source_record WHERE provider_organisation_id = $1 AND partner_reference = ANY($2::text[])`,
        [providerId, [...new Set(items.map((i) => i.notification.partnerReference))]],
      )) as Array<{ id: string; partner_reference: string; person_id: string | null }>).map((r) => [r.partner_reference, r]),
    );
    const results: EventRowResult[] = [];
    const keyOf = (recordId: string, n: ValidNotification): string => `${recordId}|${n.reason}|${n.notifiedOn}|${n.leftOn ?? ''}`;
    const toInsert = new Map<string, { recordId: string; n: ValidNotification }>();
    for (const { rowNumber, notification: n } of items) {
      const record = records.get(n.partnerReference);
      if (!record) {
        results.push({
          rowNumber,
          outcome: 'REJECTED',
          id: null,
          errors: [{ field: 'partnerReference', reason: "names no record of your organisation: submit the learner's record first" }],
        });
        continue;
      }
      toInsert.set(keyOf(record.id, n), { recordId: record.id, n });
    }
    const list = [...toInsert.values()];
    const inserted = (await em.query(
      `INSERT INTO dropout_notification (provider_organisation_id, source_record_id, reason, left_on, notified_on, channel, received_by)
       SELECT $1, v.sr, v.reason, v.left_on, v.notified_on, $2, $3
         FROM unnest($4::uuid[], $5::text[], $6::date[], $7::date[]) AS v(sr, reason, left_on, notified_on)
       ON CONFLICT (source_record_id, reason, notified_on, left_on) DO NOTHING
       RETURNING id`,
      [providerId, channel, ctx.principal.id, list.map((l) => l.recordId), list.map((l) => l.n.reason), list.map((l) => l.n.leftOn), list.map((l) => l.n.notifiedOn)],
    )) as Array<{ id: string }>;
    const created = new Set(inserted.map((r) => r.id));
    // Every notification of this part, new or held before, by its content.
    const held = new Map(
      ((await em.query(
        `SELECT n.id, n.source_record_id, n.reason, n.notified_on::text AS notified_on, n.left_on::text AS left_on
           FROM dropout_notification n
           JOIN unnest($1::uuid[], $2::text[], $3::date[], $4::date[]) AS v(sr, reason, left_on, notified_on)
             ON n.source_record_id = v.sr AND n.reason = v.reason AND n.notified_on = v.notified_on AND n.left_on IS NOT DISTINCT FROM v.left_on`,
        [list.map((l) => l.recordId), list.map((l) => l.n.reason), list.map((l) => l.n.leftOn), list.map((l) => l.n.notifiedOn)],
      )) as Array<{ id: string; source_record_id: string; reason: ValidNotification['reason']; notified_on: string; left_on: string | null }>).map((r) => [
        keyOf(r.source_record_id, { partnerReference: '', reason: r.reason, notifiedOn: r.notified_on, leftOn: r.left_on }),
        r.id,
      ]),
    );
    const reported = new Set<string>();
    for (const { rowNumber, notification: n } of items) {
      const record = records.get(n.partnerReference);
      if (!record) continue;
      const id = held.get(keyOf(record.id, n))!;
      // A row repeating an earlier row of the same part is unchanged: the first landed it.
      const outcome = created.has(id) && !reported.has(id) ? 'CREATED' : 'UNCHANGED';
      reported.add(id);
      results.push({ rowNumber, outcome, id, errors: [] });
    }
    const personOf = new Map([...records.values()].map((r) => [r.id, r.person_id]));
    const landed = list.map((l) => ({ ...l, id: held.get(keyOf(l.recordId, l.n))!, personId: personOf.get(l.recordId) ?? null })).filter((l) => created.has(l.id));
    await this.recordHistory(ctx, em, landed);
    const changes: ChangeRecord[] = landed.map((l) => ({
      personId: l.personId,
      event: NOTIFICATION_EVENTS.notified,
      change: { notificationId: l.id, sourceRecordId: l.recordId, channel },
      providerIds: [providerId],
    }));
    await ctx.services.audit.recordChanges(ctx, em, changes);
    return results;
  }

  /** Each new notification about a linked learner joins the learner's tier history (the notifying provider's word, TIER_STATUS). */
  private async recordHistory(
    ctx: RequestContext,
    em: EntityManager,
    landed: ReadonlyArray<{ id: string; n: ValidNotification; personId: string | null }>,
  ): Promise<void> {
    const linked = landed.filter((l): l is typeof l & { personId: string } => l.personId !== null);
    await ctx.services.tierHistory.recordMany(
      ctx,
      em,
      linked.map((l) => ({
        personId: l.personId,
        kind: 'DROP_OUT_NOTIFICATION' as const,
        sourceOrganisationId: ctx.principal.organisation.id,
        effectiveOn: l.n.leftOn ?? l.n.notifiedOn,
        reason: l.n.reason,
        sourceEventId: l.id,
      })),
    );
  }
}

function cursorOf(row: NotificationRow): string {
  return encodeCursor(`${row.received_key}|${row.id}`);
}

function parseCursor(after: string): { key: string; id: string } | null {
  const text = decodeCursor(after);
  const at = text?.lastIndexOf('|') ?? -1;
  if (!text || at < 0) return null;
  const key = text.slice(0, at);
  const id = text.slice(at + 1);
  return UUID.test(id) && TIMESTAMP.test(key) ? { key, id } : null;
}
