/** Opaque cursors for keyset pagination: base64url of a sort key, never an offset. */
export function encodeCursor(key: string): string {
  return Buffer.from(`v1:${key}`, 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; returns null when it is not one. */
export function decodeCursor(cursor: string): string | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith('v1:') && text.length > 3 ? text.slice(3) : null;
}

/**
 * The capture groups of a cursor's key against `pattern` (anchor it), or null when the cursor is not one
 * of this list's: a client may send anything as a cursor, so each list states the exact shape it made.
 */
export function decodeCursorKey(cursor: string, pattern: RegExp): string[] | null {
  const key = decodeCursor(cursor);
  const m = key === null ? null : pattern.exec(key);
  return m ? m.slice(1) : null;
}
