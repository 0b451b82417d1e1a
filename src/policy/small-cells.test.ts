import { describe, expect, it } from 'vitest';
import { shownCount, suppressCells } from './small-cells.js';

const shown = (m: Map<string, { value: number | null; suppressed: boolean }>): Record<string, number | null> =>
  Object.fromEntries([...m].map(([k, v]) => [k, v.value]));

describe('small-cell suppression', () => {
  it('hides counts 1 to 4 and shows 0 and 5', () => {
    expect([0, 1, 4, 5].map(shownCount)).toEqual([
      { value: 0, suppressed: false },
      { value: null, suppressed: true },
      { value: null, suppressed: true },
      { value: 5, suppressed: false },
    ]);
  });

  it('hides a second cell when one hidden cell could be worked back from a shown total', () => {
    const counts = new Map([['total', 20], ['a', 3], ['b', 9], ['c', 8]]);
    const out = suppressCells(counts, [{ total: 'total', parts: ['a', 'b', 'c'] }]);
    // c (8) is the smallest shown part: a + c = 11 is known, but neither alone.
    expect(shown(out)).toEqual({ total: 20, a: null, b: 9, c: null });
  });

  it('leaves a relation alone when nothing in it is small, and follows chained relations', () => {
    const counts = new Map([['all', 12], ['left', 10], ['risk', 2], ['onTime', 6], ['late', 4]]);
    const out = suppressCells(counts, [
      { total: 'all', parts: ['left', 'risk'] },
      { total: 'left', parts: ['onTime', 'late'] },
    ]);
    // risk (2) hides left (10); then left and late are both hidden in the second relation, so onTime can show.
    expect(shown(out)).toEqual({ all: 12, left: null, risk: null, onTime: 6, late: null });
    const none = suppressCells(new Map([['t', 10], ['x', 5], ['y', 5]]), [{ total: 't', parts: ['x', 'y'] }]);
    expect(shown(none)).toEqual({ t: 10, x: 5, y: 5 });
  });

  it('hides the total when the only other part is zero', () => {
    const out = suppressCells(new Map([['t', 3], ['x', 3], ['y', 0]]), [{ total: 't', parts: ['x', 'y'] }]);
    expect(shown(out)).toEqual({ t: null, x: null, y: 0 });
  });
});
