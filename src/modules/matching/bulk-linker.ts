// Linking a large batch at once (an initial load, a big import): the same standardisation, blocking,
// model and clustering as chunk linking, but the comparisons run in memory over the whole batch and the
// results are written with a few multi-row statements, in one transaction under the matching lock.
import type { EntityManager } from 'typeorm';
import { candidatePairs, hashedKeysWithRules, packPair, unpackPair, type BlockingRule } from './engine/blocking.js';
import { comparePairs, decodePattern } from './engine/compare.js';
import { COMPARISONS } from './engine/criteria.js';
import { decidePair, sharesStrongIdentifier } from './engine/decision.js';
import { compileModel, countPatternKeys, PatternScorer, scorePair, trainModel } from './engine/model.js';
import { randomPairs } from './engine/pipeline.js';
import { standardise, type StandardRecord } from './engine/standardise.js';
import { recluster, upsertCandidates, type LinkOutcome, type ScoredCandidate } from './linker.js';
import { thresholdsOf, type MatchingConfig } from './matching.config.js';
import { loadIdentities, rows, storeFeatures } from './match-store.js';
import { modelInForce, shouldTrain, type ModelInForce } from './model-store.js';
import { NO_MOVES } from './person-changes.js';
import { boundReviewPairs, NO_BOUND, type ReviewBoundConfig } from './review-bound.js';

