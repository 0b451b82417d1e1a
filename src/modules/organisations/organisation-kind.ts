/** The kinds of organisation that take part in the YEPF (design §3). */
export const ORGANISATION_KINDS = [
  'SCHOOL',
  'LOCAL_AUTHORITY',
  'CAREERS_WALES',
  'FE_COLLEGE',
  'WBL_PROVIDER',
  'VOLUNTARY',
  'YOUTH_SERVICE',
  'WELSH_GOVERNMENT',
] as const;

/** One organisation kind. */
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * Kinds whose records are registers, one per young person (a school roll, a college's or provider's learner list,
 * Careers Wales's client database): seeded organisations of these kinds declare `unique_per_person`, so two of their
 * records are never linked into one person automatically.
 */
export const REGISTER_KINDS: readonly OrganisationKind[] = ['SCHOOL', 'FE_COLLEGE', 'WBL_PROVIDER', 'CAREERS_WALES'];

/** Reference data for one organisation, as seeded. `laCode` is the LA area it serves (null for national bodies). */
export interface OrganisationSeed {
  code: string;
  name: string;
  nameCy: string | null;
  kind: OrganisationKind;
  laCode: string | null;
  ispSignatory: boolean;
}

/** One of the 22 Welsh local authorities: `code` is a short slug (e.g. `cardiff`), `onsCode` e.g. W06000015. */
export interface LocalAuthoritySeed {
  code: string;
  onsCode: string;
  name: string;
  nameCy: string;
  /** DfE LA number used in UPNs (Welsh LAs are 660–681). */
  dfeNumber: number;
}
