// The vocabulary of the event-sourced tier history (domain digest §2, §7.2–7.3), kept as data so that the
// migration's CHECK constraints, the service's validation and the GraphQL enums say the same thing.

/** The Careers Wales five tiers (1 = status unknown … 5 = in education, employment or training). */
export const TIERS = [1, 2, 3, 4, 5] as const;

/** One tier. */
export type Tier = (typeof TIERS)[number];

/** Why a tier-2 young person is not available for EET (the 2013 plan's and the 2022 handbook's examples). */
export const TIER2_REASONS = ['SICKNESS', 'YOUNG_CARER', 'PREGNANCY', 'CUSTODY', 'MULTIPLE_BARRIERS'] as const;

/** One tier-2 reason. */
export type Tier2Reason = (typeof TIER2_REASONS)[number];

/** The risk level inside tier 4. */
export const TIER4_RISKS = ['LOW', 'MEDIUM', 'HIGH'] as const;

/** One tier-4 risk level. */
export type Tier4Risk = (typeof TIER4_RISKS)[number];

/**
 * What put an event in the history: an assessment by Careers Wales (the only kind that sets a tier), a
 * provider's drop-out notification, a destinations-survey return, an enrolment, a move between areas, or
 * an EPC's step in resolving an unknown status.
 */
export const TIER_EVENT_KINDS = ['ASSESSMENT', 'DROP_OUT_NOTIFICATION', 'DESTINATION_RETURN', 'ENROLMENT', 'MOVE', 'RESOLUTION'] as const;

/** One kind of tier-history event. */
export type TierEventKind = (typeof TIER_EVENT_KINDS)[number];

/**
 * An EPC's outcomes for an unknown (kind RESOLUTION). FOUND_ENGAGED and IN_CUSTODY hand the young person to
 * Careers Wales for a tier assessment; MOVED_OUT_OF_AREA, LEFT_WALES, LEFT_UK and DECEASED close the item;
 * NOT_FOUND keeps it open after the attempts logged as CONTACT_ATTEMPT; REOPENED reverses an earlier outcome.
 */
export const RESOLUTION_OUTCOMES = [
  'FOUND_ENGAGED',
  'IN_CUSTODY',
  'MOVED_OUT_OF_AREA',
  'LEFT_WALES',
  'LEFT_UK',
  'DECEASED',
  'NOT_FOUND',
  'CONTACT_ATTEMPT',
  'REOPENED',
] as const;

/** One resolution outcome. */
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number];

/** Outcomes after which Careers Wales takes over: the item stays, in progress, until an assessment arrives. */
export const HANDOVER_OUTCOMES: readonly ResolutionOutcome[] = ['FOUND_ENGAGED', 'IN_CUSTODY'];

/** Outcomes that close an item on the worklist of the LA that recorded them. */
export const CLOSING_OUTCOMES: readonly ResolutionOutcome[] = ['MOVED_OUT_OF_AREA', 'LEFT_WALES', 'LEFT_UK', 'DECEASED'];

/** How someone tried to reach a young person whose status is unknown. */
export const CONTACT_METHODS = ['PHONE', 'TEXT_MESSAGE', 'EMAIL', 'LETTER', 'HOME_VISIT', 'PARTNER_ENQUIRY', 'DETACHED_YOUTH_WORK'] as const;

/** One contact method. */
export type ContactMethod = (typeof CONTACT_METHODS)[number];

/** Education, employment or training status, as the tier says it. */
export const EET_STATUSES = ['IN_EET', 'IN_EET_AT_RISK', 'NEET_SEEKING', 'NEET_NOT_AVAILABLE', 'UNKNOWN'] as const;

/** One EET status. */
export type EetStatus = (typeof EET_STATUSES)[number];

/** The EET status each tier stands for (the tier definitions of the 2022 handbook). */
export const EET_STATUS_OF_TIER: Readonly<Record<Tier, EetStatus>> = {
  5: 'IN_EET',
  4: 'IN_EET_AT_RISK',
  3: 'NEET_SEEKING',
  2: 'NEET_NOT_AVAILABLE',
  1: 'UNKNOWN',
};

/** A reason code: upper-case letters, digits and underscores, so that no free text (and no personal data) gets in. */
export const REASON_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

