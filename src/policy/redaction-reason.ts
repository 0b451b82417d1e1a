/** Why a value was withheld (design §4); carried in `extensions.redactions` and in the access log. */
export const REDACTION_REASONS = [
  'NO_AGREEMENT',
  'AGREEMENT_NOT_ACTIVE',
  'PURPOSE_NOT_PERMITTED',
  'TIER_RESTRICTED',
  'CONSENT_REQUIRED',
  'CONSENT_WITHDRAWN',
  'OBJECTION',
  'PURPOSE_EXCLUDED',
  'ROLE_NOT_PERMITTED',
] as const;

/** One redaction reason. */
export type RedactionReason = (typeof REDACTION_REASONS)[number];
