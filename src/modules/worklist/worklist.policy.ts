// Roles: EPC (an LA's Engagement and Progression Coordinator works its own LA's list) and the administrator.
// Sensitive categories: TIER_STATUS, CAREERS_GUIDANCE, DESTINATION and EDUCATION_ENROLMENT, the facts that make a status unknown.
import type { DataCategory } from '../../policy/data-category.js';
import type { Purpose } from '../../policy/purpose.js';
import type { ResolutionOutcome } from '../tiers/tier-history.data.js';

/** The one purpose the worklist is read and worked for (docs/sharing-rules.md: the EPC's UNKNOWN_RESOLUTION). */
export const WORKLIST_PURPOSE: Purpose = 'UNKNOWN_RESOLUTION';

/** Ages (in whole years today) of the post-16 cohort the worklist covers: 16, 17 and 18. */
export const WORKLIST_AGES = [16, 17, 18] as const;

/**
 * Why a young person's status is unknown, each a fact supplied by one organisation in one category. A reason
 * counts only where the sharing rules release that category of that record to the EPC, so the list, its
 * order and its counts depend on nothing withheld.
 * - TIER_1: Careers Wales's record says tier 1 (and it is the current tier);
 * - NO_CAREERS_WALES_CONTACT: Careers Wales last had contact longer ago than the configured time;
 * - DESTINATION_NON_RESPONDENT: Careers Wales's latest destinations return says no answer (a tier-history event);
 * - LEFT_PROVISION: a college, training provider or sixth form says the young person left, with no destination since.
 */
export const UNKNOWN_REASONS = ['TIER_1', 'NO_CAREERS_WALES_CONTACT', 'DESTINATION_NON_RESPONDENT', 'LEFT_PROVISION'] as const;

/** One reason. */
export type UnknownReason = (typeof UNKNOWN_REASONS)[number];

/** The category whose release lets a reason count. */
export const REASON_CATEGORY: Readonly<Record<UnknownReason, DataCategory>> = {
  TIER_1: 'TIER_STATUS',
  NO_CAREERS_WALES_CONTACT: 'CAREERS_GUIDANCE',
  // Read from the tier history (kind DESTINATION_RETURN, reason NON_RESPONDENT), which is TIER_STATUS of its supplier.
  DESTINATION_NON_RESPONDENT: 'TIER_STATUS',
  LEFT_PROVISION: 'EDUCATION_ENROLMENT',
};

/** Outcomes an EPC records on an item (attempts and reopenings have their own operations). */
export const EPC_OUTCOMES = ['FOUND_ENGAGED', 'IN_CUSTODY', 'MOVED_OUT_OF_AREA', 'LEFT_WALES', 'LEFT_UK', 'DECEASED', 'NOT_FOUND'] as const satisfies readonly ResolutionOutcome[];

/** One EPC outcome. */
export type EpcOutcome = (typeof EPC_OUTCOMES)[number];

/** Where an item stands, from its LA's resolution events. */
export const WORKLIST_STATES = ['ATTEMPTING_CONTACT', 'NOT_FOUND', 'HANDED_TO_CAREERS_WALES', 'CLOSED'] as const;

/** One state. */
export type WorklistState = (typeof WORKLIST_STATES)[number];

/** The state an outcome leaves an item in. */
export const STATE_AFTER: Readonly<Record<EpcOutcome, WorklistState>> = {
  FOUND_ENGAGED: 'HANDED_TO_CAREERS_WALES',
  IN_CUSTODY: 'HANDED_TO_CAREERS_WALES',
  MOVED_OUT_OF_AREA: 'CLOSED',
  LEFT_WALES: 'CLOSED',
  LEFT_UK: 'CLOSED',
  DECEASED: 'CLOSED',
  NOT_FOUND: 'NOT_FOUND',
};
