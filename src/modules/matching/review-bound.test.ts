import { describe, expect, it } from 'vitest';
import type { ScoredCandidate } from './linker.js';
import { admit, reviewQueueWarning } from './review-bound.js';

const pair = (a: string, total: number): ScoredCandidate =>
  ({ a, b: `${a}z`, versionA: 1, versionB: 1, rule: 'SCORED', status: 'REVIEW', score: { total } }) as unknown as ScoredCandidate;

describe('review queue bound', () => {
  it('admits the strongest pairs while the import has room, and holds the rest', () => {
    const pairs = [pair('a', -5), pair('b', -1), pair('c', -3), pair('d', -1)];
    const { admitted, held } = admit(pairs, 7, 9);
    expect(admitted.map((p) => p.a)).toEqual(['b', 'd']);
    expect(held.map((p) => p.a)).toEqual(['c', 'a']);
    expect(admit(pairs, 12, 9).admitted).toEqual([]);
  });

  it('holds the same number whatever order the parts of an import come in', () => {
    const parts = [[pair('a', -1), pair('b', -2), pair('c', -3)], [pair('d', -1)], [pair('e', -4), pair('f', -5)]];
    const heldFor = (order: number[]): number => {
      let seen = 0;
      let held = 0;
      for (const i of order) {
        held += admit(parts[i]!, seen, 4).held.length;
        seen += parts[i]!.length;
      }
      return held;
    };
    expect([heldFor([0, 1, 2]), heldFor([2, 1, 0]), heldFor([1, 2, 0])]).toEqual([2, 2, 2]);
  });

  it('warns the partner with a count and what to do, and not at all when nothing was held', () => {
    expect(reviewQueueWarning(0, 500)).toBeNull();
    expect(reviewQueueWarning(12, 500)).toMatchObject({ code: 'REVIEW_QUEUE_FULL', count: 12, message: expect.stringMatching(/^12 possible duplicate pairs .* at most 500 /) as string });
  });
});
