import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('cursor', () => {
  it('round-trips a key', () => {
    const key = '3f1c1a52-8f5e-4a43-9a53-4f8b2a1c9d10';
    expect(decodeCursor(encodeCursor(key))).toBe(key);
  });

  it('rejects text that is not a cursor', () => {
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(Buffer.from('v1:').toString('base64url'))).toBeNull();
  });
});
