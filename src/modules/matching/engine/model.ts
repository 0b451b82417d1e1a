// Fellegi–Sunter: m and u probabilities per comparison level, estimated without labels by
// expectation–maximisation over the candidate pairs; a pair's weight is the sum of log2(m/u) over its
// comparisons plus the prior log-odds, with the exact name levels adjusted for how common the value is.
import { compareRecords, type ComparisonVector } from './compare.js';
import { COMPARISONS, levelCount, type ComparisonSpec } from './criteria.js';
import type { StandardRecord } from './standardise.js';

/** m and u per level of one comparison. */
export interface ComparisonParams {
  key: string;
  m: number[];
  u: number[];
}

/** Value frequencies of one term-frequency comparison: counts of values held by two records or more. */
export interface TermFrequencyTable {
  records: number;
  counts: Record<string, number>;
  /** Probability that two random records agree on the value (the average term frequency). */
  randomAgreement: number;
}

/** A trained (or prior) Fellegi–Sunter model. Stored as JSON with the id every decision cites. */
export interface FsModel {
  comparisons: ComparisonParams[];
  /** Share of matches among candidate pairs. */
  lambda: number;
  termFrequencies: Record<string, TermFrequencyTable>;
  training: { records: number; pairs: number; patterns: number; iterations: number; converged: boolean; method: string };
}

/** The score of one pair: per-comparison level and weight, the prior, the total and the match probability. */
export interface PairScore {
  levels: ComparisonVector;
  weights: Float64Array;
  prior: number;
  total: number;
  probability: number;
}

const MIN_P = 1e-5;
const clamp = (p: number): number => Math.min(1 - MIN_P, Math.max(MIN_P, p));

/** Packs a comparison vector into one number (levels -1..7 as base-9 digits) for counting patterns. */
export function patternKey(v: ComparisonVector): number {
  let key = 0;
  for (let i = 0; i < v.length; i++) key = key * 9 + (v[i]! + 1);
  return key;
}

/** Level frequencies among pairs that are almost all non-matches (random pairs): a label-free estimate of u. */
export function levelFrequencies(vectors: Iterable<ComparisonVector>, specs: readonly ComparisonSpec[] = COMPARISONS): number[][] {
  const counts = specs.map((s) => new Array<number>(levelCount(s)).fill(0.5));
  for (const v of vectors) {
    for (let k = 0; k < specs.length; k++) {
      const l = v[k]!;
      if (l >= 0) counts[k]![l]! += 1;
    }
  }
  return counts.map((c) => {
    const total = c.reduce((a, b) => a + b, 0);
    return c.map((x) => clamp(x / total));
  });
}

/** Starting m: most matches agree exactly, a few reach the fuzzy levels, fewer still disagree. */
export function initialM(specs: readonly ComparisonSpec[] = COMPARISONS): number[][] {
  return specs.map((s) => {
    const n = levelCount(s);
    if (n === 2) return [0.9, 0.1];
    const fuzzy = 0.1 / (n - 2);
    return Array.from({ length: n }, (_, l) => (l === 0 ? 0.85 : l === n - 1 ? 0.05 : fuzzy));
  });
}

/** A pattern of levels and how many candidate pairs show it. */
export interface Pattern {
  levels: ComparisonVector;
  count: number;
}

/** Counts the distinct comparison vectors. */
export function countPatterns(vectors: Iterable<ComparisonVector>): Pattern[] {
  const byKey = new Map<number, Pattern>();
  for (const v of vectors) {
    const key = patternKey(v);
    const p = byKey.get(key);
    if (p) p.count++;
    else byKey.set(key, { levels: v, count: 1 });
  }
  return [...byKey.values()];
}

/** Result of EM. */
export interface EmResult {
  m: number[][];
  u: number[][];
  lambda: number;
  iterations: number;
  converged: boolean;
}

/**
 * Expectation–maximisation for the two-class latent model (match / non-match) under conditional
 * independence, on counted patterns. Missing levels (-1) contribute nothing. No labels are used.
 */
export function expectationMaximisation(
  patterns: readonly Pattern[],
  start: { m: number[][]; u: number[][]; lambda: number },
  options: { maxIterations?: number; tolerance?: number; fixU?: boolean } = {},
): EmResult {
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  let m = start.m.map((r) => r.map(clamp));
  let u = start.u.map((r) => r.map(clamp));
  let lambda = clamp(start.lambda);
  const K = m.length;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const mCount = m.map((r) => new Array<number>(r.length).fill(0));
    const uCount = u.map((r) => new Array<number>(r.length).fill(0));
    let matches = 0;
    let total = 0;
    const logM = m.map((r) => r.map(Math.log));
    const logU = u.map((r) => r.map(Math.log));
    const logL = Math.log(lambda);
    const log1L = Math.log(1 - lambda);
    for (const { levels, count } of patterns) {
      let lm = logL;
      let lu = log1L;
      for (let k = 0; k < K; k++) {
        const l = levels[k]!;
        if (l < 0) continue;
        lm += logM[k]![l]!;
        lu += logU[k]![l]!;
      }
      const g = 1 / (1 + Math.exp(lu - lm));
      const gm = g * count;
      const gu = (1 - g) * count;
      matches += gm;
      total += count;
      for (let k = 0; k < K; k++) {
        const l = levels[k]!;
        if (l < 0) continue;
        mCount[k]![l]! += gm;
        uCount[k]![l]! += gu;
      }
    }
    const normalise = (counts: number[][]): number[][] =>
      counts.map((row) => {
        const s = row.reduce((a, b) => a + b, 0) + 0.01 * row.length;
        return row.map((x) => clamp((x + 0.01) / s));
      });
    const nextM = normalise(mCount);
    const nextU = options.fixU ? u : normalise(uCount);
    const nextLambda = clamp(matches / Math.max(1, total));
    let change = Math.abs(nextLambda - lambda);
    for (let k = 0; k < K; k++) {
      for (let l = 0; l < m[k]!.length; l++) {
        change = Math.max(change, Math.abs(nextM[k]![l]! - m[k]![l]!), Math.abs(nextU[k]![l]! - u[k]![l]!));
      }
    }
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  return { m, u, lambda, iterations, converged };
}

