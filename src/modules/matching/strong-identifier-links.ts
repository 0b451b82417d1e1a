import { isValidUln } from '../identifiers/uln.js';
import { isValidUpn } from '../identifiers/upn.js';

/** The strong identifiers of one source record. */
export interface StrongIdentifiers {
  upn: string | null;
  uln: string | null;
}

/**
 * Groups records that share a valid UPN or ULN (transitively), the first and surest stage of
 * matching. Identifiers that fail their check character never link. Returns, for each input
 * index, the index of its group's first member: records with no valid identifier stand alone.
 */
export function groupByStrongIdentifiers(records: readonly StrongIdentifiers[]): number[] {
  const parent = records.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) {
      const next = parent[i]!;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const firstWith = new Map<string, number>();
  records.forEach((r, i) => {
    const keys: string[] = [];
    const upn = r.upn?.trim().toUpperCase();
    const uln = r.uln?.trim();
    if (upn && isValidUpn(upn)) keys.push(`upn:${upn}`);
    if (uln && isValidUln(uln)) keys.push(`uln:${uln}`);
    for (const key of keys) {
      const seen = firstWith.get(key);
      if (seen === undefined) firstWith.set(key, i);
      else union(seen, i);
    }
  });
  return records.map((_, i) => find(i));
}
