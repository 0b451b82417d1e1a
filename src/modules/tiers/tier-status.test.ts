import { describe, expect, it } from 'vitest';
import { byRecency, daysBetween, deriveMovements, deriveStatus, tierRuns, type TierFact } from './tier-status.js';

const fact = (id: string, tier: 1 | 2 | 3 | 4 | 5, onDay: string, rank = 1, seq = 0): TierFact => ({ id, tier, onDay, rank, seq });
const all = (): boolean => true;

describe('tier status derived from the facts', () => {
  it('orders as the sharing rules do: latest day, then an assessment before a record, then the later assessment', () => {
    const facts = [fact('rec', 3, '2025-03-01', 0), fact('a1', 2, '2025-03-01', 1, 1), fact('a2', 4, '2025-03-01', 1, 2), fact('old', 5, '2025-01-01')];
    expect([...facts].sort(byRecency).map((f) => f.id)).toEqual(['a2', 'a1', 'rec', 'old']);
  });

  it('gives the current tier and since when it has held, through every fact of the same tier', () => {
    const s = deriveStatus([fact('a', 1, '2025-01-10'), fact('b', 3, '2025-02-01'), fact('c', 3, '2025-03-01')], all);
    expect(s).toMatchObject({ current: { id: 'c' }, since: '2025-02-01' });
    expect(s!.run.map((f) => f.id)).toEqual(['c', 'b']);
  });

  it('is unknown when the current fact is withheld, even if older ones are released', () => {
    expect(deriveStatus([fact('a', 1, '2025-01-10'), fact('b', 3, '2025-02-01')], (f) => f.id === 'a')).toBeNull();
    expect(deriveStatus([], all)).toBeNull();
  });

  it('does not let a withheld fact move "since": the walk back stops at it', () => {
    const facts = [fact('a', 2, '2025-01-01'), fact('b', 2, '2025-02-01'), fact('c', 2, '2025-03-01')];
    expect(deriveStatus(facts, (f) => f.id !== 'b')!.since).toBe('2025-03-01');
    expect(deriveStatus(facts, all)!.since).toBe('2025-01-01');
  });

  it('never takes a replaced record tier (rank -1) as the current tier, but counts it for since when', () => {
    const facts = [fact('then', 1, '2025-04-01', -1), fact('now', 1, '2025-03-01', 0), fact('first', 1, '2025-02-01', -1)];
    const s = deriveStatus(facts, all)!;
    expect(s.current.id).toBe('now');
    expect(s.since).toBe('2025-02-01');
  });

  it('lists movements between runs with the days spent in the earlier tier', () => {
    const facts = [fact('a', 1, '2025-01-01'), fact('b', 1, '2025-01-20'), fact('c', 3, '2025-03-02'), fact('d', 5, '2025-04-01')];
    expect(tierRuns(facts).map((r) => [r.tier, r.from, r.until])).toEqual([
      [1, '2025-01-01', '2025-03-02'],
      [3, '2025-03-02', '2025-04-01'],
      [5, '2025-04-01', null],
    ]);
    expect(deriveMovements(facts).map((m) => [m.fromTier, m.toTier, m.on, m.daysInFromTier, m.before.id, m.after.id])).toEqual([
      [1, 3, '2025-03-02', 60, 'b', 'c'],
      [3, 5, '2025-04-01', 30, 'c', 'd'],
    ]);
    expect(deriveMovements([fact('a', 2, '2025-01-01'), fact('b', 2, '2025-02-01')])).toEqual([]);
  });

  it('counts whole days across month and year ends', () => {
    expect(daysBetween('2024-12-31', '2025-03-01')).toBe(60);
    expect(daysBetween('2025-03-01', '2025-02-28')).toBe(-1);
  });
});
