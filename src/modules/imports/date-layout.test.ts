import { describe, expect, it } from 'vitest';
import { datePrecision, defaultPivot, parseDateLayout, readDate } from './date-layout.js';

describe('date layouts', () => {
  const layout = (format: string, pivot = 26) => parseDateLayout(format, pivot);

  it('reads day, month and year in the order the layout gives, padded or not', () => {
    expect(readDate(['04/03/2009'], layout('DD/MM/YYYY'))).toBe('2009-03-04');
    expect(readDate(['4/3/2009'], layout('DD/MM/YYYY'))).toBe('2009-03-04');
    expect(readDate(['3/4/2009'], layout('MM/DD/YYYY'))).toBe('2009-03-04');
    expect(readDate(['20090304'], layout('YYYYMMDD'))).toBe('2009-03-04');
    expect(readDate(['04032009'], layout('DDMMYYYY'))).toBe('2009-03-04');
    expect(readDate(['2009-03-04'], layout('YYYY-MM-DD'))).toBe('2009-03-04');
  });

  it('reads a date split over columns, one per part, padded or not; an empty day leaves the month', () => {
    expect(readDate(['1948', '5', '18'], layout('YYYY M D'))).toBe('1948-05-18');
    expect(readDate(['18', '05', '1948'], layout('DD MM YYYY'))).toBe('1948-05-18');
    expect(readDate(['1948', '5', ''], layout('YYYY M D'))).toBe('1948-05');
    expect(readDate(['', '5', ''], layout('YYYY M D'))).toBeNull();
  });

  it('reads a year only and a month and year', () => {
    expect(readDate(['2009'], layout('YYYY'))).toBe('2009');
    expect(readDate(['03/2009'], layout('MM/YYYY'))).toBe('2009-03');
    expect(readDate(['13/2009'], layout('MM/YYYY'))).toBeNull();
  });

  it('reads two-digit years through the pivot (00–pivot are 20xx, the rest 19xx)', () => {
    expect(readDate(['4/3/09'], layout('D/M/YY', 26))).toBe('2009-03-04');
    expect(readDate(['4/3/48'], layout('D/M/YY', 26))).toBe('1948-03-04');
    expect(readDate(['4/3/48'], layout('D/M/YY', 50))).toBe('2048-03-04');
    expect(defaultPivot('2026-10-01')).toBe(26);
  });

  it('gives null for a value that does not fit, and refuses a layout it cannot read', () => {
    expect(readDate(['4 March 2009'], layout('DD/MM/YYYY'))).toBeNull();
    expect(readDate(['2009-03'], layout('DD/MM/YYYY'))).toBeNull();
    expect(() => parseDateLayout('DD/MM', 26)).toThrow(/must hold the year once/);
    expect(() => parseDateLayout('DD/MMM/YYYY', 26)).toThrow(/holds the day or the month twice|other than/);
    expect(() => parseDateLayout('DD/YYYY', 26)).toThrow(/a day but no month/);
    expect(() => parseDateLayout('DD/MM/YY', 120)).toThrow(/pivot/);
  });

  it('tells the precision of an ISO date', () => {
    expect(datePrecision('2009-03-04')).toBe('DAY');
    expect(datePrecision('2009-03')).toBe('MONTH');
    expect(datePrecision('2009')).toBe('YEAR');
    expect(datePrecision('March 2009')).toBeNull();
  });
});
