import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import type { Logger } from '../../logger.js';
import type { PolicyService } from '../../policy/policy.service.js';
import { rolesMayUse } from '../../policy/purposes.policy.js';
import type { Purpose } from '../../policy/purpose.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';
import type { Role } from '../principals/roles.js';
import type { WebhookConfig } from '../partner-credentials/partner.config.js';
import { feedHead, feedRows, numberChanges } from './feed.sql.js';
import type { StatusChangeKind, WebhookDeadLetterType, WebhookSubscriptionType } from './status-change.type.js';
import { newWebhookSecret, SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

/** Audit events of subscription changes (ids and the address only). */
export const WEBHOOK_EVENTS = { subscribed: 'webhook.subscribed', unsubscribed: 'webhook.unsubscribed' } as const;

/** Changes one transaction of a dispatch round takes per subscription. */
const DISPATCH_BATCH = 500;

/** Transactions a round spends on one subscription at most (so one busy subscriber cannot hold a round up). */
const DISPATCH_BATCHES_PER_ROUND = 20;

/** Largest page of the dead-letter list. */
export const MAX_DEAD_LETTERS = 200;

/** What a delivery attempt sends: ids and kinds only, never personal data (the partner asks the API for the rest). */
export interface WebhookBody {
  deliveryId: string;
  type: 'status_change';
  change: { id: string; kind: StatusChangeKind; occurredAt: string };
}

/** The outcome of one attempt. */
export type AttemptOutcome = { delivered: true } | { delivered: false; failure: string };

interface SubscriptionRow {
  principal_id: string;
  url: string;
  purpose: Purpose;
  cursor: string;
  organisation_id: string;
  organisation_kind: OrganisationKind;
  la_code: string | null;
  roles: Role[];
}

/**
 * Webhooks for the change feed (docs/partners.md): a partner system subscribes an address (and gets a signing
 * secret once); the worker's dispatch rounds read each subscriber's feed past its cursor with the same rules as
 * `statusChanges` (for the purpose it subscribed with), record one PENDING delivery per change and move the cursor
 * in one transaction; each delivery is a BullMQ job retried with exponential back-off, DELIVERED on a 2xx, DEAD
 * (the partner's dead-letter list) when every attempt failed.
 */
export class WebhooksService {
  constructor(private readonly ds: DataSource) {}

  /** Subscribes (or re-subscribes, with a new secret) the asker to its changes for the purpose it declared. */
  async subscribe(ctx: RequestContext, url: string): Promise<WebhookSubscriptionType> {
    const purpose = ctx.services.policy.requirePurpose(ctx);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badInput('url', 'is not an absolute URL');
    }
    const allowed = ctx.config.isProduction ? ['https:'] : ['https:', 'http:'];
    if (!allowed.includes(parsed.protocol) || parsed.username || parsed.password) throw badInput('url', `must be ${allowed.join(' or ')} without credentials`);
    const secret = newWebhookSecret();
    // A new subscriber hears of changes from now on; what came before is in statusChanges.
    await numberChanges(ctx.ds);
    return ctx.ds.transaction((em) => withIdempotency(ctx, em, async () => {
      const [saved] = (await em.query(
        `INSERT INTO webhook_subscription (principal_id, url, secret, purpose, cursor) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (principal_id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, purpose = EXCLUDED.purpose, updated_at = now()
         RETURNING created_at`,
        [ctx.principal.id, parsed.toString(), secret, purpose, await feedHead(em)],
      )) as [{ created_at: Date }];
      await ctx.services.audit.recordChange(ctx, em, {
        personId: null,
        event: WEBHOOK_EVENTS.subscribed,
        change: { principalId: ctx.principal.id, url: parsed.toString(), purpose },
        providerIds: [ctx.principal.organisation.id],
      });
      // Kept beside an Idempotency-Key so that a retry gets the same secret back.
      return { url: parsed.toString(), purpose, secret, createdAt: saved.created_at.toISOString() };
    })).then((r) => ({ url: r.url, purpose: r.purpose as typeof purpose, secret: r.secret, createdAt: new Date(r.createdAt) }));
  }

  /** Ends the asker's subscription (deliveries in flight are dropped); true when there was one. */
  async unsubscribe(ctx: RequestContext): Promise<boolean> {
    const { removed } = await ctx.ds.transaction((em) => withIdempotency(ctx, em, async () => {
      const gone = (await em.query('DELETE FROM webhook_subscription WHERE principal_id = $1 RETURNING principal_id', [ctx.principal.id])) as unknown[];
      if (gone.length === 0) return { removed: false };
      await ctx.services.audit.recordChange(ctx, em, {
        personId: null,
        event: WEBHOOK_EVENTS.unsubscribed,
        change: { principalId: ctx.principal.id },
        providerIds: [ctx.principal.organisation.id],
      });
      return { removed: true };
    }));
    return removed;
  }

  /** The asker's subscription (without its secret), or null. */
  async subscription(ctx: RequestContext): Promise<WebhookSubscriptionType | null> {
    const [row] = (await ctx.ds.query('SELECT url, purpose, created_at FROM webhook_subscription WHERE principal_id = $1', [ctx.principal.id])) as Array<{
      url: string;
      purpose: string;
      created_at: Date;
    }>;
    return row ? { url: row.url, purpose: row.purpose, secret: null, createdAt: row.created_at } : null;
  }

  /** The asker's deliveries that failed every attempt, newest first. */
  async deadLetters(ctx: RequestContext, first: number): Promise<WebhookDeadLetterType[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_DEAD_LETTERS) throw badInput('first', `must be between 1 and ${MAX_DEAD_LETTERS}`);
    const rows = (await ctx.ds.query(
      `SELECT id, tier_event_id, kind, occurred_at, attempts, last_failure, finished_at FROM webhook_delivery
        WHERE principal_id = $1 AND status = 'DEAD' ORDER BY finished_at DESC, id LIMIT $2`,
      [ctx.principal.id, first],
    )) as Array<{ id: string; tier_event_id: string; kind: StatusChangeKind; occurred_at: Date; attempts: number; last_failure: string | null; finished_at: Date | null }>;
    return rows.map((r) => ({
      deliveryId: r.id,
      changeId: r.tier_event_id,
      kind: r.kind,
      occurredAt: r.occurred_at,
      attempts: r.attempts,
      lastFailure: r.last_failure,
      deadAt: r.finished_at,
    }));
  }

  /**
   * One dispatch round: for each subscription (one worker at a time each), the new changes its subscriber may
   * see become PENDING deliveries and its cursor moves past them, in one transaction. Returns the ids of every
   * PENDING delivery (new, or left by a lost job), for the caller to enqueue under their own ids.
   */
  async dispatch(policy: PolicyService, log: Logger): Promise<string[]> {
    await numberChanges(this.ds);
    const subscribers = (await this.ds.query('SELECT principal_id FROM webhook_subscription')) as Array<{ principal_id: string }>;
    for (const { principal_id } of subscribers) {
      for (let batch = 0; batch < DISPATCH_BATCHES_PER_ROUND; batch++) {
        if ((await this.dispatchBatch(policy, log, principal_id)) < DISPATCH_BATCH) break;
      }
    }
    const pending = (await this.ds.query(`SELECT id FROM webhook_delivery WHERE status = 'PENDING' ORDER BY created_at LIMIT 5000`)) as Array<{ id: string }>;
    return pending.map((r) => r.id);
  }

  /** Records up to DISPATCH_BATCH deliveries for one subscriber and moves its cursor, in one transaction; returns how many changes it read. */
  private async dispatchBatch(policy: PolicyService, log: Logger, principalId: string): Promise<number> {
    return this.ds.transaction(async (em) => {
      const [sub] = (await em.query(
        `SELECT s.principal_id, s.url, s.purpose, s.cursor::text AS cursor,
                p.organisation_id, o.kind AS organisation_kind, o.la_code, p.roles
           FROM webhook_subscription s JOIN principal p ON p.id = s.principal_id AND p.active JOIN organisation o ON o.id = p.organisation_id
          WHERE s.principal_id = $1 FOR UPDATE OF s SKIP LOCKED`,
        [principalId],
      )) as SubscriptionRow[];
      if (!sub || !rolesMayUse(sub.roles, sub.organisation_kind, sub.purpose)) return 0;
      const rules = await policy.forRequester(
        { organisationId: sub.organisation_id, organisationKind: sub.organisation_kind, laCode: sub.la_code, roles: [...sub.roles].sort() },
        sub.purpose,
      );
      const rows = await feedRows(em, rules, sub.organisation_id, sub.cursor, DISPATCH_BATCH);
      const last = rows.at(-1);
      if (!last) return 0;
      await em.query(
        `INSERT INTO webhook_delivery (principal_id, tier_event_id, kind, occurred_at)
         SELECT $1, unnest($2::uuid[]), unnest($3::text[]), unnest($4::timestamptz[]) ON CONFLICT DO NOTHING`,
        [sub.principal_id, rows.map((r) => r.id), rows.map((r) => r.kind), rows.map((r) => r.occurred_at)],
      );
      await em.query('UPDATE webhook_subscription SET cursor = $2 WHERE principal_id = $1', [sub.principal_id, last.position]);
      log.info('webhook deliveries recorded', { principalId: sub.principal_id, deliveries: rows.length });
      return rows.length;
    });
  }

  /** One attempt at a delivery: POSTs the signed body; records DELIVERED on a 2xx, or the failure (and whether to retry). */
  async attempt(deliveryId: string, config: WebhookConfig): Promise<AttemptOutcome | null> {
    const [d] = (await this.ds.query(
      `SELECT d.id, d.tier_event_id, d.kind, d.occurred_at, d.status, s.url, s.secret
         FROM webhook_delivery d LEFT JOIN webhook_subscription s ON s.principal_id = d.principal_id WHERE d.id = $1`,
      [deliveryId],
    )) as Array<{ id: string; tier_event_id: string; kind: StatusChangeKind; occurred_at: Date; status: string; url: string | null; secret: string | null }>;
    if (!d || d.status !== 'PENDING') return null; // delivered already, or dead: nothing to do
    if (!d.url || !d.secret) {
      await this.markDead(deliveryId, 'UNSUBSCRIBED');
      return null;
    }
    const body: WebhookBody = { deliveryId: d.id, type: 'status_change', change: { id: d.tier_event_id, kind: d.kind, occurredAt: d.occurred_at.toISOString() } };
    const text = JSON.stringify(body);
    let failure: string | null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'cyswllt-webhooks/1',
          'cyswllt-delivery': d.id,
          'cyswllt-event': 'status_change',
          [SIGNATURE_HEADER]: signWebhook(d.secret, text, Math.floor(Date.now() / 1000)),
        },
        body: text,
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      failure = res.status >= 200 && res.status < 300 ? null : `HTTP_${res.status}`;
    } catch (err) {
      failure = (err as Error).name === 'TimeoutError' ? 'TIMEOUT' : 'UNREACHABLE';
    }
    if (failure === null) {
      await this.ds.query(`UPDATE webhook_delivery SET status = 'DELIVERED', attempts = attempts + 1, finished_at = now(), last_failure = NULL WHERE id = $1`, [deliveryId]);
      return { delivered: true };
    }
    await this.ds.query(`UPDATE webhook_delivery SET attempts = attempts + 1, last_failure = $2 WHERE id = $1 AND status = 'PENDING'`, [deliveryId, failure]);
    return { delivered: false, failure };
  }

  /** Puts a delivery on the dead-letter list after its last attempt. */
  async markDead(deliveryId: string, failure?: string): Promise<void> {
    await this.ds.query(
      `UPDATE webhook_delivery SET status = 'DEAD', finished_at = now(), last_failure = coalesce($2, last_failure) WHERE id = $1 AND status = 'PENDING'`,
      [deliveryId, failure ?? null],
    );
  }
}
