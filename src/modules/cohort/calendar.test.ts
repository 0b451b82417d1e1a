import { describe, expect, it } from 'vitest';
import { ageOn, dayOf, dayToIso, isoToDay, parseIsoDate, schoolAge, schoolYearStart } from './calendar.js';

describe('calendar', () => {
  it('converts between ISO dates and day numbers', () => {
    expect(isoToDay('1970-01-01')).toBe(0);
    expect(isoToDay('1970-01-31')).toBe(30);
    expect(dayToIso(isoToDay('2026-10-01'))).toBe('2026-10-01');
    expect(dayToIso(isoToDay('2008-02-29') + 1)).toBe('2008-03-01');
    expect(dayOf(2026, 10, 1)).toBe(isoToDay('2026-10-01'));
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => parseIsoDate('2026-1-01')).toThrow();
    expect(() => parseIsoDate('2026-02-30')).toThrow();
    expect(() => parseIsoDate('01/10/2026')).toThrow();
  });

  it('computes age in whole years, counting the birthday itself', () => {
    expect(ageOn('2010-10-01', '2026-10-01')).toBe(16);
    expect(ageOn('2010-10-02', '2026-10-01')).toBe(15);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('places dates in the school year that starts on 1 September', () => {
    expect(schoolYearStart('2026-10-01')).toBe(2026);
    expect(schoolYearStart('2026-08-31')).toBe(2025);
    expect(schoolYearStart('2026-09-01')).toBe(2026);
  });

  it('gives the school age that fixes the year group', () => {
    // Year 7 in 2026/27 is everyone aged 11 on 31 August 2026: born 1 September 2014 to 31 August 2015.
    expect(schoolAge('2014-09-01', '2026-10-01')).toBe(11);
    expect(schoolAge('2015-08-31', '2026-10-01')).toBe(11);
    expect(schoolAge('2015-09-01', '2026-10-01')).toBe(10);
    expect(schoolAge('2010-09-01', '2026-10-01')).toBe(15);
    expect(schoolAge('2010-08-31', '2026-10-01')).toBe(16);
  });
});
