import { describe, expect, it } from 'vitest';
import { isValidUln, makeUln, ulnCheckDigit } from './uln.js';

describe('ulnCheckDigit', () => {
  it('is 10 minus the weighted sum mod 11', () => {
    // 1·10 + 2·9 + 3·8 + 4·7 + 5·6 + 6·5 + 7·4 + 8·3 + 9·2 = 210; 210 mod 11 = 1 → 9
    expect(ulnCheckDigit('123456789')).toBe(9);
    // 5 × (10 + 9 + … + 2) = 270; 270 mod 11 = 6 → 4
    expect(ulnCheckDigit('555555555')).toBe(4);
    // 1·10 + 1·9 = 19; 19 mod 11 = 8 → 2
    expect(ulnCheckDigit('110000000')).toBe(2);
  });

  it('is null when the remainder is 0', () => {
    // 9·10 + 8·9 + 7·8 + 6·7 + 5·6 + 4·5 + 3·4 + 2·3 + 1·2 = 330 = 30 × 11
    expect(ulnCheckDigit('987654321')).toBeNull();
    // 2·10 + 1·2 = 22
    expect(ulnCheckDigit('200000001')).toBeNull();
  });

  it('rejects stems that are not nine digits', () => {
    expect(() => ulnCheckDigit('12345678')).toThrow();
    expect(() => ulnCheckDigit('12345678X')).toThrow();
  });
});

describe('isValidUln', () => {
  it('accepts correct ULNs, ignoring surrounding space', () => {
    expect(isValidUln('1234567899')).toBe(true);
    expect(isValidUln(' 5555555554 ')).toBe(true);
  });

  it('rejects a wrong check digit', () => {
    expect(isValidUln('1234567890')).toBe(false);
    expect(isValidUln('5555555555')).toBe(false);
  });

  it('rejects a stem that has no check digit, whatever the last digit', () => {
    for (let d = 0; d <= 9; d++) expect(isValidUln(`987654321${d}`)).toBe(false);
  });

  it('rejects transposed digits', () => {
    expect(isValidUln('2134567899')).toBe(false);
  });

  it('rejects the wrong length and letters', () => {
    expect(isValidUln('123456789')).toBe(false);
    expect(isValidUln('12345678999')).toBe(false);
    expect(isValidUln('12345A7899')).toBe(false);
    expect(isValidUln('')).toBe(false);
  });
});

describe('makeUln', () => {
  it('appends the check digit', () => {
    expect(makeUln('123456789')).toBe('1234567899');
    expect(makeUln('555555555')).toBe('5555555554');
  });

  it('returns null for a stem without a check digit', () => {
    expect(makeUln('987654321')).toBeNull();
  });

  it('produces valid ULNs for every stem that has a check digit', () => {
    let made = 0;
    for (let n = 100_000_000; n < 100_000_500; n++) {
      const uln = makeUln(String(n));
      if (uln === null) continue;
      made++;
      expect(isValidUln(uln)).toBe(true);
    }
    // About one stem in eleven has no check digit.
    expect(made).toBeGreaterThan(430);
    expect(made).toBeLessThan(480);
  });
});
