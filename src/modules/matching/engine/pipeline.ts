// The matching pipeline on records held in memory: block, compare, (train,) score and cluster.
// Batch matching in the workers and the benchmarks run exactly this; incremental matching runs the
// same steps for one record against candidates read from PostgreSQL.
import { candidatePairs, unpackPair, type BlockingRule } from './blocking.js';
import { clusterRecords, type ClusterEdge, type PairEvidence } from './clustering.js';
import { comparePairs, decodePattern } from './compare.js';
import { COMPARISONS, type ComparisonSpec } from './criteria.js';
import { decidePair, looksLikeTwins, sharesStrongIdentifier, type DecisionThresholds, type PairDecision } from './decision.js';
import { compileModel, countPatternKeys, PatternScorer, scorePair, trainModel, type CompiledModel, type FsModel, type PairScore } from './model.js';
import type { StandardRecord } from './standardise.js';

export { identifierLinkStands, sharesStrongIdentifier } from './decision.js';

/** Match thresholds on the total weight (posterior log2-odds): link above `link`, review between; a pair below `conflict` contradicts a chain through it. */
export interface Thresholds extends Partial<DecisionThresholds> {
  link: number;
  review: number;
  /** Below this weight two records conflict: no chain of links may join them (default: 14 below `review`). */
  conflict?: number;
}

/** The full thresholds, defaults filled in. */
export function fullThresholds(t: Thresholds): DecisionThresholds & { conflict: number } {
  return { link: t.link, review: t.review, identifierFloor: t.identifierFloor ?? -10, conflict: t.conflict ?? t.review - 14 };
}

/**
 * The evidence between two records for clustering: their total weight, and a conflict when they look like twins
 * or weigh below the conflict threshold (the model is sure they are two people).
 */
export function pairEvidence(cm: CompiledModel, a: StandardRecord, b: StandardRecord, conflictWeight: number): PairEvidence {
  const score = scorePair(cm, a, b);
  const conflict = !sharesStrongIdentifier(a, b) && (score.total < conflictWeight || looksLikeTwins(cm.specs, score.levels));
  return { weight: score.total, conflict };
}

/** A deterministic pseudo-random generator (mulberry32) for sampling random pairs reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Up to `count` random distinct-record pairs (mostly non-matches), for the label-free starting u. */
export function randomPairs(n: number, count: number, seed = 1): Array<[number, number]> {
  const rnd = seededRandom(seed);
  const out: Array<[number, number]> = [];
  if (n < 2) return out;
  for (let i = 0; i < count; i++) {
    const a = Math.floor(rnd() * n);
    let b = Math.floor(rnd() * (n - 1));
    if (b >= a) b++;
    out.push([a, b]);
  }
  return out;
}

/** One scored candidate pair and what was decided for it. */
export interface ScoredPair {
  a: number;
  b: number;
  score: PairScore;
  decision: PairDecision;
}

/** What the in-memory pipeline produced. */
export interface PipelineResult {
  model: FsModel;
  candidatePairs: number;
  skippedBlocks: number;
  /** Pairs at or above the review threshold, or sharing a strong identifier. */
  pairs: ScoredPair[];
  /** A group label per record index. */
  groups: number[];
  refused: number;
  timings: Record<string, number>;
}

/** Runs the whole pipeline on records in memory; trains a model on them unless one is given. */
export function runPipeline(
  records: readonly StandardRecord[],
  options: {
    thresholds: Thresholds;
    model?: FsModel;
    rules?: readonly BlockingRule[];
    specs?: readonly ComparisonSpec[];
    maxBlock?: number;
    identifierFloor?: number;
    randomPairCount?: number;
    onlyAcross?: (a: number, b: number) => boolean;
    cannotLink?: ReadonlyArray<readonly [number, number]>;
    /** The source of each record when that source holds each person once (a register), else null. */
    registerOf?: (i: number) => string | null;
  },
): PipelineResult {
  const specs = options.specs ?? COMPARISONS;
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };
  const { pairs: packed, skippedBlocks } = candidatePairs(records, { rules: options.rules, maxBlock: options.maxBlock, onlyAcross: options.onlyAcross });
  lap('blocking');
  const pairList = [...packed].map(unpackPair);
  const keys = comparePairs(specs, records, pairList);
  lap('comparing');
  let model = options.model;
  if (!model) {
    model = trainModel({
      records,
      candidatePatterns: countPatternKeys(keys, specs.length),
      randomPairs: randomPairs(records.length, options.randomPairCount ?? 50_000),
      specs,
      maxBlock: options.maxBlock,
    });
    lap('training');
  }
  const cm: CompiledModel = compileModel(model, specs);
  const scorer = new PatternScorer(cm, records);
  const thresholds = fullThresholds({ ...options.thresholds, identifierFloor: options.identifierFloor ?? options.thresholds.identifierFloor });
  const kept: ScoredPair[] = [];
  const edges: ClusterEdge[] = [];
  for (let i = 0; i < pairList.length; i++) {
    const [a, b] = pairList[i]!;
    const shares = sharesStrongIdentifier(records[a]!, records[b]!);
    if (!shares && scorer.total(a, keys[i]!) < thresholds.review) continue;
    const score = scorePair(cm, records[a]!, records[b]!, decodePattern(keys[i]!, specs.length));
    const decision = decidePair(specs, records[a]!, records[b]!, score, thresholds);
    if (decision.status === null) continue;
    kept.push({ a, b, score, decision });
    if (decision.status === 'LINKED') edges.push({ a: String(a), b: String(b), kind: decision.rule === 'SCORED' ? 'SCORED' : 'IDENTIFIER', weight: score.total });
  }
  lap('scoring');
  const nodes = records.map((r, i) => ({ id: String(i), upn: r.upn, uln: r.uln, register: options.registerOf?.(i) ?? null, key: String(i).padStart(8, '0') }));
  const cannot = (options.cannotLink ?? []).map(([a, b]) => [String(a), String(b)] as const);
  const { groupOf, refused } = clusterRecords(nodes, edges, cannot, {
    evidence: (x, y) => pairEvidence(cm, records[Number(x)]!, records[Number(y)]!, thresholds.conflict),
    linkWeight: thresholds.link,
  });
  const groups = records.map((_, i) => Number(groupOf.get(String(i))));
  lap('clustering');
  return { model, candidatePairs: pairList.length, skippedBlocks, pairs: kept, groups, refused: refused.length, timings };
}
