import { describe, expect, it } from 'vitest';
import { hashSeed, Prng, WeightedTable } from './prng.js';

function draws(seed: string, n: number): number[] {
  const rng = new Prng(seed);
  return Array.from({ length: n }, () => rng.nextUint32());
}

describe('hashSeed', () => {
  it('is stable and differs between close seeds', () => {
    expect(hashSeed('cyswllt')).toEqual(hashSeed('cyswllt'));
    expect(hashSeed('cyswllt')).not.toEqual(hashSeed('cyswllu'));
    expect(hashSeed('')).not.toEqual(hashSeed('a'));
  });
});

describe('Prng', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draws('seed-1', 100)).toEqual(draws('seed-1', 100));
  });

  it('gives a different sequence for a different seed', () => {
    const a = draws('seed-1', 100);
    const b = draws('seed-2', 100);
    expect(a.filter((value, i) => value === b[i]).length).toBeLessThan(2);
  });

  it('draws floats in [0, 1) with a mean near one half', () => {
    const rng = new Prng('uniform');
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });

  it('draws integers over the whole inclusive range', () => {
    const rng = new Prng('ints');
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('draws normals with about the requested mean and sd', () => {
    const rng = new Prng('normal');
    const xs = Array.from({ length: 20_000 }, () => rng.normal(10, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeGreaterThan(1.9);
    expect(sd).toBeLessThan(2.1);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => new Prng('x').pick([])).toThrow();
  });
});

describe('WeightedTable', () => {
  it('draws items in proportion to their weights and never a zero-weight item', () => {
    const table = new WeightedTable<string>([
      ['a', 1],
      ['never', 0],
      ['b', 3],
    ]);
    const rng = new Prng('weights');
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 40_000; i++) counts[table.pick(rng) as keyof typeof counts]++;
    expect(counts.never).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.8);
    expect(counts.b / counts.a).toBeLessThan(3.2);
  });

  it('rejects empty and all-zero tables', () => {
    expect(() => new WeightedTable([])).toThrow();
    expect(() => new WeightedTable([['a', 0]])).toThrow();
  });
});
