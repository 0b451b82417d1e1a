// Roles: the Careers Wales client database loads the survey; Careers Wales advisers and EPCs read returns as
// the sharing rules release them; analysts, EPCs and advisers read the aggregate report.
// Sensitive categories: DESTINATION (Careers Wales → LA only in tiers 1–2, for the LA where the young person lives).
import type { DataCategory } from '../../policy/data-category.js';
import type { Purpose } from '../../policy/purpose.js';

/** A destination return is Careers Wales's data about where a leaver went: DESTINATION, supplied by Careers Wales. */
export const DESTINATION_CATEGORY: DataCategory = 'DESTINATION';

/** Purposes under which Careers Wales's system loads a survey return. */
export const LOAD_PURPOSES: readonly Purpose[] = ['TRACKING'];

/** Year groups whose leavers the survey covers (seed 001 line 549; 002 line 191). */
export const SURVEY_YEAR_GROUPS = [11, 12, 13] as const;

/**
 * Destination codes, modelled on the categories Careers Wales publishes for its pupil destinations survey
 * [not in seeds: the seeds give only the NEET, non-respondent and left-the-area totals, 002 line 191].
 * `neet` marks the codes counted as not in education, employment or training.
 */
export const DESTINATIONS = {
  SCHOOL_SIXTH_FORM: { neet: false, description: 'Continuing in full-time education at school' },
  FURTHER_EDUCATION: { neet: false, description: 'Continuing in full-time education at a college' },
  HIGHER_EDUCATION: { neet: false, description: 'Higher education' },
  WORK_BASED_TRAINING_NON_EMPLOYED: { neet: false, description: 'Work-based training, non-employed status' },
  WORK_BASED_TRAINING_EMPLOYED: { neet: false, description: 'Work-based training, employed status (apprenticeship)' },
  EMPLOYMENT: { neet: false, description: 'Employed outside work-based training' },
  NEET_AVAILABLE: { neet: true, description: 'Not in education, employment or training, available' },
  NEET_NOT_AVAILABLE: { neet: true, description: 'Not in education, employment or training, not available (illness, caring, pregnancy, custody)' },
} as const satisfies Record<string, { neet: boolean; description: string }>;

/** One destination code. */
export type DestinationCode = keyof typeof DESTINATIONS;

/** Every destination code, in table order. */
export const DESTINATION_CODES = Object.keys(DESTINATIONS) as DestinationCode[];

/** True when the string is a destination code. */
export function isDestinationCode(value: string): value is DestinationCode {
  return Object.hasOwn(DESTINATIONS, value);
}

/** True when the date (YYYY-MM-DD) is a 31 October: the survey's snapshot day. */
export function isSnapshotDay(iso: string): boolean {
  return /^\d{4}-10-31$/.test(iso);
}

/** The latest 31 October on or before `todayIso`: the snapshot a return loaded today belongs to by default. */
export function latestSnapshot(todayIso: string): string {
  const year = Number(todayIso.slice(0, 4));
  return todayIso.slice(5) >= '10-31' ? `${year}-10-31` : `${year - 1}-10-31`;
}

/** Purposes under which the destinations report is read (an analyst's STATISTICS; Careers Wales and EPCs track). */
export const REPORT_PURPOSES: readonly Purpose[] = ['STATISTICS', 'TRACKING'];
