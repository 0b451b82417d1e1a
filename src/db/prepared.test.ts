import { describe, expect, it } from 'vitest';
import { toPositional } from './prepared.js';

describe('toPositional', () => {
  it('numbers each named parameter once, in order, and leaves casts alone', () => {
    const { text, values } = toPositional('a = :x AND b = :y AND c = :x AND d::date = CAST(:y AS date)', { x: 1, y: 'z' }, 3);
    expect(text).toBe('a = $3 AND b = $4 AND c = $3 AND d::date = CAST($4 AS date)');
    expect(values).toEqual([1, 'z']);
  });

  it('refuses a parameter it was not given', () => {
    expect(() => toPositional('a = :missing', {})).toThrow(/:missing/);
  });
});
