import { describe, expect, it } from 'vitest';
import { seededRandom } from './pipeline.js';
import type { ComparisonSpec } from './criteria.js';
import { compileModel, countPatterns, expectationMaximisation, initialM, levelFrequencies, termFrequencyAdjustment, type FsModel } from './model.js';

// Three binary comparisons with known m and u; 20% of pairs are matches.
const TRUE_M = [0.95, 0.9, 0.8];
const TRUE_U = [0.05, 0.1, 0.2];
const specs: ComparisonSpec[] = ['a', 'b', 'c'].map((key) => ({ key, label: key, field: 'g', levels: [{ name: 'exact', description: '', test: { kind: 'exact' } }] }));

function fixture(n: number, seed: number): { vectors: Int8Array[]; random: Int8Array[] } {
  const rnd = seededRandom(seed);
  const draw = (p: number[]): Int8Array => Int8Array.from(p.map((x) => (rnd() < x ? 0 : 1)));
  const vectors = Array.from({ length: n }, () => draw(rnd() < 0.2 ? TRUE_M : TRUE_U));
  const random = Array.from({ length: 2000 }, () => draw(TRUE_U));
  return { vectors, random };
}

describe('expectation–maximisation', () => {
  it('recovers m, u and the match share from unlabelled pairs of a small fixture', () => {
    const { vectors, random } = fixture(5000, 7);
    const em = expectationMaximisation(countPatterns(vectors), { m: initialM(specs), u: levelFrequencies(random, specs), lambda: 0.5 });
    expect(em.converged).toBe(true);
    expect(em.lambda).toBeCloseTo(0.2, 1);
    em.m.forEach((m, k) => expect(m[0]).toBeCloseTo(TRUE_M[k]!, 1));
    em.u.forEach((u, k) => expect(u[0]).toBeCloseTo(TRUE_U[k]!, 1));
  });

  it('gives agreement a positive weight and disagreement a negative one', () => {
    const { vectors, random } = fixture(3000, 11);
    const em = expectationMaximisation(countPatterns(vectors), { m: initialM(specs), u: levelFrequencies(random, specs), lambda: 0.5 });
    const model: FsModel = {
      comparisons: specs.map((s, k) => ({ key: s.key, m: em.m[k]!, u: em.u[k]! })),
      lambda: em.lambda,
      termFrequencies: {},
      training: { records: 0, pairs: 0, patterns: 0, iterations: 0, converged: true, method: 'test' },
    };
    const cm = compileModel(model, specs);
    for (const w of cm.weights) {
      expect(w[0]).toBeGreaterThan(1.5);
      expect(w[1]).toBeLessThan(-1);
    }
  });

  it('counts a common name for less than a rare one (term-frequency adjustment)', () => {
    const table = { records: 1000, counts: { jones: 100, llywelyn: 2 }, randomAgreement: 0.02 };
    expect(termFrequencyAdjustment(table, 'jones')).toBeLessThan(0);
    expect(termFrequencyAdjustment(table, 'llywelyn')).toBeGreaterThan(0);
    expect(termFrequencyAdjustment(table, 'unseen')).toBeGreaterThan(termFrequencyAdjustment(table, 'llywelyn'));
  });
});
