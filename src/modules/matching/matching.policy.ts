// Roles: EPC (reviews match candidates), ADMIN (everything), PARTNER_SYSTEM (submits records).
// Sensitive categories: IDENTITY and CONTACT, shown only through the field guard on SourceRecord.

/**
 * Which match candidates an EPC works: pairs where either record comes from an organisation in the
 * EPC's own local-authority area. National bodies' records (Careers Wales) reach the EPC through the
 * other record of the pair. Administrators see every pair. Under the purpose LINKAGE this scope is also
 * what bounds the names and contact details released: the regional ISP's linkage clauses carry no area
 * condition, and LINKAGE is accepted only by the review operations (PURPOSE_LIMITED_TO_OPERATIONS).
 */
export const REVIEW_SCOPE = {
  /** Organisation column compared with the principal's LA code (any record of the pair may match). */
  providerColumn: 'la_code',
  /** Roles that see every pair, whatever their area. */
  everywhere: 'manage all',
} as const;

/** Longest note an EPC may attach to a decision. */
export const DECISION_NOTE_LIMIT = 1000;
