import { describe, expect, it } from 'vitest';
import { parseIdempotencyKey, requestHash } from './idempotency.js';

describe('Idempotency-Key', () => {
  it('accepts 1 to 100 characters of A-Z a-z 0-9 _ - and refuses anything else as BAD_REQUEST (400)', () => {
    expect(parseIdempotencyKey(undefined)).toBeNull();
    for (const ok of ['a', 'retry_2026-01-01', 'K'.repeat(100), '0-_']) expect(parseIdempotencyKey(ok)).toBe(ok);
    for (const bad of ['', 'K'.repeat(101), 'has space', 'a/b', 'ŵ', 'a\n']) {
      expect(() => parseIdempotencyKey(bad)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_REQUEST', http: { status: 400 } } }));
    }
  });

  it('hashes a request by its mutation and argument values: key order and absent-or-null do not matter, any value does', () => {
    const base = requestHash('confirmMatch', { input: { candidateId: 'c1', note: 'same' } });
    expect(requestHash('confirmMatch', { input: { note: 'same', candidateId: 'c1' } })).toBe(base);
    expect(requestHash('confirmMatch', { input: { candidateId: 'c1' } })).toBe(requestHash('confirmMatch', { input: { candidateId: 'c1', note: null } }));
    expect(requestHash('confirmMatch', { input: { candidateId: 'c1', note: 'other' } })).not.toBe(base);
    expect(requestHash('rejectMatch', { input: { candidateId: 'c1', note: 'same' } })).not.toBe(base);
    expect(requestHash('x', { list: ['a', 'b'] })).not.toBe(requestHash('x', { list: ['b', 'a'] }));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
