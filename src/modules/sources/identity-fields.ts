/**
 * The identity fields of a source record as a partner supplies them: the one list shared by the
 * generator, ingest validation and the matcher (each narrows `sex` as it needs).
 */
export interface IdentityFields<Sex extends string = string> {
  givenName: string | null;
  middleNames: string | null;
  familyName: string | null;
  /** ISO date YYYY-MM-DD as supplied. */
  dateOfBirth: string | null;
  sex: Sex | null;
  postcode: string | null;
  addressLine: string | null;
  locality: string | null;
  upn: string | null;
  uln: string | null;
  otherIdentifier: string | null;
  email: string | null;
  phone: string | null;
}
