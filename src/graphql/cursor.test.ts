import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeCursorKey, encodeCursor } from './cursor.js';

describe('cursor', () => {
  it('round-trips a key', () => {
    const key = '3f1c1a52-8f5e-4a43-9a53-4f8b2a1c9d10';
    expect(decodeCursor(encodeCursor(key))).toBe(key);
  });

  it('rejects text that is not a cursor', () => {
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(Buffer.from('v1:').toString('base64url'))).toBeNull();
  });

  it('splits a key into the parts its list made, and refuses any other shape', () => {
    expect(decodeCursorKey(encodeCursor('1764000000000:42'), /^(\d{1,16}):(\d{1,18})$/)).toEqual(['1764000000000', '42']);
    expect(decodeCursorKey(encodeCursor(`${'9'.repeat(30)}:1`), /^(\d{1,16}):(\d{1,18})$/)).toBeNull();
    expect(decodeCursorKey('%%%', /^(.*)$/)).toBeNull();
  });
});
