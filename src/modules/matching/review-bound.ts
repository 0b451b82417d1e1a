// The review queue, bounded per import: one partner's batch of near-duplicate records once put 29,494 pairs
// in one EPC's queue (issue 9). The pairs an import adds beyond the limit are held back (not stored, not
// queued); the records are kept whatever happens here (a held pair never links anything: REVIEW pairs do not
// link), and the import says how many were held. Ids and counts only, never a value from a record.
import type { EntityManager } from 'typeorm';
import type { ChangeRecord } from '../../audit/access-buffer.js';
import type { ScoredCandidate } from './linker.js';
import { rows } from './match-store.js';

/** The limit on the review pairs one import may add (src/config: REVIEW_QUEUE_MAX_PER_IMPORT). */
export interface ReviewBoundConfig {
  /**
   * Most new review pairs one import may add of each kind: pairs between two of the submitting organisation's own
   * records (its near-duplicates), and pairs with another organisation's record. Null: no limit.
   */
  maxPerImport: number | null;
}

/** No limit (benchmarks, and callers that bound nothing). */
export const NO_BOUND: ReviewBoundConfig = { maxPerImport: null };

/** The warning code an import carries when some of its pairs were held back. */
export const REVIEW_QUEUE_FULL = 'REVIEW_QUEUE_FULL';

/** Audit event: an import's review pairs beyond the limit were held back (counts and ids only). */
export const REVIEW_HELD_EVENT = 'review.pairs_held';

/** What bounding one chunk did. */
export interface ReviewBoundOutcome {
  /** The scored pairs to store: every linked pair, the review pairs already in the queue or decided, and the new ones admitted. */
  admitted: ScoredCandidate[];
  /** New review pairs held back, over every import of the chunk. */
  held: number;
  /** Access-log changes to write with the chunk (one per import that held pairs back). */
  changes: ChangeRecord[];
}

/** Which import a queued record came from, and when. */
interface Origin {
  importId: string | null;
  providerId: string;
  queuedAt: number;
}

/** One import's running counts of the review pairs it added (import_batch), by kind. */
interface ImportCounts {
  provider_organisation_id: string;
  review_own_pairs: number;
  review_own_held: number;
  review_other_pairs: number;
  review_other_held: number;
}

/**
 * Bounds the new review pairs of one chunk (`chunkIds`, still in match_queue) by the import each came from: a
 * pair belongs to the import of its queued record (the later queued, when both are). Each import may add at most
 * `maxPerImport` pairs of each kind, counted over all its chunks (import_batch keeps the running counts); within
 * a chunk the strongest pairs go first, the weakest are held. The number held of each kind is the number the
 * import found beyond the limit, whatever the order its chunks ran in.
 *
 * The two kinds are bounded and reported apart because what the partner may be told must depend only on its own
 * data: how many near-duplicates its own records form is its data (`review_own_held`, shown on `import(id)`);
 * how many records of other organisations resemble its records is not (`review_other_held`, in the access log for
 * administrators only). Pairs already in the queue, or decided, are never held: they are not new.
 */
