import { createHash } from 'node:crypto';

// The namespace of the hub's name-based ids (a fixed random UUID).
const NAMESPACE = Buffer.from('6f1c2a9e4b7d4e0f9a3c5d8e7f1a2b3c', 'hex');

/** A name-based UUID (version 5): the same name always gives the same id, which makes job ids deterministic. */
export function uuidFromName(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
