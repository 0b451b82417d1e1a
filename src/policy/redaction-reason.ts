/** Why a value was withheld (design §4, docs/sharing-rules.md); precise, for the access log and IG officers. */
export const REDACTION_REASONS = [
  'NO_AGREEMENT',
  'AGREEMENT_NOT_ACTIVE',
  'PURPOSE_NOT_PERMITTED',
  'TIER_RESTRICTED',
  'CONDITION_NOT_MET',
  'CONSENT_REQUIRED',
  'CONSENT_WITHDRAWN',
  'OBJECTION',
  'PURPOSE_EXCLUDED',
  'ROLE_NOT_PERMITTED',
] as const;

/** One redaction reason. */
export type RedactionReason = (typeof REDACTION_REASONS)[number];

/** Reasons that depend only on the principal, its purpose, the supplier and the agreements, never on the young person. */
export const PERSON_INDEPENDENT_REASONS = [
  'ROLE_NOT_PERMITTED',
  'PURPOSE_EXCLUDED',
  'NO_AGREEMENT',
  'AGREEMENT_NOT_ACTIVE',
  'PURPOSE_NOT_PERMITTED',
] as const satisfies readonly RedactionReason[];

/** The neutral reason a recipient sees for every reason that depends on the young person. */
export const NEUTRAL_REASON = 'WITHHELD';

/** What a recipient may be told about a withheld value. */
export const RECIPIENT_REASONS = [...PERSON_INDEPENDENT_REASONS, NEUTRAL_REASON] as const;

/** One reason as a recipient sees it. */
export type RecipientReason = (typeof RECIPIENT_REASONS)[number];

/** The reason a recipient is told: the precise one when it discloses nothing about the person, else WITHHELD. */
export function recipientReasonOf(reason: RedactionReason): RecipientReason {
  return (PERSON_INDEPENDENT_REASONS as readonly string[]).includes(reason) ? (reason as RecipientReason) : NEUTRAL_REASON;
}