export async function boundReviewPairs(
  em: EntityManager,
  scored: readonly ScoredCandidate[],
  chunkIds: readonly string[],
  bound: ReviewBoundConfig,
): Promise<ReviewBoundOutcome> {
  const review = scored.filter((s) => s.status === 'REVIEW');
  if (bound.maxPerImport === null || review.length === 0) return { admitted: [...scored], held: 0, changes: [] };

  const origins = new Map(
    (await rows<{ id: string; import_id: string | null; provider_id: string; queued_at: number }>(
      em,
      `SELECT q.source_record_id AS id, q.import_id, sr.provider_organisation_id AS provider_id, extract(epoch FROM q.queued_at)::float8 AS queued_at
         FROM match_queue q JOIN source_record sr ON sr.id = q.source_record_id WHERE q.source_record_id = ANY($1)`,
      [chunkIds],
    )).map((r): [string, Origin] => [r.id, { importId: r.import_id, providerId: r.provider_id, queuedAt: r.queued_at }]),
  );
  const known = await rows<{ a: string; b: string }>(
    em,
    `SELECT mc.record_a_id AS a, mc.record_b_id AS b FROM match_candidate mc
       JOIN unnest($1::uuid[], $2::uuid[]) AS v(a, b) ON mc.record_a_id = v.a AND mc.record_b_id = v.b
      WHERE mc.status IN ('REVIEW', 'CONFIRMED', 'REJECTED')`,
    [review.map((s) => s.a), review.map((s) => s.b)],
  );
  const inQueue = new Set(known.map((k) => `${k.a}|${k.b}`));
  const providers = new Map(
    (await rows<{ id: string; provider_id: string }>(em, 'SELECT id, provider_organisation_id AS provider_id FROM source_record WHERE id = ANY($1)', [
      [...new Set(review.flatMap((s) => [s.a, s.b]))],
    ])).map((r) => [r.id, r.provider_id]),
  );

  // New review pairs by import and kind, strongest first.
  const byImport = new Map<string, { own: ScoredCandidate[]; other: ScoredCandidate[] }>();
  for (const s of review) {
    if (inQueue.has(`${s.a}|${s.b}`)) continue;
    const oa = origins.get(s.a);
    const ob = origins.get(s.b);
    const origin = oa && ob ? (ob.queuedAt > oa.queuedAt ? ob : oa) : (oa ?? ob);
    if (!origin?.importId) continue; // records loaded outside an import (the seed, a backlog run) are not bounded
    const groups = byImport.get(origin.importId) ?? { own: [], other: [] };
    const own = providers.get(s.a) === origin.providerId && providers.get(s.b) === origin.providerId;
    (own ? groups.own : groups.other).push(s);
    byImport.set(origin.importId, groups);
  }
  if (byImport.size === 0) return { admitted: [...scored], held: 0, changes: [] };

  const max = bound.maxPerImport;
  const counts = new Map(
    (await rows<ImportCounts & { id: string }>(
      em,
      `SELECT id, provider_organisation_id, review_own_pairs, review_own_held, review_other_pairs, review_other_held
         FROM import_batch WHERE id = ANY($1) ORDER BY id FOR UPDATE`,
      [[...byImport.keys()]],
    )).map((r) => [r.id, r]),
  );
  const heldPairs = new Set<string>();
  const changes: ChangeRecord[] = [];
  const updates: Array<[string, number, number, number, number]> = [];
  for (const [importId, groups] of byImport) {
    const c = counts.get(importId);
    if (!c) continue;
    const own = admit(groups.own, c.review_own_pairs, max);
    const other = admit(groups.other, c.review_other_pairs, max);
    for (const s of [...own.held, ...other.held]) heldPairs.add(`${s.a}|${s.b}`);
    updates.push([importId, groups.own.length, own.held.length, groups.other.length, other.held.length]);
    if (own.held.length > 0) {
      // The submitting organisation's own near-duplicates: its IG officers see the row.
      changes.push({
        personId: null,
        event: REVIEW_HELD_EVENT,
        providerIds: [c.provider_organisation_id],
        change: { importId, kind: 'OWN_RECORDS', held: own.held.length, limit: max },
      });
    }
    if (other.held.length > 0) {
      // How many other organisations' records resemble these tells of their data: administrators only.
      changes.push({ personId: null, event: REVIEW_HELD_EVENT, change: { importId, kind: 'OTHER_ORGANISATIONS', held: other.held.length, limit: max } });
    }
  }
  await em.query(
    `UPDATE import_batch ib SET review_own_pairs = ib.review_own_pairs + v.own, review_own_held = ib.review_own_held + v.own_held,
            review_other_pairs = ib.review_other_pairs + v.other, review_other_held = ib.review_other_held + v.other_held
       FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::int[]) AS v(id, own, own_held, other, other_held)
      WHERE ib.id = v.id`,
    [updates.map((u) => u[0]), updates.map((u) => u[1]), updates.map((u) => u[2]), updates.map((u) => u[3]), updates.map((u) => u[4])],
  );
  return { admitted: scored.filter((s) => !heldPairs.has(`${s.a}|${s.b}`)), held: heldPairs.size, changes };
}

/** Of `pairs` (one import's new pairs of one kind in this chunk), those admitted while the import has room, strongest first. */
export function admit(pairs: readonly ScoredCandidate[], addedBefore: number, max: number): { admitted: ScoredCandidate[]; held: ScoredCandidate[] } {
  const room = Math.max(0, max - addedBefore);
  const ordered = [...pairs].sort((x, y) => y.score.total - x.score.total || (x.a + x.b < y.a + y.b ? -1 : 1));
  return { admitted: ordered.slice(0, room), held: ordered.slice(room) };
}

/**
 * The warning the partner reads on `import(id)` when its own records formed more new review pairs than one
 * import may add: the count, the limit and what to do, never a record or a value.
 */
export function reviewQueueWarning(ownHeld: number, max: number | null): { code: string; count: number; message: string } | null {
  if (ownHeld <= 0) return null;
  return {
    code: REVIEW_QUEUE_FULL,
    count: ownHeld,
    message:
      `${ownHeld} possible duplicate pairs among your organisation's own records were not put in the review queue: one import may add at most ` +
      `${max ?? 'unlimited'} (REVIEW_QUEUE_MAX_PER_IMPORT). Every record was kept; a record not linked on stronger evidence stands as a young ` +
      'person of its own. So many near-duplicates usually means records entered more than once: check your system for duplicates, then send ' +
      'the corrected records again.',
  };
}
