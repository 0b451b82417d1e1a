import { describe, expect, it } from 'vitest';
import { isValidUpn, makeUpn, upnCheckLetter } from './upn.js';

describe('upnCheckLetter', () => {
  it('weights positions 2..13 by 2..13 and indexes the sum mod 23 into the letter table', () => {
    // 6·2 + 8·3 + 1·4 + 4·5 + 0·6 + 6·7 + 1·8 + 2·9 + 6·10 + 0·11 + 0·12 + 1·13 = 201; 201 mod 23 = 17 → U
    expect(upnCheckLetter('681406126001')).toBe('U');
    // 6·2 + 6·3 + 1·4 + 4·5 + 0·6 + 3·7 + 3·8 + 2·9 + 0·10 + 1·11 + 2·12 + 3·13 = 191; 191 mod 23 = 7 → H
    expect(upnCheckLetter('661403320123')).toBe('H');
    expect(upnCheckLetter('000000000000')).toBe('A');
  });

  it('uses all 23 letters and never I, O or S', () => {
    const letters = new Set<string>();
    for (let serial = 0; serial < 1000; serial++) letters.add(makeUpn(681, 4061, 12, serial).charAt(0));
    expect(letters.size).toBe(23);
    expect([...letters].filter((letter) => 'IOS'.includes(letter))).toEqual([]);
  });

  it('rejects stems that are not twelve digits', () => {
    expect(() => upnCheckLetter('68140612600')).toThrow();
    expect(() => upnCheckLetter('68140612600A')).toThrow();
  });
});

describe('isValidUpn', () => {
  it('accepts a correct UPN, in either case and with surrounding space', () => {
    expect(isValidUpn('U681406126001')).toBe(true);
    expect(isValidUpn('u681406126001')).toBe(true);
    expect(isValidUpn('  H661403320123 ')).toBe(true);
  });

  it('rejects a wrong check letter', () => {
    expect(isValidUpn('V681406126001')).toBe(false);
    expect(isValidUpn('A681406126001')).toBe(false);
  });

  it('rejects a changed digit and transposed digits', () => {
    expect(isValidUpn('U681406126002')).toBe(false);
    expect(isValidUpn('U681406121601')).toBe(false);
  });

  it('rejects the wrong length and letters in the numeric part', () => {
    expect(isValidUpn('U68140612600')).toBe(false);
    expect(isValidUpn('U6814061260011')).toBe(false);
    expect(isValidUpn('U68140612600A')).toBe(false);
    expect(isValidUpn('6681406126001')).toBe(false);
    expect(isValidUpn('')).toBe(false);
  });
});

describe('makeUpn', () => {
  it('pads the parts and prefixes the check letter', () => {
    expect(makeUpn(681, 4061, 26, 1)).toBe('U681406126001');
    expect(makeUpn(661, 4033, 20, 123)).toBe('H661403320123');
    expect(makeUpn(677, 21, 9, 7)).toMatch(/^[A-Z]677002109007$/);
  });

  it('always produces valid UPNs', () => {
    for (let serial = 0; serial < 1000; serial += 7) {
      expect(isValidUpn(makeUpn(670, 2150, 15, serial))).toBe(true);
    }
  });

  it('rejects parts out of range', () => {
    expect(() => makeUpn(68, 4061, 26, 1)).toThrow(RangeError);
    expect(() => makeUpn(681, 10000, 26, 1)).toThrow(RangeError);
    expect(() => makeUpn(681, 4061, 100, 1)).toThrow(RangeError);
    expect(() => makeUpn(681, 4061, 26, 1000)).toThrow(RangeError);
    expect(() => makeUpn(681, 4061, 26, 1.5)).toThrow(RangeError);
  });
});
