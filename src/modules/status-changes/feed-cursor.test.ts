import { describe, expect, it } from 'vitest';
import { feedCursor, parseFeedCursor } from './feed.sql.js';

describe('change feed cursors', () => {
  const secret = 'a-hub-secret-of-at-least-thirty-two-chars';

  it('seal a position so that only this hub reads it back, and differently each time', () => {
    const a = feedCursor('12345', secret);
    const b = feedCursor('12345', secret);
    expect(a).not.toBe(b);
    expect(parseFeedCursor(a, secret)).toBe('12345');
    expect(parseFeedCursor(b, secret)).toBe('12345');
    expect(Buffer.from(a, 'base64url').toString('latin1')).not.toContain('12345');
  });

  it('refuse a cursor altered, sealed under another secret, or not a cursor at all', () => {
    const a = Buffer.from(feedCursor('7', secret), 'base64url');
    a[a.length - 1] = a.at(-1)! ^ 1;
    expect(parseFeedCursor(a.toString('base64url'), secret)).toBeNull();
    expect(parseFeedCursor(feedCursor('7', 'another-secret-of-at-least-thirty-two-chars'), secret)).toBeNull();
    expect(parseFeedCursor('not-a-cursor', secret)).toBeNull();
    expect(parseFeedCursor('', secret)).toBeNull();
  });
});