/** Links every record queued (for one import, or all) in one pass; the matching lock must be held. */
export async function bulkLink(
  em: EntityManager,
  importId: string | null,
  config: MatchingConfig,
  bound: ReviewBoundConfig = NO_BOUND,
): Promise<LinkOutcome & { trained: boolean; ms: Record<string, number> }> {
  const ms: Record<string, number> = {};
  let lap = performance.now();
  const timed = (stage: string): void => {
    const now = performance.now();
    ms[stage] = Math.round(now - lap);
    lap = now;
  };
  const pending = await loadIdentities(em, null, importId);
  const empty = { records: 0, candidatePairs: 0, linked: 0, review: 0, reviewHeld: 0, peopleCreated: 0, peopleMerged: 0, trained: false, ms, people: NO_MOVES, reviewChanges: [] };
  if (pending.length === 0) return empty;
  const matched = await storedPopulation(em);
  const pendingRecords = pending.map((p) => standardise(p));
  timed('load');

  let model: ModelInForce = await modelInForce(em);
  const train = shouldTrain(matched.length + pending.length, model, config);
  // Training needs the whole population in memory; otherwise only the records sharing a blocking key with the
  // batch are read (the stored keys say which), and the pairs are exactly those the whole population would give.
  const gathered = train ? await wholePopulation(em, matched, pendingRecords, config) : await candidatesOf(em, matched, pendingRecords, config);
  const { records, firstPending, pairList } = gathered;
  const ids = [...gathered.existing.map((e) => e.id), ...pending.map((p) => p.id)];
  const versions = [...gathered.existing.map((e) => e.version), ...pending.map((p) => p.version)];
  timed('block');
  const keys = comparePairs(COMPARISONS, records, pairList);
  timed('compare');

  let trained = false;
  if (train) {
    const fs = trainModel({
      records,
      candidatePatterns: countPatternKeys(keys, COMPARISONS.length),
      randomPairs: randomPairs(records.length, Math.min(50_000, records.length * 5)),
      maxBlock: config.maxBlock,
    });
    await em.query('UPDATE match_model SET active = false WHERE active');
    const [row] = await rows<{ id: string }>(em, 'INSERT INTO match_model (params, active, records, pairs) VALUES ($1, true, $2, $3) RETURNING id', [
      JSON.stringify(fs),
      records.length,
      fs.training.pairs,
    ]);
    model = { id: row!.id, compiled: compileModel(fs, COMPARISONS), trainedOnRecords: records.length };
    trained = true;
    timed('train');
  }

  const scorer = new PatternScorer(model.compiled, records);
  const thresholds = thresholdsOf(config);
  const scored: ScoredCandidate[] = [];
  for (let i = 0; i < pairList.length; i++) {
    let [x, y] = pairList[i]!;
    const shares = sharesStrongIdentifier(records[x]!, records[y]!);
    if (!shares && scorer.total(x, keys[i]!) < config.reviewWeight) continue;
    if (ids[x]! > ids[y]!) [x, y] = [y, x];
    const fa = records[x]!;
    const fb = records[y]!;
    const score = scorePair(model.compiled, fa, fb, decodePattern(keys[i]!, COMPARISONS.length));
    const { status, rule } = decidePair(COMPARISONS, fa, fb, score, thresholds);
    if (!status) continue;
    scored.push({ a: ids[x]!, b: ids[y]!, versionA: versions[x]!, versionB: versions[y]!, score, rule, status });
  }
  timed('score');

  const pendingIds = pending.map((p) => p.id);
  // New review pairs beyond what their import may add are held back (before the old evidence goes below).
  const bounded = await boundReviewPairs(em, scored, pendingIds, bound);
  const stored = bounded.admitted;
  // A batch as large as the population already matched: building the keys' index once afterwards is far
  // cheaper than growing it row by row (the drop is part of this transaction, so a crash restores it).
  const rebuildIndex = pending.length >= matched.length;
  // Through a function that runs as the table's owner (the hub's database role owns no table).
  if (rebuildIndex) await em.query('SELECT match_record_block_keys_index(false)');
  await storeFeatures(em, pending.map((p, j) => ({ id: p.id, version: p.version, features: records[firstPending + j]! })));
  if (rebuildIndex) await em.query('SELECT match_record_block_keys_index(true)');
  timed('store features');

  await em.query(
    `DELETE FROM match_candidate mc USING unnest($1::uuid[]) AS p(id)
      WHERE mc.status IN ('LINKED','REVIEW') AND (mc.record_a_id = p.id OR mc.record_b_id = p.id)`,
    [pendingIds],
  );
  await upsertCandidates(em, stored, model.id);
  timed('store evidence');

  const partners = stored.filter((s) => s.status === 'LINKED').flatMap((s) => [s.a, s.b]);
  const result = await recluster(em, [...pendingIds, ...partners], null, { model, config, features: new Map(ids.map((id, i) => [id, records[i]!])) });

  await em.query(
    `DELETE FROM match_queue q USING unnest($1::uuid[], $2::int[]) AS v(id, version) WHERE q.source_record_id = v.id AND q.version = v.version`,
    [pendingIds, pending.map((p) => p.queued ?? p.version)],
  );
  timed('cluster');
  return {
    records: pending.length,
    candidatePairs: pairList.length,
    linked: stored.filter((s) => s.status === 'LINKED').length,
    review: stored.filter((s) => s.status === 'REVIEW').length,
    reviewHeld: bounded.held,
    peopleCreated: result.peopleCreated,
    peopleMerged: result.peopleMerged,
    trained,
    ms,
    people: result,
    reviewChanges: bounded.changes,
  };
}

/** A record already matched: its id, version and stored hashed blocking keys (comma-separated). */
export interface StoredRecord {
  id: string;
  version: number;
  keys: string;
}

/**
 * Every record already matched (none waiting in the queue), with its stored blocking keys, in a stable order
 * (partner, then reference): the same records give the same model and people every run.
 */
export function storedPopulation(em: EntityManager): Promise<StoredRecord[]> {
  return rows<StoredRecord>(
    em,
    `SELECT mr.source_record_id AS id, mr.version, array_to_string(mr.block_keys, ',') AS keys FROM match_record mr
       JOIN source_record sr ON sr.id = mr.source_record_id JOIN organisation o ON o.id = sr.provider_organisation_id
      WHERE NOT EXISTS (SELECT 1 FROM match_queue q WHERE q.source_record_id = mr.source_record_id)
      ORDER BY o.code, sr.partner_reference`,
  );
}

/** Records in memory for one bulk pass: the existing ones read (in the stable order), then the batch's; the candidate pairs by index. */
export interface Gathered {
  existing: Array<{ id: string; version: number }>;
  records: StandardRecord[];
  firstPending: number;
  pairList: Array<[number, number]>;
}

