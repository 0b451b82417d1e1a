// Roles: IG_OFFICER and ADMIN (subject access reports). Sensitive categories: every category; this file
// names the payload keys that hold other people's personal data (staff, parents, siblings), left out of reports.

/** Payload keys that identify someone other than the young person. */
export const THIRD_PARTY_KEYS: readonly string[] = [
  'supportWorkerInitials',
  'leadWorkerName',
  'leadWorkerInitials',
  'adviserName',
  'parentName',
  'guardianName',
];

/** Key patterns that identify someone other than the young person (a worker's, parent's or sibling's name or contact). */
const THIRD_PARTY_PATTERN = /(worker|adviser|advisor|teacher|staff|parent|guardian|carer|sibling|mother|father)(name|initials|email|phone)s?$/i;

/** True when a payload key holds another person's personal data. */
export function isThirdPartyKey(key: string): boolean {
  return THIRD_PARTY_KEYS.includes(key) || THIRD_PARTY_PATTERN.test(key);
}
