// Roles: post-16 providers' partner systems and pastoral leads notify; Careers Wales advisers act on the
// queue and confirm the tier; EPCs and providers read what the sharing rules release; analysts read aggregates.
// Sensitive categories: EDUCATION_ENROLMENT (a notification, its reason and dates) and TIER_STATUS (what Careers Wales did with it).
import type { DataCategory } from '../../policy/data-category.js';
import type { Purpose } from '../../policy/purpose.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';

/**
 * A drop-out notification is data the notifying provider supplies about its learner's enrolment ending
 * or at risk, so it is EDUCATION_ENROLMENT from that provider: the regional ISP releases it to Careers
 * Wales from colleges, training providers and schools (their clauses cover EDUCATION_ENROLMENT for
 * TRACKING, BROKERAGE and UNKNOWN_RESOLUTION), to the EPC of the LA where the learner lives from a college
 * (UNKNOWN_RESOLUTION, TRACKING), and to nobody else but its sender.
 */
export const NOTIFICATION_CATEGORY: DataCategory = 'EDUCATION_ENROLMENT';

/**
 * What Careers Wales did with a notification (closed it with a tier assessment) is Careers Wales's own
 * data about the young person's tier: TIER_STATUS from Careers Wales, released to an LA only in tiers 1–2.
 */
export const ACTION_CATEGORY: DataCategory = 'TIER_STATUS';

/** Kinds of organisation whose learners may be notified: post-16 providers (school sixth forms, colleges, training providers). */
export const NOTIFYING_KINDS: readonly OrganisationKind[] = ['FE_COLLEGE', 'WBL_PROVIDER', 'SCHOOL'];

/** Purposes under which a provider tells Careers Wales (the provider's own declared purpose when it notifies). */
export const NOTIFY_PURPOSES: readonly Purpose[] = ['TRACKING'];

/** Purposes under which a Careers Wales adviser confirms the tier a notification implies. */
export const CONFIRM_PURPOSES: readonly Purpose[] = ['TRACKING', 'BROKERAGE'];

/** Purposes under which the aggregate reports are read (an analyst's STATISTICS; Careers Wales and EPCs track). */
export const REPORT_PURPOSES: readonly Purpose[] = ['STATISTICS', 'TRACKING'];

/** Days from leaving to notification within which a notification is on time (Swansea's agreement, seed 001 line 559). */
export const DEFAULT_NOTIFICATION_LIMIT_DAYS = 14;
