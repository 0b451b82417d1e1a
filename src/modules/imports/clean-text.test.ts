import { describe, expect, it } from 'vitest';
import { cleanText, mixedScripts } from './clean-text.js';

describe('cleaning free text', () => {
  it('leaves ordinary Welsh and English text alone, apart from spaces', () => {
    expect(cleanText('  Siân  ap   Rhys ')).toEqual({ text: 'Siân ap Rhys', removed: [] });
    expect(cleanText('Ŵyn Dafydd-Ŷr')).toEqual({ text: 'Ŵyn Dafydd-Ŷr', removed: [] });
    expect(cleanText("O'Brien, Level 3 (cyfrwng Cymraeg)")).toEqual({ text: "O'Brien, Level 3 (cyfrwng Cymraeg)", removed: [] });
  });

  it('composes to NFC without calling it a removal', () => {
    const decomposed = 'Sia\u0302n';
    expect(decomposed).not.toBe('Siân');
    expect(cleanText(decomposed)).toEqual({ text: 'Siân', removed: [] });
  });

  it('removes NUL and other controls, and treats tabs and newlines as spaces', () => {
    expect(cleanText('Gar\u0000eth')).toEqual({ text: 'Gareth', removed: ['control'] });
    expect(cleanText('Nia\u0007\u001b[31m')).toEqual({ text: 'Nia[31m', removed: ['control'] });
    expect(cleanText('Level 2\u0085Hairdressing')).toEqual({ text: 'Level 2Hairdressing', removed: ['control'] });
    expect(cleanText('Level 2\tHair\r\ndressing')).toEqual({ text: 'Level 2 Hair dressing', removed: [] });
  });

  it('removes bidirectional overrides, isolates and zero-width characters', () => {
    expect(cleanText('Evans\u202Esnave')).toEqual({ text: 'Evanssnave', removed: ['format'] });
    expect(cleanText('Ev\u200Bans')).toEqual({ text: 'Evans', removed: ['format'] });
    for (const c of ['\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\uFEFF', '\u00AD', '\u2060']) {
      expect(cleanText(`Ev${c}ans`), `U+${c.codePointAt(0)!.toString(16)}`).toEqual({ text: 'Evans', removed: ['format'] });
    }
    // A zero-width joiner between a letter and its accent no longer stops them composing.
    expect(cleanText('Sia\u200D\u0302n').text).toBe('Siân');
  });

  it('removes unpaired surrogates but keeps real astral characters', () => {
    expect(cleanText('Nia\uD800')).toEqual({ text: 'Nia', removed: ['surrogate'] });
    expect(cleanText('\uDC00Nia')).toEqual({ text: 'Nia', removed: ['surrogate'] });
    expect(cleanText('Nia 𝒩')).toEqual({ text: 'Nia 𝒩', removed: [] });
  });

  it('reports every kind removed, and leaves nothing when nothing but those was sent', () => {
    expect(cleanText('\u0000\u200B\u202E')).toEqual({ text: '', removed: ['control', 'format'] });
  });
});

describe('mixed-script names', () => {
  it('flags a Latin name with a Cyrillic or Greek look-alike letter', () => {
    expect(mixedScripts('M\u0430ry')).toEqual(['Latin', 'Cyrillic']); // Cyrillic а
    expect(mixedScripts('J\u03BFnes')).toEqual(['Latin', 'Greek']); // Greek ο
  });

  it('does not flag names written in one script, with or without accents', () => {
    expect(mixedScripts('Siân ap Rhys')).toEqual([]);
    expect(mixedScripts('Ŵyn')).toEqual([]);
    expect(mixedScripts('Олена')).toEqual([]);
    expect(mixedScripts('Νίκος')).toEqual([]);
    expect(mixedScripts(null)).toEqual([]);
  });
});
