import type { RequestContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { CHANGE_CATEGORY, FEED_START, feedCursor, feedRows, numberChanges, parseFeedCursor, type FeedPosition } from './feed.sql.js';
import type { StatusChangePageType } from './status-change.type.js';

/** Largest page of the change feed. */
export const MAX_FEED_PAGE = 500;

/** Access-log field name of a change listed (its category by kind: CHANGE_CATEGORY, its supplier's). */
export const FEED_FIELD = 'statusChange';

/**
 * "What changed about my learners?" (docs/partners.md): the change feed of the asker's own learners, decided by
 * the sharing rules for the declared purpose; each person listed gets its access-log row with what was released.
 */
export class StatusChangesService {
  /** Changes after `after` (from the start when null), oldest first, at most `first`. */
  async page(ctx: RequestContext, afterArg: string | null | undefined, first: number): Promise<StatusChangePageType> {
    const after = afterArg ?? null; // an absent variable arrives as undefined
    if (!Number.isInteger(first) || first < 1 || first > MAX_FEED_PAGE) throw badInput('first', `must be between 1 and ${MAX_FEED_PAGE}`);
    let position: FeedPosition = FEED_START;
    if (after !== null) {
      const parsed = parseFeedCursor(after, ctx.config.authSecret);
      if (!parsed) throw badInput('after', 'is not a cursor of this feed');
      position = parsed;
    }
    let policy;
    try {
      policy = await ctx.services.policy.forRequest(ctx);
    } catch (err) {
      ctx.access.noteRefusal(null, ctx.purpose ? 'ROLE_NOT_PERMITTED' : 'PURPOSE_NOT_PERMITTED');
      throw err;
    }
    await numberChanges(ctx.ds);
    const rows = await feedRows(ctx.ds, policy, ctx.principal.organisation.id, position, first + 1);
    const shown = rows.slice(0, first);
    for (const r of shown) {
      ctx.access.note(r.person_id, { field: FEED_FIELD, category: CHANGE_CATEGORY[r.kind], providerOrganisationId: r.supplier_id, released: true });
    }
    const last = shown.at(-1);
    return {
      changes: shown.map((r) => ({
        id: r.id,
        reference: r.reference,
        personId: r.person_id,
        kind: r.kind,
        occurredAt: r.occurred_at,
        cursor: feedCursor(r.position, ctx.config.authSecret),
      })),
      endCursor: last ? feedCursor(last.position, ctx.config.authSecret) : (after ?? feedCursor(FEED_START, ctx.config.authSecret)),
      hasMore: rows.length > first,
    };
  }
}
