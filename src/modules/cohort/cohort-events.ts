// Events the synthetic cohort's partners report about their learners: providers' drop-out notifications
// (some late: colleges wait before withdrawing a learner, seed 002 line 429) and Careers Wales's
// destinations-survey return for the latest 31 October (seed 001 line 549; 002 line 191). Drawn from a
// generator of their own, so adding them leaves every person and record of a seed as it was.
import { latestSnapshot } from '../destinations/destinations.policy.js';
import type { DestinationCode } from '../destinations/destinations.policy.js';
import type { DropOutReason } from '../notifications/drop-out-reasons.js';
import { dayToIso, isoToDay, schoolYearStart } from './calendar.js';
import type { GeneratedDestinationReturn, GeneratedNotification, GeneratedSourceRecord } from './cohort.types.js';
import type { PersonPlan } from './draw-person.js';
import { Prng } from './prng.js';

/** Shares of withdrawals notified within the two weeks, late (up to eight weeks), and never, as the seeds describe the practice. */
export const NOTIFICATION_TIMELINESS = { onTime: 0.55, late: 0.3 } as const;

/** Share of tier-4 high-risk learners at a college or training provider whose provider notifies that they are at risk. */
export const AT_RISK_NOTIFIED_SHARE = 0.4;

/**
 * Survey outcomes beyond the tier-1 young people (who are non-respondents): Wales-wide, 892 non-respondents
 * and 276 who left the area in October 2022 (seed 002 line 191), of roughly 45,000 leavers of Years 11–13.
 */
export const SURVEY_SHARES = { nonRespondent: 0.015, leftArea: 0.006 } as const;

/** Of each age cohort, the share who left school after Year 12, and after Year 13 (Year 11 is everyone). */
export const LEAVER_SHARES = { 12: 0.08, 13: 0.45 } as const;

const TIER2_LEAVING: Readonly<Record<string, DropOutReason>> = {
  SICKNESS: 'LEFT_ILLNESS',
  YOUNG_CARER: 'LEFT_CARING',
  PREGNANCY: 'LEFT_PREGNANCY',
  CUSTODY: 'LEFT_CUSTODY',
};
const NEET_LEAVING: readonly DropOutReason[] = ['LEFT_NON_ATTENDANCE', 'LEFT_LEARNER_DECISION', 'LEFT_COURSE_UNSUITABLE', 'LEFT_EXCLUDED'];

/** What the person's partners report as events, for the seed to load beside their records. */
export function plannedEvents(seed: string, asOf: string, plan: PersonPlan, records: readonly GeneratedSourceRecord[]): {
  notifications: GeneratedNotification[];
  destinations: GeneratedDestinationReturn[];
} {
  const rng = new Prng(`${seed}|events|${plan.person.truthId}`);
  const notification = dropOutNotification(rng, asOf, plan, records);
  const destination = destinationReturn(rng, asOf, plan, records);
  return { notifications: notification ? [notification] : [], destinations: destination ? [destination] : [] };
}

function dropOutNotification(rng: Prng, asOf: string, plan: PersonPlan, records: readonly GeneratedSourceRecord[]): GeneratedNotification | null {
  const provider = plan.post16Provider;
  const record = provider ? records.find((r) => r.providerCode === provider.code) : undefined;
  if (!provider || !record) return null;
  const today = isoToDay(asOf);
  if (plan.post16Withdrawn) {
    const withdrawnOn = record.payload.EDUCATION_ENROLMENT?.['withdrawnOn'];
    if (typeof withdrawnOn !== 'string') return null;
    const draw = rng.next();
    if (draw >= NOTIFICATION_TIMELINESS.onTime + NOTIFICATION_TIMELINESS.late) return null;
    const delay = draw < NOTIFICATION_TIMELINESS.onTime ? rng.int(1, 14) : rng.int(15, 56);
    const notifiedDay = isoToDay(withdrawnOn) + delay;
    if (notifiedDay >= today) return null; // not told yet
    return { providerCode: provider.code, partnerReference: record.partnerReference, reason: leavingReason(rng, plan), leftOn: withdrawnOn, notifiedOn: dayToIso(notifiedDay) };
  }
  if (plan.tier === 4 && plan.tier4Risk === 'HIGH' && rng.chance(AT_RISK_NOTIFIED_SHARE)) {
    return {
      providerCode: provider.code,
      partnerReference: record.partnerReference,
      reason: rng.pick(['AT_RISK_ATTENDANCE', 'AT_RISK_DISENGAGEMENT'] as const),
      leftOn: null,
      notifiedOn: dayToIso(today - rng.int(1, 60)),
    };
  }
  return null;
}

function leavingReason(rng: Prng, plan: PersonPlan): DropOutReason {
  if (plan.tier === 2) return TIER2_LEAVING[plan.tier2Reason ?? ''] ?? 'LEFT_OTHER';
  if (plan.activity === 'EMPLOYMENT') return 'LEFT_FOR_EMPLOYMENT';
  return rng.pick(NEET_LEAVING);
}

/**
 * A return for a leaver of Years 11–13 in the school year the snapshot follows, known to Careers Wales:
 * every Year 11 pupil of that year, and a share of the age cohorts who left after Year 12 or 13.
 */
function destinationReturn(rng: Prng, asOf: string, plan: PersonPlan, records: readonly GeneratedSourceRecord[]): GeneratedDestinationReturn | null {
  const careersWales = records.find((r) => r.providerCode === 'careers-wales');
  if (!careersWales) return null;
  const snapshot = latestSnapshot(asOf);
  // The snapshot follows the school year that began in September of the year before it.
  const yearsBack = schoolYearStart(asOf) - (Number(snapshot.slice(0, 4)) - 1);
  const yearGroup = plan.schoolAge - 4 - yearsBack;
  if (yearGroup < 11 || yearGroup > 13) return null;
  if (yearGroup !== 11 && !rng.chance(LEAVER_SHARES[yearGroup as 12 | 13])) return null;
  const base = { partnerReference: careersWales.partnerReference, yearGroup, laCode: plan.person.laCode };
  if (plan.tier === 1 || rng.chance(SURVEY_SHARES.nonRespondent)) return { ...base, destination: null, nonRespondent: true, leftArea: false };
  if (rng.chance(SURVEY_SHARES.leftArea)) return { ...base, destination: null, nonRespondent: false, leftArea: true };
  return { ...base, destination: destinationOf(plan, yearGroup), nonRespondent: false, leftArea: false };
}

/** Where the leaver went, read from what they are doing now (the synthetic cohort keeps one activity). */
function destinationOf(plan: PersonPlan, yearGroup: number): DestinationCode {
  if (plan.tier === 2) return 'NEET_NOT_AVAILABLE';
  if (plan.tier === 3 || plan.post16Withdrawn) return 'NEET_AVAILABLE';
  switch (plan.activity) {
    case 'SIXTH_FORM':
      return 'SCHOOL_SIXTH_FORM';
    case 'COLLEGE':
      return 'FURTHER_EDUCATION';
    case 'WBL':
      return 'WORK_BASED_TRAINING_NON_EMPLOYED';
    case 'EMPLOYMENT':
      return yearGroup === 11 ? 'WORK_BASED_TRAINING_EMPLOYED' : 'EMPLOYMENT';
    case 'HIGHER_EDUCATION':
      return 'HIGHER_EDUCATION';
    default:
      return yearGroup === 13 ? 'HIGHER_EDUCATION' : 'FURTHER_EDUCATION';
  }
}
