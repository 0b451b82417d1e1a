// Small-cell suppression for aggregate reports (design §1: analysts never get small cells). A count from
// 1 to 4 is not shown: its value is null and `suppressed` is true (never a "<5" string, so that a client
// cannot mistake it for a number and every count keeps one type). Zero is shown: it discloses nobody.

/** Largest count that is suppressed (counts 1 to this). */
export const SMALL_CELL_MAX = 4;

/** A count as a report shows it: the value, or null with `suppressed` set when it is a small cell or would reveal one. */
export interface ShownCount {
  value: number | null;
  suppressed: boolean;
}

/** An additive relation between cells of one report: `total` = the sum of `parts` (so any one hidden cell could be worked back). */
export interface CellRelation {
  total: string;
  parts: readonly string[];
}

/** True for a count that must not be shown on its own account. */
export function isSmallCell(count: number): boolean {
  return count >= 1 && count <= SMALL_CELL_MAX;
}

/**
 * Suppresses every small cell (primary), then, wherever a relation has exactly one hidden cell (it could be
 * worked out from the others), hides one more: the smallest non-zero part shown, else the total (secondary),
 * until no hidden cell can be recovered by subtraction within one relation.
 */
export function suppressCells(counts: ReadonlyMap<string, number>, relations: readonly CellRelation[]): Map<string, ShownCount> {
  const hidden = new Set([...counts].filter(([, v]) => isSmallCell(v)).map(([k]) => k));
  const value = (k: string): number => counts.get(k) ?? 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of relations) {
      const members = [r.total, ...r.parts];
      if (members.filter((m) => hidden.has(m)).length !== 1) continue;
      const parts = r.parts.filter((p) => !hidden.has(p) && value(p) > 0).sort((a, b) => value(a) - value(b));
      const pick = parts[0] ?? (!hidden.has(r.total) && value(r.total) > 0 ? r.total : undefined);
      if (pick === undefined) continue;
      hidden.add(pick);
      changed = true;
    }
  }
  return new Map([...counts].map(([k, v]) => [k, hidden.has(k) ? { value: null, suppressed: true } : { value: v, suppressed: false }]));
}

/** One count on its own (no relation to protect): shown, or suppressed when small. */
export function shownCount(count: number): ShownCount {
  return isSmallCell(count) ? { value: null, suppressed: true } : { value: count, suppressed: false };
}
