/**
 * The purposes a request may declare in `X-Purpose` (design §4). LINKAGE is deciding whether two partners'
 * records are one young person (the EPC's match review); it is accepted only by the review operations.
 */
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
  'LINKAGE',
] as const;

/** One purpose. */
export type Purpose = (typeof PURPOSES)[number];

/** True when the string names a purpose. */
export function isPurpose(value: string): value is Purpose {
  return (PURPOSES as readonly string[]).includes(value);
}
