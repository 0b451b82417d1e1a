// Interprets the comparison table (criteria.ts) for one pair of standardised records.
import type { ComparisonSpec, LevelTest } from './criteria.js';
import { jaroWinkler, levenshtein } from './similarity.js';
import { daysBetween, swapDayAndMonth, type StandardRecord } from './standardise.js';

/** A comparison vector: one level index per comparison, -1 where either value is missing. */
export type ComparisonVector = Int8Array;

function hasValue(v: unknown): boolean {
  return v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);
}

function tokenOverlap(a: string, b: string): number {
  const ta = a.split(' ');
  const tb = b.split(' ');
  let common = 0;
  for (const t of tb) if (ta.includes(t)) common++;
  return common / Math.max(ta.length, tb.length);
}

function passes(test: LevelTest, va: string, vb: string, a: StandardRecord, b: StandardRecord, jw: { v: number }): boolean {
  switch (test.kind) {
    case 'exact':
      return va === vb;
    case 'sameGroup': {
      for (const g of a.gk) if (b.gk.includes(g)) return true;
      return false;
    }
    case 'sameForm': {
      if (a.f === null || b.f === null) return false;
      if (a.fk.includes(b.f) || b.fk.includes(a.f)) return true;
      for (const k of a.fk) if (b.fk.includes(k)) return true;
      return false;
    }
    case 'jaroWinkler':
      if (jw.v < 0) jw.v = jaroWinkler(va, vb);
      return jw.v >= test.min;
    case 'levenshtein':
      return Math.abs(va.length - vb.length) <= test.max && levenshtein(va, vb) <= test.max;
    case 'phonetic': {
      const pa = a[test.code];
      return pa !== null && pa === b[test.code];
    }
    case 'initial':
      return va.length > 0 && vb.length > 0 && (va.length === 1 || vb.length === 1 || va.startsWith(vb) || vb.startsWith(va)) && va[0] === vb[0];
    case 'swapped': {
      const oa = a[test.other];
      const ob = b[test.other];
      return (oa !== null && oa === vb) || (ob !== null && ob === va);
    }
    case 'sameField': {
      const fa = a[test.field];
      return fa !== null && fa === b[test.field];
    }
    // A date known only to the month or the year agrees at most on the year.
    case 'dateExact':
      return va.length === 8 && va === vb;
    case 'dateTransposed':
      return va.length === 8 && vb.length === 8 && swapDayAndMonth(va) === vb;
    case 'dateNear':
      return va.length === 8 && vb.length === 8 && (levenshtein(va, vb) <= 1 || (daysBetween(va, vb) ?? 99) <= 1);
    case 'dateSameMonthDay':
      return va.length === 8 && vb.length === 8 && va.slice(4) === vb.slice(4);
    case 'dateSameYear':
      return va.slice(0, 4) === vb.slice(0, 4);
    case 'tokenOverlap':
      return tokenOverlap(va, vb) >= test.min;
    default: {
      const never: never = test;
      throw new Error(`Unknown level test ${JSON.stringify(never)}`);
    }
  }
}

/** The level a pair reaches on one comparison: the first level whose test passes, the last ("different") if none, -1 if a value is missing. */
export function compareOne(spec: ComparisonSpec, a: StandardRecord, b: StandardRecord): number {
  const va = a[spec.field];
  const vb = b[spec.field];
  if (!hasValue(va) || !hasValue(vb)) return -1;
  const jw = { v: -1 };
  const levels = spec.levels;
  for (let i = 0; i < levels.length; i++) {
    if (passes(levels[i]!.test, va as string, vb as string, a, b, jw)) return i;
  }
  return levels.length;
}

/** The comparison vector of a pair over every comparison. */
export function compareRecords(specs: readonly ComparisonSpec[], a: StandardRecord, b: StandardRecord, into?: ComparisonVector): ComparisonVector {
  const v = into ?? new Int8Array(specs.length);
  for (let i = 0; i < specs.length; i++) v[i] = compareOne(specs[i]!, a, b);
  return v;
}

/** Packs a comparison vector into one number (levels -1..7 as base-9 digits). */
export function patternKey(v: ComparisonVector): number {
  let key = 0;
  for (let i = 0; i < v.length; i++) key = key * 9 + (v[i]! + 1);
  return key;
}

/** The comparison vector a pattern key stands for. */
export function decodePattern(key: number, length: number): ComparisonVector {
  const v = new Int8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    const digit = key % 9;
    v[i] = digit - 1;
    key = (key - digit) / 9;
  }
  return v;
}

/** The pattern keys of many pairs, compared through one reused vector (no allocation per pair). */
export function comparePairs(specs: readonly ComparisonSpec[], records: readonly StandardRecord[], pairs: ReadonlyArray<readonly [number, number]>): Float64Array {
  const out = new Float64Array(pairs.length);
  const v = new Int8Array(specs.length);
  for (let i = 0; i < pairs.length; i++) {
    const [a, b] = pairs[i]!;
    out[i] = patternKey(compareRecords(specs, records[a]!, records[b]!, v));
  }
  return out;
}
