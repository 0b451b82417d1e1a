import type { DataSource, EntityManager } from 'typeorm';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
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

/** A position in the feed: changes are numbered in the order they were committed (status_change.position). */
export type FeedPosition = string;

/** The start of the feed. */
export const FEED_START: FeedPosition = '0';

const cursorKey = (secret: string): Buffer => createHash('sha256').update(`status-change-cursor|${secret}`).digest();

/**
 * A feed position as a sealed cursor (AES-256-GCM under a key derived from the hub's secret, a fresh IV each time):
 * positions count every change in the hub, so a readable one would tell a partner how many changes there were
 * about other people between two of its own. Sealed, a cursor says nothing but "after this change".
 */
export function feedCursor(p: FeedPosition, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cursorKey(secret), iv);
  const sealed = Buffer.concat([cipher.update(`feed:${p}`, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The position a sealed cursor names, or null when it is not one of this hub's feed cursors. */
export function parseFeedCursor(cursor: string, secret: string): FeedPosition | null {
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length < 29 || raw.length > 64) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', cursorKey(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    const m = /^feed:(\d{1,18})$/.exec(text);
    return m ? m[1]! : null;
  } catch {
    return null;
  }
}

/** The advisory-lock key of the numbering (one numbering at a time, held to its commit). */
const NUMBERING_LOCK = 7_266_001;

/**
 * Numbers the committed changes not yet numbered, after every numbering before it has committed: so a position,
 * once visible, is never followed by a smaller one. Readers call it before they read (it costs one indexed probe
 * when there is nothing to number). Outside any transaction of the caller's.
 */
export async function numberChanges(ds: DataSource): Promise<void> {
  const [pending] = (await ds.query(`SELECT EXISTS (SELECT 1 FROM status_change WHERE position IS NULL) AS any`)) as [{ any: boolean }];
  if (!pending.any) return;
  await ds.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock($1)', [NUMBERING_LOCK]);
    await em.query(`UPDATE status_change SET position = nextval('status_change_position_seq') WHERE position IS NULL`);
  });
}

/** The feed's last position now (where a new subscriber starts). */
export async function feedHead(db: DataSource | EntityManager): Promise<FeedPosition> {
  const [row] = (await db.query(`SELECT coalesce(max(position), 0)::text AS head FROM status_change`)) as [{ head: string }];
  return row.head;
}

/** One change as the feed reads it. */
export interface FeedRow {
  id: string;
  person_id: string;
  supplier_id: string;
  kind: StatusChangeKind;
  occurred_at: Date;
  position: string;
  reference: string;
}

/**
 * The changes after `after` about the young people of whom `organisationId` supplied a record, each shown only
 * when the rules release its supplier's data of the change's category (CHANGE_CATEGORY) about that person to the policy's principal and purpose, in
 * the order they were numbered (numberChanges, which the caller runs first). A change withheld is
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
  Object.assign(params, { feedOrg: organisationId, after, feedLimit: limit });
  const sql = `
    SELECT yp.event_id AS id, yp.id AS person_id, yp.supplier_id, yp.kind, yp.recorded_at AS occurred_at, yp.position::text AS position,
           (SELECT min(r.partner_reference) FROM source_record r
             WHERE r.person_id = yp.id AND r.provider_organisation_id = CAST(:feedOrg AS uuid)) AS reference
      FROM (SELECT te.id AS event_id, te.person_id AS id, te.source_organisation_id AS supplier_id, te.kind, te.recorded_at, sc.position
              FROM status_change sc JOIN tier_event te ON te.id = sc.tier_event_id
             WHERE sc.position > CAST(:after AS bigint)
               AND EXISTS (SELECT 1 FROM source_record mine
                            WHERE mine.person_id = te.person_id AND mine.provider_organisation_id = CAST(:feedOrg AS uuid))) yp
     WHERE CASE yp.kind ${byKind} ELSE FALSE END
     ORDER BY yp.position
     LIMIT CAST(:feedLimit AS integer)`;
  const p = toPositional(sql, params);
  return (await db.query(p.text, p.values)) as FeedRow[];
}
