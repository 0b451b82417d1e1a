// The matching pipeline on records held in memory: block, compare, (train,) score and cluster.
// Batch matching in the workers and the benchmarks run exactly this; incremental matching runs the
// same steps for one record against candidates read from PostgreSQL.
import { candidatePairs, unpackPair, type BlockingRule } from './blocking.js';
import { clusterRecords, type ClusterEdge } from './clustering.js';
import { comparePairs, decodePattern } from './compare.js';
import { COMPARISONS, isCorroborated, type ComparisonSpec } from './criteria.js';
import { compileModel, countPatternKeys, PatternScorer, scorePair, trainModel, type CompiledModel, type FsModel, type PairScore } from './model.js';
import type { StandardRecord } from './standardise.js';

/** Match thresholds on the total weight (posterior log2-odds): link above `link`, review between. */
export interface Thresholds {
  link: number;
  review: number;
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

/** One scored candidate pair. */
export interface ScoredPair {
  a: number;
  b: number;
  score: PairScore;
  /** True when the pair shares a valid UPN or ULN (the exact-link stage). */
  identifier: boolean;
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

/** True when the pair shares a valid UPN or ULN. */
export function sharesStrongIdentifier(a: StandardRecord, b: StandardRecord): boolean {
  return (a.upn !== null && a.upn === b.upn) || (a.uln !== null && a.uln === b.uln);
}

/** Whether an identifier link stands: the rest of the evidence (prior aside) must not flatly contradict it. */
export function identifierLinkStands(score: PairScore, specs: readonly ComparisonSpec[], floor: number): boolean {
  let rest = 0;
  for (let k = 0; k < specs.length; k++) if (!specs[k]!.strongIdentifier) rest += score.weights[k]!;
  return rest >= floor;
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
  const kept: ScoredPair[] = [];
  const edges: ClusterEdge[] = [];
  const floor = options.identifierFloor ?? -10;
  for (let i = 0; i < pairList.length; i++) {
    const [a, b] = pairList[i]!;
    const shares = sharesStrongIdentifier(records[a]!, records[b]!);
    const total = scorer.total(a, keys[i]!);
    if (!shares && total < options.thresholds.review) continue;
    const score = scorePair(cm, records[a]!, records[b]!, decodePattern(keys[i]!, specs.length));
    const identifier = shares && identifierLinkStands(score, specs, floor);
    if (identifier || score.total >= options.thresholds.review) kept.push({ a, b, score, identifier });
    if (identifier) edges.push({ a: String(a), b: String(b), kind: 'IDENTIFIER', weight: score.total });
    else if (score.total >= options.thresholds.link && isCorroborated(specs, score.levels)) edges.push({ a: String(a), b: String(b), kind: 'SCORED', weight: score.total });
  }
  lap('scoring');
  const nodes = records.map((r, i) => ({ id: String(i), upn: r.upn, uln: r.uln }));
  const cannot = (options.cannotLink ?? []).map(([a, b]) => [String(a), String(b)] as const);
  const { groupOf, refused } = clusterRecords(nodes, edges, cannot);
  const groups = records.map((_, i) => Number(groupOf.get(String(i))));
  lap('clustering');
  return { model, candidatePairs: pairList.length, skippedBlocks, pairs: kept, groups, refused: refused.length, timings };
}
