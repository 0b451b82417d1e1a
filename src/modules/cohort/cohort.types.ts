import type { DataCategory } from '../../policy/data-category.js';
import type { IdentityFields } from '../sources/identity-fields.js';

/** Sex as partners record it. */
export type RecordedSex = 'F' | 'M' | 'X';

/** One partner's record about a young person, as a partner system would send it (noise included). */
export interface GeneratedSourceRecord extends IdentityFields<RecordedSex> {
  /** `OrganisationSeed.code` of the partner that holds this record. */
  providerCode: string;
  /** The partner's own reference, unique within that partner. */
  partnerReference: string;
  /** Non-identity data, grouped by data category. */
  payload: Partial<Record<DataCategory, Record<string, unknown>>>;
}

/** The true, noise-free identity of a generated young person (never written to the hub's tables). */
export interface GeneratedPerson {
  /** Stable id of the truth, e.g. `P000123`; appears only in the ground-truth file. */
  truthId: string;
  laCode: string;
  givenName: string;
  middleNames: string | null;
  familyName: string;
  dateOfBirth: string;
  sex: RecordedSex;
  postcode: string;
  upn: string | null;
  uln: string | null;
}

/** Options of the cohort generator. */
export interface CohortOptions {
  people: number;
  seed: string;
  /** Ages are computed on this date (ISO); fixed so that a seed always gives the same cohort. */
  asOf: string;
}

/** A post-16 provider's drop-out or at-risk notification about its learner (its own record, by reference). */
export interface GeneratedNotification {
  providerCode: string;
  partnerReference: string;
  reason: string;
  leftOn: string | null;
  notifiedOn: string;
}

/** Careers Wales's destinations-survey return about a leaver (its own record, by reference). */
export interface GeneratedDestinationReturn {
  partnerReference: string;
  yearGroup: number;
  laCode: string;
  destination: string | null;
  nonRespondent: boolean;
  leftArea: boolean;
}

/** One person, the source records that partners hold about them, and the events partners report about them. */
export interface GeneratedPersonWithRecords {
  person: GeneratedPerson;
  records: GeneratedSourceRecord[];
  notifications: GeneratedNotification[];
  destinations: GeneratedDestinationReturn[];
}
