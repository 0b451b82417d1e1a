/** The roles a principal may hold (design §3). */
export const ROLES = [
  'EPC',
  'LEAD_WORKER',
  'CW_ADVISER',
  'PROVIDER_PASTORAL',
  'IG_OFFICER',
  'ANALYST',
  'PARTNER_SYSTEM',
  'ADMIN',
  /** A college's or training provider's admissions officer: ADMISSIONS only. */
  'ADMISSIONS_OFFICER',
  /** A partner's data manager: sends its records, fixes rejected rows, checks its learners' status for tracking. */
  'DATA_MANAGER',
] as const;

/** One role. */
export type Role = (typeof ROLES)[number];

/** Whether a principal is a person or a partner's system. */
export const PRINCIPAL_KINDS = ['USER', 'SYSTEM'] as const;

/** One principal kind. */
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];
