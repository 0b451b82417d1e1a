import type { DataSource, EntityManager } from 'typeorm';
import { decodeCursorKey, encodeCursor } from '../../graphql/cursor.js';
import { toPositional } from '../../db/prepared.js';
import type { DataCategory } from '../../policy/data-category.js';
import type { RequestPolicy } from '../../policy/request-policy.js';
import { NOTIFICATION_CATEGORY } from '../notifications/notifications.policy.js';
import type { StatusChangeKind } from './status-change.type.js';

/**
 * Whose data a change is, by kind: a drop-out notification is the notifying provider's EDUCATION_ENROLMENT (as the
 * notifications module decides it), a destinations return its supplier's DESTINATION, an enrolment its
 * EDUCATION_ENROLMENT; an assessment, a move and an EPC's resolution are their supplier's TIER_STATUS (as the tier
 * history shows them).
 */
export const CHANGE_CATEGORY: Readonly<Record<StatusChangeKind, DataCategory>> = {
  ASSESSMENT: 'TIER_STATUS',
  DROP_OUT_NOTIFICATION: NOTIFICATION_CATEGORY,
  DESTINATION_RETURN: 'DESTINATION',
  ENROLMENT: 'EDUCATION_ENROLMENT',
  MOVE: 'TIER_STATUS',
  RESOLUTION: 'TIER_STATUS',
};

/** A position in the feed: the appending transaction's id and the event's seq (the feed's order). */
export interface FeedPosition {
  xid: string;
  seq: string;
}

/** The start of the feed. */
export const FEED_START: FeedPosition = { xid: '0', seq: '0' };

/** A feed position as an opaque cursor. */
export function feedCursor(p: FeedPosition): string {
  return encodeCursor(`feed:${p.xid}:${p.seq}`);
}

/** The position a cursor names, or null when it is not a feed cursor. */
export function parseFeedCursor(cursor: string): FeedPosition | null {
  const m = decodeCursorKey(cursor, /^feed:(\d{1,20}):(\d{1,19})$/);
  return m ? { xid: m[0]!, seq: m[1]! } : null;
}

/** One change as the feed reads it. */
export interface FeedRow {
  id: string;
  person_id: string;
  supplier_id: string;
  kind: StatusChangeKind;
  occurred_at: Date;
  xid: string;
  seq: string;
  reference: string;
}

/**
 * The changes after `after` about the young people of whom `organisationId` supplied a record, each shown only
 * when the rules release its supplier's data of the change's category (CHANGE_CATEGORY) about that person to the policy's principal and purpose, in
 * the order their transactions became final: only events whose transaction is older than every transaction still
 * running are listed, so nothing can later appear before a position already handed out. A change withheld is
 * simply not there, as for a change that never happened: the answer depends only on what the rules release.
 */
export async function feedRows(
  db: DataSource | EntityManager,
  policy: RequestPolicy,
  organisationId: string,
  after: FeedPosition,
  limit: number,
): Promise<FeedRow[]> {
  const params: Record<string, unknown> = {};
  const released = (category: DataCategory): string => {
    const v = policy.visibility({ supplier: 'yp.supplier_id', categories: [category] });
    Object.assign(params, v.params);
    return v.sql;
  };
  const byKind = (Object.entries(CHANGE_CATEGORY) as Array<[StatusChangeKind, DataCategory]>)
    .map(([kind, category]) => `WHEN '${kind}' THEN ${released(category)}`)
    .join('\n            ');
  Object.assign(params, { feedOrg: organisationId, afterXid: after.xid, afterSeq: after.seq, feedLimit: limit });
  const sql = `
    SELECT yp.event_id AS id, yp.id AS person_id, yp.supplier_id, yp.kind, yp.recorded_at AS occurred_at, yp.feed_xid::text AS xid, yp.seq::text AS seq,
           (SELECT min(r.partner_reference) FROM source_record r
             WHERE r.person_id = yp.id AND r.provider_organisation_id = CAST(:feedOrg AS uuid)) AS reference
      FROM (SELECT te.id AS event_id, te.person_id AS id, te.source_organisation_id AS supplier_id, te.kind, te.recorded_at, te.feed_xid, te.seq
              FROM tier_event te
             WHERE (te.feed_xid, te.seq) > (CAST(:afterXid AS xid8), CAST(:afterSeq AS bigint))
               AND te.feed_xid < pg_snapshot_xmin(pg_current_snapshot())
               AND EXISTS (SELECT 1 FROM source_record mine
                            WHERE mine.person_id = te.person_id AND mine.provider_organisation_id = CAST(:feedOrg AS uuid))) yp
     WHERE CASE yp.kind ${byKind} ELSE FALSE END
     ORDER BY yp.feed_xid, yp.seq
     LIMIT CAST(:feedLimit AS integer)`;
  const p = toPositional(sql, params);
  return (await db.query(p.text, p.values)) as FeedRow[];
}
