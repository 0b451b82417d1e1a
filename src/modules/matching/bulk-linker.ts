// Linking a large batch at once (an initial load, a big import): the same standardisation, blocking,
// model and clustering as chunk linking, but the comparisons run in memory over the whole batch and the
// results are written with a few multi-row statements, in one transaction under the matching lock.
import type { EntityManager } from 'typeorm';
import { candidatePairs, unpackPair } from './engine/blocking.js';
import { comparePairs, decodePattern } from './engine/compare.js';
import { COMPARISONS, isCorroborated } from './engine/criteria.js';
import { compileModel, countPatternKeys, PatternScorer, scorePair, trainModel } from './engine/model.js';
import { identifierLinkStands, randomPairs, sharesStrongIdentifier } from './engine/pipeline.js';
import { standardise, type StandardRecord } from './engine/standardise.js';
import { recluster, upsertCandidates, type LinkOutcome, type ScoredCandidate } from './linker.js';
import type { MatchingConfig } from './matching.config.js';
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
  const existing = await rows<{ id: string; version: number; features: StandardRecord }>(
    em,
    `SELECT mr.source_record_id AS id, mr.version, mr.features FROM match_record mr
      WHERE NOT EXISTS (SELECT 1 FROM match_queue q WHERE q.source_record_id = mr.source_record_id)
      ORDER BY mr.source_record_id`,
  );
  timed('load');

  const ids = [...existing.map((e) => e.id), ...pending.map((p) => p.id)];
  const versions = [...existing.map((e) => e.version), ...pending.map((p) => p.version)];
  const records: StandardRecord[] = existing.map((e) => e.features);
  for (const p of pending) records.push(standardise(p));
  const firstPending = existing.length;
  timed('standardise');

  const { pairs } = candidatePairs(records, { maxBlock: config.maxBlock, onlyAcross: (a, b) => a >= firstPending || b >= firstPending });
  const pairList = [...pairs].map(unpackPair);
  const keys = comparePairs(COMPARISONS, records, pairList);
  timed('compare');

  let model: ModelInForce = await modelInForce(em);
  let trained = false;
  if (shouldTrain(records.length, model, config)) {
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
  const scored: ScoredCandidate[] = [];
  for (let i = 0; i < pairList.length; i++) {
    let [x, y] = pairList[i]!;
    const shares = sharesStrongIdentifier(records[x]!, records[y]!);
    if (!shares && scorer.total(x, keys[i]!) < config.reviewWeight) continue;
    if (ids[x]! > ids[y]!) [x, y] = [y, x];
    const fa = records[x]!;
    const fb = records[y]!;
    const score = scorePair(model.compiled, fa, fb, decodePattern(keys[i]!, COMPARISONS.length));
    const identifier = shares && identifierLinkStands(score, COMPARISONS, config.identifierFloor);
    let status: ScoredCandidate['status'] | null = null;
    if (identifier || (score.total >= config.linkWeight && isCorroborated(COMPARISONS, score.levels))) status = 'LINKED';
    else if (score.total >= config.reviewWeight || shares) status = 'REVIEW';
    if (!status) continue;
    const rule = identifier ? (fa.upn !== null && fa.upn === fb.upn ? 'UPN' : 'ULN') : 'SCORED';
    scored.push({ a: ids[x]!, b: ids[y]!, versionA: versions[x]!, versionB: versions[y]!, score, rule, status });
  }
  timed('score');

  const pendingIds = pending.map((p) => p.id);
  // New review pairs beyond what their import may add are held back (before the old evidence goes below).
  const bounded = await boundReviewPairs(em, scored, pendingIds, bound);
  const stored = bounded.admitted;
  // A batch as large as the population already matched: building the keys' index once afterwards is far
  // cheaper than growing it row by row (the drop is part of this transaction, so a crash restores it).
  const rebuildIndex = pending.length >= existing.length;
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
  const result = await recluster(em, [...pendingIds, ...partners], null);
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
