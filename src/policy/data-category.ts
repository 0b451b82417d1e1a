/**
 * The data categories of design §4: every GraphQL field carrying personal data belongs to exactly one. All but
 * CONSENT are held on partners' records; CONSENT is the consent, refusal and objection ledger, whose entries
 * the hub holds as the data of the organisation whose principal recorded them.
 */
export const DATA_CATEGORIES = [
  'IDENTITY',
  'CONTACT',
  'EDUCATION_ENROLMENT',
  'ATTENDANCE',
  'BEHAVIOUR',
  'ATTAINMENT',
  'EARLY_IDENTIFICATION_RISK',
  'TIER_STATUS',
  'CAREERS_GUIDANCE',
  'SUPPORT_NEEDS',
  'CARE_STATUS',
  'YOUTH_JUSTICE',
  'LEAD_WORKER',
  'INVOLVEMENT',
  'DESTINATION',
  'CONSENT',
] as const;

/** One data category (design §4). */
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** True when the string names a data category. */
export function isDataCategory(value: string): value is DataCategory {
  return (DATA_CATEGORIES as readonly string[]).includes(value);
}
