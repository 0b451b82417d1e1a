import { describe, expect, it } from 'vitest';
import { daysBetween, isLate, median, notificationDelay } from './timeliness.js';

describe('notification timeliness', () => {
  it('counts whole days across month ends and the clock change', () => {
    expect(daysBetween('2026-03-20', '2026-04-03')).toBe(14);
    expect(daysBetween('2026-10-20', '2026-11-03')).toBe(14);
    expect(daysBetween('2026-01-31', '2026-01-30')).toBe(-1);
  });

  it('is on time up to and including the limit, late the day after; an at-risk notification has no delay', () => {
    expect(isLate(notificationDelay('2026-03-01', '2026-03-15'), 14)).toBe(false);
    expect(isLate(notificationDelay('2026-03-01', '2026-03-16'), 14)).toBe(true);
    expect(isLate(notificationDelay(null, '2026-03-16'), 14)).toBeNull();
    expect(isLate(20, 21)).toBe(false);
  });

  it('takes the median of odd and even counts, and none of nothing', () => {
    expect(median([30, 2, 9])).toBe(9);
    expect(median([1, 4, 2, 10])).toBe(3);
    expect(median([])).toBeNull();
  });
});
