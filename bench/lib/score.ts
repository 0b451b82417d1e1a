// Pairwise precision, recall and F1 of a clustering against the truth: a pair of records is a true
// pair when both belong to one true entity, a predicted pair when both are given one person.

/** Precision, recall and F1 over pairs, with the counts behind them. */
export interface PairMetrics {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

function pairsOf(groups: Map<string, number[]>, keep: (a: number, b: number) => boolean): Set<string> {
  const out = new Set<string>();
  for (const members of groups.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const a = Math.min(members[i]!, members[j]!);
        const b = Math.max(members[i]!, members[j]!);
        if (keep(a, b)) out.add(`${a}:${b}`);
      }
    }
  }
  return out;
}

function groupBy(labels: readonly string[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = m.get(l);
    if (list) list.push(i);
    else m.set(l, [i]);
  });
  return m;
}

/** Scores predicted labels against true labels (one label per record, same order). `keep` limits the pairs counted (e.g. across two files). */
export function scorePairs(truth: readonly string[], predicted: readonly string[], keep: (a: number, b: number) => boolean = () => true): PairMetrics {
  const t = pairsOf(groupBy(truth), keep);
  const p = pairsOf(groupBy(predicted), keep);
  let correct = 0;
  for (const x of p) if (t.has(x)) correct++;
  const precision = p.size === 0 ? 1 : correct / p.size;
  const recall = t.size === 0 ? 1 : correct / t.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const r4 = (x: number): number => Math.round(x * 10000) / 10000;
  return { precision: r4(precision), recall: r4(recall), f1: r4(f1), truePairs: t.size, predictedPairs: p.size, correctPairs: correct };
}

/** The true pairs as packed index pairs (for measuring blocking's pair completeness). */
export function truePairSet(truth: readonly string[], pack: (a: number, b: number) => number, keep: (a: number, b: number) => boolean = () => true): Set<number> {
  const out = new Set<number>();
  for (const members of groupBy(truth).values()) {
    for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) if (keep(members[i]!, members[j]!)) out.add(pack(members[i]!, members[j]!));
  }
  return out;
}

/** The shape of a clustering: its largest group, and pairs put together although one source holds both records. */
export interface ClusterFigures {
  largestCluster: number;
  /** Pairs of records of one source in one predicted person (every one is wrong where the source holds each person once). */
  withinSourcePairs: number;
  /** Of those, pairs that are truly one person (a source's own duplicate). */
  withinSourceTruePairs: number;
}

/** Largest cluster and within-source pairs of predicted labels, given each record's source and truth. */
export function clusterFigures(predicted: readonly string[], source: readonly string[], truth: readonly string[]): ClusterFigures {
  let largest = 0;
  let within = 0;
  let withinTrue = 0;
  for (const members of groupBy(predicted).values()) {
    largest = Math.max(largest, members.length);
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        if (source[members[i]!] !== source[members[j]!]) continue;
        within++;
        if (truth[members[i]!] === truth[members[j]!]) withinTrue++;
      }
    }
  }
  return { largestCluster: largest, withinSourcePairs: within, withinSourceTruePairs: withinTrue };
}
