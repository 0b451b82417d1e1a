/** The purposes a request may declare in `X-Purpose` (design §4). */
export const PURPOSES = [
  'EARLY_IDENTIFICATION',
  'BROKERAGE',
  'LEAD_WORKER_SUPPORT',
  'TRACKING',
  'TRANSITION',
  'UNKNOWN_RESOLUTION',
  'ADMISSIONS',
  'STATISTICS',
  'AUDIT',
] as const;

/** One purpose. */
export type Purpose = (typeof PURPOSES)[number];

/** True when the string names a purpose. */
export function isPurpose(value: string): value is Purpose {
  return (PURPOSES as readonly string[]).includes(value);
}
