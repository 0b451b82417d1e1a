/** Opaque cursors for keyset pagination: base64url of a sort key, never an offset. */
export function encodeCursor(key: string): string {
  return Buffer.from(`v1:${key}`, 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; returns null when it is not one. */
export function decodeCursor(cursor: string): string | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith('v1:') && text.length > 3 ? text.slice(3) : null;
}
