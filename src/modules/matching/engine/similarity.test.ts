import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler, levenshtein, phonetic } from './similarity.js';

describe('string similarity', () => {
  it('gives the textbook Jaro and Jaro–Winkler values', () => {
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.944, 3);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'a')).toBe(0);
  });

  it('handles strings longer than its scratch buffers', () => {
    const long = 'a'.repeat(300);
    expect(jaroWinkler(long, `${long}b`)).toBeGreaterThan(0.99);
  });

  it('counts edits and codes sounds', () => {
    expect(levenshtein('rhys', 'rees')).toBe(2);
    expect(levenshtein('siân', 'sian')).toBe(1);
    expect(phonetic('rees')).toBe(phonetic('reece'));
    expect(phonetic('davies')).toBe(phonetic('davis'));
    expect(phonetic(null)).toBeNull();
  });
});
