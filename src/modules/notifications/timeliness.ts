// Timeliness of a drop-out notification: the days from the learner leaving to Careers Wales being told,
// against the limit (two weeks by default: seed 001 line 559). Pure, so that the rule is tested on its own.

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (YYYY-MM-DD each); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The delay of a notification in days, or null for an at-risk notification (the learner has not left). */
export function notificationDelay(leftOn: string | null, notifiedOn: string): number | null {
  return leftOn === null ? null : daysBetween(leftOn, notifiedOn);
}

/** A notification is late when it came more than `limitDays` after the learner left; day `limitDays` itself is on time. */
export function isLate(delayDays: number | null, limitDays: number): boolean | null {
  return delayDays === null ? null : delayDays > limitDays;
}

/** The median of some numbers (the mean of the middle two for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
