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
