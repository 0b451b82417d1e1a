import type { Tier } from './tier-history.data.js';

/**
 * One piece of Careers Wales's word on a tier: an assessment recorded in the hub, or the tier on Careers
 * Wales's own record as its system sent it. Ordered as the sharing rules order them (person_state): the
 * latest day first, on one day an assessment before a record, then the later assessment.
 */
export interface TierFact {
  /** The assessment's or the record's id. */
  id: string;
  tier: Tier;
  /** YYYY-MM-DD. */
  onDay: string;
  /**
   * 1: an assessment recorded in the hub; 0: the tier on a Careers Wales record now; -1: what a Careers
   * Wales record said before it was replaced (history only: never the current tier, as for the sharing rules).
   */
  rank: number;
  /** The assessment's sequence number (0 for a record). */
  seq: number;
}

/** Most recent first, exactly as the sharing rules pick the current tier. */
export function byRecency(a: TierFact, b: TierFact): number {
  if (a.onDay !== b.onDay) return a.onDay < b.onDay ? 1 : -1;
  if (a.rank !== b.rank) return b.rank - a.rank;
  return b.seq - a.seq;
}

/** A stretch of time in one tier: the facts that said so, oldest first, and when it began and ended. */
export interface TierRun<F extends TierFact> {
  tier: Tier;
  facts: F[];
  /** The day of the first fact of the run. */
  from: string;
  /** The day the next run began, or null for the current one. */
  until: string | null;
}

/** Groups facts (any order) into runs of one tier, oldest first. */
export function tierRuns<F extends TierFact>(facts: readonly F[]): Array<TierRun<F>> {
  const ascending = [...facts].sort(byRecency).reverse();
  const runs: Array<TierRun<F>> = [];
  for (const f of ascending) {
    const last = runs.at(-1);
    if (last && last.tier === f.tier) last.facts.push(f);
    else {
      if (last) last.until = f.onDay;
      runs.push({ tier: f.tier, facts: [f], from: f.onDay, until: null });
    }
  }
  return runs;
}

/** The current tier as one may know it: the determining fact, and since when, over released facts only. */
export interface DerivedStatus<F extends TierFact> {
  current: F;
  /** The first day of the current run, counting only the released facts that lead back to it unbroken. */
  since: string;
  /** The facts of the current run from `since`, newest first. */
  run: F[];
}

/**
 * The current tier is the most recent fact; it is known to the asker only when that fact is released, and
 * "since when" walks back through released facts of the same tier only, so that nothing withheld (an earlier
 * assessment from a supplier the asker may not read) moves the date.
 */
export function deriveStatus<F extends TierFact>(facts: readonly F[], released: (f: F) => boolean): DerivedStatus<F> | null {
  const newest = [...facts].sort(byRecency);
  const at = newest.findIndex((f) => f.rank >= 0);
  const current = newest[at];
  if (!current || !released(current)) return null;
  const run: F[] = [current];
  for (const f of newest.slice(at + 1)) {
    if (f.tier !== current.tier || !released(f)) break;
    run.push(f);
  }
  return { current, since: run.at(-1)!.onDay, run };
}

/** A move from one tier to another, with the time spent in the first. */
export interface Movement<F extends TierFact> {
  fromTier: Tier;
  toTier: Tier;
  /** The day of the fact that moved the young person. */
  on: string;
  /** Whole days in `fromTier` before the move. */
  daysInFromTier: number;
  /** The last fact of the earlier tier and the first of the new one. */
  before: F;
  after: F;
}

/** Every movement between tiers, oldest first (the tier counts' "movement between the tiers in year"). */
export function deriveMovements<F extends TierFact>(facts: readonly F[]): Array<Movement<F>> {
  const runs = tierRuns(facts);
  const out: Array<Movement<F>> = [];
  for (let i = 1; i < runs.length; i++) {
    const prev = runs[i - 1]!;
    const next = runs[i]!;
    out.push({
      fromTier: prev.tier,
      toTier: next.tier,
      on: next.from,
      daysInFromTier: daysBetween(prev.from, next.from),
      before: prev.facts.at(-1)!,
      after: next.facts[0]!,
    });
  }
  return out;
}

/** Whole days from one ISO day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
