// Fellegi–Sunter: m and u probabilities per comparison level, estimated without labels by
// expectation–maximisation over the candidate pairs; a pair's weight is the sum of log2(m/u) over its
// comparisons plus the prior log-odds, with the exact name levels adjusted for how common the value is.
import { compareRecords, decodePattern, patternKey, type ComparisonVector } from './compare.js';
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
  /** Probability that two records picked at random are a match (the prior of every pair). */
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

const MIN_P = 1e-6;
const clamp = (p: number): number => Math.min(1 - MIN_P, Math.max(MIN_P, p));


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

/** Counts distinct pattern keys (as made by comparePairs). */
export function countPatternKeys(keys: Float64Array, length: number): Pattern[] {
  const counts = new Map<number, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, count]) => ({ levels: decodePattern(k, length), count }));
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
  options: { maxIterations?: number; tolerance?: number; fixU?: boolean; fixM?: boolean } = {},
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
    const nextM = options.fixM ? m : normalise(mCount);
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

/** A training block: pairs agreeing on its key are compared on every other comparison (the ones it names are left out). */
export interface TrainingRule {
  name: string;
  key(r: StandardRecord): string | null;
  /** Comparisons whose m cannot be learnt from pairs that agree on the key by construction. */
  excludes: readonly string[];
}

/** The training blocks: each leaves out what it blocks on, and together they cover every comparison. */
export const TRAINING_RULES: readonly TrainingRule[] = [
  { name: 'same date of birth', key: (r) => r.d, excludes: ['dateOfBirth'] },
  { name: 'same given and family name', key: (r) => (r.g && r.f ? `${r.g}|${r.f}` : null), excludes: ['givenName', 'familyName', 'middleNames'] },
  { name: 'same postcode', key: (r) => r.pc, excludes: ['postcode', 'houseNumber', 'street', 'locality'] },
];

/** Pairs agreeing on a training key (blocks larger than `maxBlock` skipped, at most `maxPairs` kept, deterministically). */
export function trainingPairs(records: readonly StandardRecord[], rule: TrainingRule, maxBlock: number, maxPairs: number): Array<[number, number]> {
  const blocks = new Map<string, number[]>();
  records.forEach((r, i) => {
    const k = rule.key(r);
    if (k === null) return;
    const list = blocks.get(k);
    if (list) list.push(i);
    else blocks.set(k, [i]);
  });
  const pairs: Array<[number, number]> = [];
  for (const members of blocks.values()) {
    if (members.length < 2 || members.length > maxBlock) continue;
    for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) pairs.push([members[x]!, members[y]!]);
  }
  if (pairs.length <= maxPairs) return pairs;
  const step = pairs.length / maxPairs;
  return Array.from({ length: maxPairs }, (_, i) => pairs[Math.floor(i * step)]!);
}

/** Everything needed to train a model on a population held in memory. */
export interface TrainingInput {
  records: readonly StandardRecord[];
  /** Counted comparison patterns of the candidate pairs from blocking (for the prior). */
  candidatePatterns: readonly Pattern[];
  /** Random record-index pairs (almost all non-matches; no labels). */
  randomPairs: ReadonlyArray<readonly [number, number]>;
  specs?: readonly ComparisonSpec[];
  rules?: readonly TrainingRule[];
  maxBlock?: number;
  maxPairsPerRule?: number;
}

/**
 * Trains a model without labels: u from random pairs (which are almost all non-matches); m by EM on each
 * training block with u held, leaving out the comparisons the block agrees on by construction, averaged
 * over the blocks; then λ, the share of matches among the candidate pairs, by EM with m and u held.
 */