/** The whole population in memory (training needs it), blocked afresh. */
export async function wholePopulation(
  em: EntityManager,
  stored: ReadonlyArray<{ id: string; version: number }>,
  pendingRecords: StandardRecord[],
  config: MatchingConfig,
): Promise<Gathered> {
  const features = await featuresOf(em, stored.map((s) => s.id));
  const records = [...stored.map((s) => features.get(s.id)!), ...pendingRecords];
  const firstPending = stored.length;
  const { pairs } = candidatePairs(records, { maxBlock: config.maxBlock, onlyAcross: (a, b) => a >= firstPending || b >= firstPending });
  return { existing: [...stored], records, firstPending, pairList: [...pairs].map(unpackPair) };
}

/**
 * Only the existing records sharing a blocking key with the batch (found from their stored hashed keys), and the
 * pairs blocking would make over the whole population with at least one record of the batch: a block counts
 * all its members towards the size limit, the existing ones as stored.
 */
export async function candidatesOf(
  em: EntityManager,
  stored: readonly StoredRecord[],
  pendingRecords: StandardRecord[],
  config: MatchingConfig,
): Promise<Gathered> {
  // Blocks by hashed key (as stored, in decimal): the batch's members and the stored records'.
  const blocks = new Map<string, { rule: BlockingRule; pending: number[]; stored: number[] }>();
  pendingRecords.forEach((r, j) => {
    for (const [key, rule] of hashedKeysWithRules(r)) {
      const k = String(key);
      const block = blocks.get(k);
      if (block) block.pending.push(j);
      else blocks.set(k, { rule, pending: [j], stored: [] });
    }
  });
  stored.forEach((s, e) => {
    if (s.keys === '') return;
    for (const k of s.keys.split(',')) blocks.get(k)?.stored.push(e);
  });
  const usable = [...blocks.values()].filter((b) => b.pending.length + b.stored.length >= 2 && b.pending.length + b.stored.length <= config.maxBlock);
  // The stored records needed, kept in their stable order.
  const needed = new Set<number>();
  for (const b of usable) for (const e of b.stored) needed.add(e);
  const chosen = [...needed].sort((x, y) => x - y);
  const indexOf = new Map(chosen.map((e, i) => [e, i]));
  const existing = chosen.map((e) => ({ id: stored[e]!.id, version: stored[e]!.version }));
  const features = await featuresOf(em, existing.map((e) => e.id));
  const records = [...existing.map((e) => features.get(e.id)!), ...pendingRecords];
  const firstPending = existing.length;
  const pairs = new Set<number>();
  for (const b of usable) {
    const members = [...b.stored.map((e) => indexOf.get(e)!), ...b.pending.map((j) => firstPending + j)];
    const only = b.rule.onlyPairsWith;
    if (only) {
      for (const x of members) {
        if (!only(records[x]!)) continue;
        for (const y of members) if (x !== y && (x >= firstPending || y >= firstPending)) pairs.add(packPair(x, y));
      }
      continue;
    }
    // Pairs with at least one record of the batch (the stored ones come first).
    const firstOfBatch = b.stored.length;
    for (let y = firstOfBatch; y < members.length; y++) for (let x = 0; x < y; x++) pairs.add(packPair(members[x]!, members[y]!));
  }
  return { existing, records, firstPending, pairList: [...pairs].map(unpackPair) };
}

/** Stored features by record id. */
async function featuresOf(em: EntityManager, ids: readonly string[]): Promise<Map<string, StandardRecord>> {
  const out = new Map<string, StandardRecord>();
  for (let i = 0; i < ids.length; i += 50_000) {
    for (const r of await rows<{ id: string; features: StandardRecord }>(
      em,
      'SELECT source_record_id AS id, features FROM match_record WHERE source_record_id = ANY($1::uuid[])',
      [ids.slice(i, i + 50_000)],
    )) out.set(r.id, r.features);
  }
  return out;
}
