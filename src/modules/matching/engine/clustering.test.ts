import { describe, expect, it } from 'vitest';
import { assignPersons, clusterRecords, type ClusterNode } from './clustering.js';

const node = (id: string, upn: string | null = null): ClusterNode => ({ id, upn, uln: null });

describe('clustering', () => {
  it('joins linked records transitively', () => {
    const { groupOf } = clusterRecords([node('a'), node('b'), node('c'), node('d')], [
      { a: 'a', b: 'b', kind: 'SCORED', weight: 10 },
      { a: 'b', b: 'c', kind: 'SCORED', weight: 9 },
    ], []);
    expect(groupOf.get('a')).toBe(groupOf.get('c'));
    expect(groupOf.get('d')).not.toBe(groupOf.get('a'));
  });

  it('never joins a cannot-link pair, even through a third record', () => {
    const { groupOf, refused } = clusterRecords([node('a'), node('b'), node('c')], [
      { a: 'a', b: 'b', kind: 'SCORED', weight: 10 },
      { a: 'b', b: 'c', kind: 'SCORED', weight: 8 },
    ], [['a', 'c']]);
    expect(groupOf.get('a')).toBe(groupOf.get('b'));
    expect(groupOf.get('c')).not.toBe(groupOf.get('a'));
    expect(refused).toEqual([expect.objectContaining({ a: 'b', b: 'c', reason: 'CANNOT_LINK' })]);
  });

  it('does not automatically join two different valid UPNs, but a confirmation may', () => {
    const nodes = [node('a', 'A1'), node('b', null), node('c', 'C1')];
    const scored = clusterRecords(nodes, [
      { a: 'a', b: 'b', kind: 'SCORED', weight: 10 },
      { a: 'b', b: 'c', kind: 'SCORED', weight: 9 },
    ], []);
    expect(scored.groupOf.get('c')).not.toBe(scored.groupOf.get('a'));
    expect(scored.refused[0]?.reason).toBe('IDENTIFIER_CONFLICT');
    const confirmed = clusterRecords(nodes, [
      { a: 'a', b: 'b', kind: 'SCORED', weight: 10 },
      { a: 'b', b: 'c', kind: 'SCORED', weight: 9 },
      { a: 'a', b: 'c', kind: 'CONFIRMED', weight: Infinity },
    ], []);
    expect(confirmed.groupOf.get('b')).toBe(confirmed.groupOf.get('a'));
    expect(confirmed.groupOf.get('c')).toBe(confirmed.groupOf.get('a'));
  });

  it("never puts two records of a register (a source holding each person once) into one person, unless a person confirms it", () => {
    const reg = (id: string, register: string | null): ClusterNode => ({ id, upn: null, uln: null, register });
    const nodes = [reg('s1', 'school'), reg('c1', 'college'), reg('s2', 'school'), reg('v1', null), reg('v2', null)];
    const { groupOf, refused } = clusterRecords(nodes, [
      { a: 's1', b: 'c1', kind: 'SCORED', weight: 20 },
      { a: 'c1', b: 's2', kind: 'SCORED', weight: 15 },
      { a: 'v1', b: 'v2', kind: 'SCORED', weight: 12 }, // not a register: two of its records may be one person
    ], []);
    expect(groupOf.get('s1')).toBe(groupOf.get('c1'));
    expect(groupOf.get('s2')).not.toBe(groupOf.get('s1'));
    expect(groupOf.get('v1')).toBe(groupOf.get('v2'));
    expect(refused).toEqual([expect.objectContaining({ a: 'c1', b: 's2', reason: 'SAME_SOURCE' })]);
    const confirmed = clusterRecords(nodes, [{ a: 's1', b: 's2', kind: 'CONFIRMED', weight: Infinity }], []);
    expect(confirmed.groupOf.get('s1')).toBe(confirmed.groupOf.get('s2'));
  });

  it("joins a register's two records under one valid UPN (the source's own duplicate), never on score alone", () => {
    const pupil = (id: string, upn: string | null): ClusterNode => ({ id, upn, uln: null, register: 'school' });
    const nodes = [pupil('s1', 'A123456789012'), pupil('s2', 'A123456789012'), pupil('s3', null)];
    const { groupOf, refused } = clusterRecords(nodes, [
      { a: 's1', b: 's2', kind: 'IDENTIFIER', weight: 30 },
      { a: 's1', b: 's3', kind: 'SCORED', weight: 25 },
    ], []);
    expect(groupOf.get('s2')).toBe(groupOf.get('s1'));
    expect(groupOf.get('s3')).not.toBe(groupOf.get('s1'));
    expect(refused).toEqual([expect.objectContaining({ a: 's1', b: 's3', reason: 'SAME_SOURCE' })]);
  });

  it('does not chain: A~B and B~C never make one person of A and C when A and C conflict', () => {
    const weights: Record<string, number> = { 'a|b': 20, 'b|c': 18, 'a|c': -30 };
    const evidence = (x: string, y: string) => {
      const w = weights[[x, y].sort().join('|')] ?? 0;
      return { weight: w, conflict: w < -10 };
    };
    const edges = [
      { a: 'a', b: 'b', kind: 'SCORED' as const, weight: 20 },
      { a: 'b', b: 'c', kind: 'SCORED' as const, weight: 18 },
    ];
    const chained = clusterRecords([node('a'), node('b'), node('c')], edges, [], { evidence, linkWeight: 0 });
    expect(chained.groupOf.get('a')).toBe(chained.groupOf.get('b'));
    expect(chained.groupOf.get('c')).not.toBe(chained.groupOf.get('a'));
    expect(chained.refused).toEqual([expect.objectContaining({ a: 'b', b: 'c', reason: 'CHAIN_CONFLICT' })]);
    // Without a conflict but with weak evidence across the groups (the mean below the link weight), no merge either.
    weights['a|c'] = -5;
    const weak = clusterRecords([node('a'), node('b'), node('c')], edges, [], { evidence, linkWeight: 10 });
    expect(weak.groupOf.get('c')).not.toBe(weak.groupOf.get('a'));
    // When A and C agree, the chain is one person.
    weights['a|c'] = 12;
    const agreeing = clusterRecords([node('a'), node('b'), node('c')], edges, [], { evidence, linkWeight: 0 });
    expect(agreeing.groupOf.get('c')).toBe(agreeing.groupOf.get('a'));
  });

  it('keeps person ids stable: the person most records already have, the older on a tie', () => {
    const groupOf = new Map([['r1', 'g'], ['r2', 'g'], ['r3', 'g'], ['r4', 'h']]);
    const current = new Map<string, string | null>([['r1', 'P'], ['r2', 'P'], ['r3', 'Q'], ['r4', 'Q']]);
    const people = new Map([['P', { id: 'P', createdAt: 2 }], ['Q', { id: 'Q', createdAt: 1 }]]);
    let n = 0;
    const result = assignPersons(groupOf, current, people, () => `new${++n}`);
    expect(result.get('r1')).toBe('P');
    expect(result.get('r3')).toBe('P');
    expect(result.get('r4')).toBe('Q');

    const tie = assignPersons(new Map([['r1', 'g'], ['r3', 'g']]), current, people, () => 'x');
    expect(tie.get('r1')).toBe('Q');
  });

  it('gives a new id to a group no existing person claims', () => {
    const result = assignPersons(new Map([['r1', 'g']]), new Map([['r1', null]]), new Map(), () => 'fresh');
    expect(result.get('r1')).toBe('fresh');
  });
});