export function trainModel(input: TrainingInput): FsModel {
  const specs = input.specs ?? COMPARISONS;
  const rules = input.rules ?? TRAINING_RULES;
  const { records } = input;
  const random = input.randomPairs.map(([a, b]) => compareRecords(specs, records[a]!, records[b]!));
  const u = levelFrequencies(random, specs);
  const mSum = specs.map((s) => new Array<number>(levelCount(s)).fill(0));
  const mRuns = specs.map(() => 0);
  let iterations = 0;
  let converged = true;
  let trainingPairsUsed = 0;
  for (const rule of rules) {
    const excluded = new Set(rule.excludes);
    const pairs = trainingPairs(records, rule, input.maxBlock ?? 300, input.maxPairsPerRule ?? 200_000);
    if (pairs.length < 10) continue;
    trainingPairsUsed += pairs.length;
    const vectors = pairs.map(([a, b]) => {
      const v = compareRecords(specs, records[a]!, records[b]!);
      specs.forEach((spec, k) => {
        if (excluded.has(spec.key)) v[k] = -1;
      });
      return v;
    });
    const em = expectationMaximisation(countPatterns(vectors), { m: initialM(specs), u, lambda: 0.1 }, { fixU: true });
    iterations += em.iterations;
    converged &&= em.converged;
    specs.forEach((spec, k) => {
      if (excluded.has(spec.key)) return;
      // A comparison never present in this block teaches nothing here.
      if (!vectors.some((v) => v[k]! >= 0)) return;
      em.m[k]!.forEach((m, l) => (mSum[k]![l]! += m));
      mRuns[k]!++;
    });
  }
  const start = initialM(specs);
  const m = mSum.map((row, k) => (mRuns[k]! > 0 ? row.map((x) => clamp(x / mRuns[k]!)) : start[k]!));
  // The weights are log2(m/u) with u from random pairs, so the prior must be that of a random pair too:
  // the share of matches EM finds among the candidate pairs, spread over all pairs (blocking is assumed
  // to keep nearly every match). A prior taken over candidate pairs alone would count the agreement that
  // made a pair a candidate twice.
  const onCandidates = expectationMaximisation(input.candidatePatterns, { m, u, lambda: 0.1 }, { fixU: true, fixM: true });
  const candidates = input.candidatePatterns.reduce((n, p) => n + p.count, 0);
  const allPairs = (records.length * (records.length - 1)) / 2;
  const lambda = Math.min(0.5, Math.max(1e-12, (onCandidates.lambda * candidates) / Math.max(1, allPairs)));
  return {
    comparisons: specs.map((s, k) => ({ key: s.key, m: m[k]!, u: u[k]! })),
    lambda,
    termFrequencies: termFrequencyTables(records, specs),
    training: {
      records: records.length,
      pairs: trainingPairsUsed,
      patterns: input.candidatePatterns.length,
      iterations,
      converged,
      method: 'u from random pairs; m by EM per training block (u held); λ by EM on candidate pairs',
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

/**
 * Fast scoring of many pairs of one population: the weight of each distinct pattern is computed once,
 * and the term-frequency adjustment of each record once, so scoring a pair is two lookups and a sum.
 */
export class PatternScorer {
  private readonly byPattern = new Map<number, { base: number; tfAt: number[] }>();
  private readonly tf = new Map<number, Float64Array>();

  constructor(
    private readonly cm: CompiledModel,
    records: readonly StandardRecord[],
  ) {
    cm.specs.forEach((spec, k) => {
      if (!spec.termFrequency) return;
      const table = cm.model.termFrequencies[spec.key];
      const adjust = new Float64Array(records.length);
      records.forEach((r, i) => {
        const v = r[spec.field];
        if (typeof v === 'string') adjust[i] = termFrequencyAdjustment(table, v);
      });
      this.tf.set(k, adjust);
    });
  }

  /** Total weight of a pair whose first record is `a` and whose comparison pattern is `key`. */
  total(a: number, key: number): number {
    let p = this.byPattern.get(key);
    if (p === undefined) {
      const levels = decodePattern(key, this.cm.specs.length);
      let base = this.cm.prior;
      const tfAt: number[] = [];
      for (let k = 0; k < levels.length; k++) {
        const l = levels[k]!;
        if (l < 0) continue;
        base += this.cm.weights[k]![l]!;
        if (l === 0 && this.tf.has(k)) tfAt.push(k);
      }
      p = { base, tfAt };
      this.byPattern.set(key, p);
    }
    let total = p.base;
    for (const k of p.tfAt) total += this.tf.get(k)![a]!;
    return total;
  }
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