/** Counts the values of the term-frequency comparisons over a population of records. */
export function termFrequencyTables(records: readonly StandardRecord[], specs: readonly ComparisonSpec[] = COMPARISONS): Record<string, TermFrequencyTable> {
  const tables: Record<string, TermFrequencyTable> = {};
  for (const spec of specs) {
    if (!spec.termFrequency) continue;
    const counts = new Map<string, number>();
    let n = 0;
    for (const r of records) {
      const v = r[spec.field];
      if (typeof v !== 'string') continue;
      n++;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    let agreement = 0;
    const kept: Record<string, number> = {};
    for (const [v, c] of counts) {
      agreement += (c / n) * (c / n);
      if (c >= 2) kept[v] = c;
    }
    tables[spec.key] = { records: n, counts: kept, randomAgreement: n > 0 ? Math.max(agreement, 1 / n) : 1 };
  }
  return tables;
}

/** Everything needed to train a model on a population held in memory. */
export interface TrainingInput {
  records: readonly StandardRecord[];
  /** Candidate pairs from blocking, as record-index pairs. */
  pairs: Iterable<readonly [number, number]>;
  /** Random record-index pairs for the starting u (almost all non-matches; no labels). */
  randomPairs: Iterable<readonly [number, number]>;
  specs?: readonly ComparisonSpec[];
}

/** Trains a model: u started from random pairs, then m, u and λ by EM on the candidate pairs. */
export function trainModel(input: TrainingInput): FsModel {
  const specs = input.specs ?? COMPARISONS;
  const { records } = input;
  const vectors: ComparisonVector[] = [];
  for (const [a, b] of input.pairs) vectors.push(compareRecords(specs, records[a]!, records[b]!));
  const randomVectors: ComparisonVector[] = [];
  for (const [a, b] of input.randomPairs) randomVectors.push(compareRecords(specs, records[a]!, records[b]!));
  return trainModelFromVectors(vectors, randomVectors, termFrequencyTables(records, specs), records.length, specs);
}

/** Trains a model from comparison vectors already computed (batch matching reuses them for scoring). */
export function trainModelFromVectors(
  vectors: readonly ComparisonVector[],
  randomVectors: readonly ComparisonVector[],
  termFrequencies: Record<string, TermFrequencyTable>,
  records: number,
  specs: readonly ComparisonSpec[] = COMPARISONS,
): FsModel {
  const patterns = countPatterns(vectors);
  const em = expectationMaximisation(patterns, { m: initialM(specs), u: levelFrequencies(randomVectors, specs), lambda: 0.2 });
  return {
    comparisons: specs.map((s, k) => ({ key: s.key, m: em.m[k]!, u: em.u[k]! })),
    lambda: em.lambda,
    termFrequencies,
    training: {
      records,
      pairs: vectors.length,
      patterns: patterns.length,
      iterations: em.iterations,
      converged: em.converged,
      method: 'EM on candidate pairs, u started from random pairs',
    },
  };
}

/** Pre-computed weights of a model, for scoring many pairs quickly. */
export interface CompiledModel {
  model: FsModel;
  specs: readonly ComparisonSpec[];
  /** log2(m/u) per comparison and level. */
  weights: number[][];
  prior: number;
}

/** Turns a model into weight tables aligned with the comparison specs (by key). */
export function compileModel(model: FsModel, specs: readonly ComparisonSpec[] = COMPARISONS): CompiledModel {
  const weights = specs.map((s) => {
    const p = model.comparisons.find((c) => c.key === s.key);
    if (!p || p.m.length !== levelCount(s)) return new Array<number>(levelCount(s)).fill(0);
    return p.m.map((m, l) => Math.log2(m / p.u[l]!));
  });
  return { model, specs, weights, prior: Math.log2(model.lambda / (1 - model.lambda)) };
}

/** The term-frequency adjustment of an exact agreement on `value`: rare values count for more, common ones for less. */
export function termFrequencyAdjustment(table: TermFrequencyTable | undefined, value: string): number {
  if (!table || table.records === 0) return 0;
  const count = table.counts[value] ?? 1;
  const frequency = Math.max(count, 1) / table.records;
  return Math.log2(table.randomAgreement / frequency);
}

/** Scores a pair with a compiled model. */
export function scorePair(cm: CompiledModel, a: StandardRecord, b: StandardRecord, levels?: ComparisonVector): PairScore {
  const v = levels ?? compareRecords(cm.specs, a, b);
  const weights = new Float64Array(v.length);
  let total = cm.prior;
  for (let k = 0; k < v.length; k++) {
    const l = v[k]!;
    if (l < 0) continue;
    let w = cm.weights[k]![l]!;
    const spec = cm.specs[k]!;
    if (l === 0 && spec.termFrequency) {
      const value = a[spec.field];
      if (typeof value === 'string') w += termFrequencyAdjustment(cm.model.termFrequencies[spec.key], value);
    }
    weights[k] = w;
    total += w;
  }
  return { levels: v, weights, prior: cm.prior, total, probability: 1 / (1 + 2 ** -total) };
}
