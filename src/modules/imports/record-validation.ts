// Row validation for partner submissions: each rule names the field and the reason, never the value
// (reasons go back to partners and into logs). Errors reject the row; warnings keep it. Free text is
// cleaned first (clean-text.ts) and the payload is checked field by field (payload-validation.ts).
import { isValidUln } from '../identifiers/uln.js';
import { isValidUpn } from '../identifiers/upn.js';
import { isUkPostcode } from '../matching/engine/standardise.js';
import { isRealIsoDate } from '../sources/payload-schemas.js';
import { datePrecision } from './date-layout.js';
import type { CategorisedPayload } from '../sources/source-record.entity.js';
import type { IdentityFields } from '../sources/identity-fields.js';
import { cleanText, mixedScriptReason, mixedScripts, REMOVED_REASONS } from './clean-text.js';
import { validatePayload } from './payload-validation.js';

export { isRealIsoDate };

/** One partner record as submitted (GraphQL input or a mapped CSV row): every field optional and unchecked. */
export interface PartnerRecordSubmission {
  partnerReference?: string | null;
  givenName?: string | null;
  middleNames?: string | null;
  familyName?: string | null;
  dateOfBirth?: string | null;
  sex?: string | null;
  postcode?: string | null;
  addressLine?: string | null;
  locality?: string | null;
  upn?: string | null;
  uln?: string | null;
  otherIdentifier?: string | null;
  email?: string | null;
  phone?: string | null;
  version?: number | null;
  payload?: Record<string, unknown> | null;
}

/** A field and what is wrong with it. */
export interface RowProblem {
  field: string;
  reason: string;
}

/** A row that passed validation, trimmed and normalised for storage. */
export interface ValidRecord extends IdentityFields<'F' | 'M' | 'X'> {
  partnerReference: string;
  /** The date of birth as written when it is not a full real date (a year, a month, or text that is no date). */
  dateOfBirthText: string | null;
  /** Identity fields kept as sent but not to be used as matching evidence. */
  flaggedFields: string[];
  version: number | null;
  /** Null when the submission carried no payload (the stored payload is kept). */
  payload: CategorisedPayload | null;
}

/** The outcome of validating one row. */
export type RowValidation = { ok: true; record: ValidRecord; warnings: RowProblem[] } | { ok: false; errors: RowProblem[] };

/** The ages a partner's records plausibly cover (its configuration); a date of birth outside them is kept but not used to match. */
export interface AgeRange {
  minAge?: number | null;
  maxAge?: number | null;
}

/** Why a row is rejected when nothing identifying is left once its bad fields are set aside. */
export const NOTHING_TO_IDENTIFY = 'nothing usable to identify anyone: no usable name, identifier or date of birth';

/** Longest value accepted per text field. */
export const FIELD_LIMITS = {
  partnerReference: 100,
  givenName: 100,
  middleNames: 200,
  familyName: 100,
  postcode: 16,
  addressLine: 300,
  locality: 100,
  upn: 20,
  uln: 20,
  otherIdentifier: 50,
  email: 254,
  phone: 30,
} as const;

const HAS_LETTER = /\p{L}/u;
const NAME_DIGIT = /\d/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{7,30}$/;
const SEX: Readonly<Record<string, 'F' | 'M' | 'X'>> = { f: 'F', female: 'F', girl: 'F', m: 'M', male: 'M', boy: 'M', x: 'X' };
/** Longest date-of-birth text kept as written when it is not a date. */
const DATE_TEXT_LIMIT = 40;
const NOT_USED = 'kept, but not used to match';

/** Whole years from a YYYY-MM-DD birth date to `today`. */
function ageOn(dateOfBirth: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return today.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/**
 * Validates one submitted row field by field. A bad field never costs the row: it is dropped, or kept as sent and
 * flagged (not used to match), with a warning naming it and why. The row is rejected only when it has no partner
 * reference (nothing to keep it by) or nothing usable to identify anyone is left (no name, identifier or date of
 * birth). The payload is checked against the category schemas the same way.
 */
export function validateRecord(input: PartnerRecordSubmission, today: string = new Date().toISOString().slice(0, 10), ages: AgeRange = {}): RowValidation {
  const errors: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const flaggedFields: string[] = [];
  /** The field as text, cleaned (a warning per kind of character removed); null when nothing is left. */
  const text = (field: keyof typeof FIELD_LIMITS | 'dateOfBirth' | 'sex'): string | null => {
    const raw = input[field];
    if (raw === null || raw === undefined) return null;
    const { text: v, removed } = cleanText(String(raw));
    for (const kind of removed) warnings.push({ field, reason: REMOVED_REASONS[kind] });
    return v.length > 0 ? v : null;
  };
  /** The field as text within its length limit; a longer value is dropped with a warning. */
  const value = (field: keyof typeof FIELD_LIMITS): string | null => {
    const v = text(field);
    if (v !== null && v.length > FIELD_LIMITS[field]) {
      warnings.push({ field, reason: `is longer than ${FIELD_LIMITS[field]} characters; dropped` });
      return null;
    }
    return v;
  };
  const flag = (field: string, reason: string): void => {
    flaggedFields.push(field);
    warnings.push({ field, reason: `${reason}; ${NOT_USED}` });
  };

  const partnerReference = text('partnerReference');
  if (partnerReference === null) errors.push({ field: 'partnerReference', reason: 'is required' });
  else if (partnerReference.length > FIELD_LIMITS.partnerReference) {
    errors.push({ field: 'partnerReference', reason: `longer than ${FIELD_LIMITS.partnerReference} characters` });
  }

  const name = (field: 'givenName' | 'familyName' | 'middleNames'): string | null => {
    const v = value(field);
    if (v === null) return null;
    if (!HAS_LETTER.test(v)) {
      warnings.push({ field, reason: 'has no letters; dropped' });
      return null;
    }
    if (NAME_DIGIT.test(v)) flag(field, 'contains digits');
    const scripts = mixedScripts(v);
    if (scripts.length > 0) warnings.push({ field, reason: mixedScriptReason(scripts) });
    return v;
  };
  const givenName = name('givenName');
  const familyName = name('familyName');
  const middleNames = name('middleNames');

  let dateOfBirth = text('dateOfBirth');
  let dateOfBirthText: string | null = null;
  if (dateOfBirth !== null) {
    if (/^\d{8}$/.test(dateOfBirth)) dateOfBirth = `${dateOfBirth.slice(0, 4)}-${dateOfBirth.slice(4, 6)}-${dateOfBirth.slice(6, 8)}`;
    const precision = datePrecision(dateOfBirth);
    if (precision === 'DAY' && isRealIsoDate(dateOfBirth)) {
      if (dateOfBirth > today) flag('dateOfBirth', 'is in the future');
      else if (dateOfBirth < '1900-01-01') flag('dateOfBirth', 'is before 1900');
      else {
        const age = ageOn(dateOfBirth, today);
        const { minAge, maxAge } = ages;
        if ((minAge != null && age < minAge) || (maxAge != null && age > maxAge)) {
          flag('dateOfBirth', `gives an age outside this partner's range (${minAge ?? 0}–${maxAge ?? 'any'})`);
        }
      }
    } else if (precision === 'MONTH' || precision === 'YEAR') {
      // A year, or a month and year: kept at that precision (compared as such), not stored as a day.
      dateOfBirthText = dateOfBirth;
      dateOfBirth = null;
      if (dateOfBirthText.slice(0, 4) > today.slice(0, 4)) flag('dateOfBirth', 'is in the future');
      else if (dateOfBirthText < '1900') flag('dateOfBirth', 'is before 1900');
    } else if (dateOfBirth.length <= DATE_TEXT_LIMIT) {
      warnings.push({
        field: 'dateOfBirth',
        reason: precision === 'DAY' ? 'is not a real calendar date; kept as written and compared digit by digit' : `is not a date; ${NOT_USED}`,
      });
      if (precision !== 'DAY') flaggedFields.push('dateOfBirth');
      dateOfBirthText = dateOfBirth;
      dateOfBirth = null;
    } else {
      warnings.push({ field: 'dateOfBirth', reason: 'is not a date; dropped' });
      dateOfBirth = null;
    }
  }

  const sexText = text('sex');
  const sex = sexText === null ? null : (SEX[sexText.toLowerCase()] ?? null);
  if (sexText !== null && sex === null) warnings.push({ field: 'sex', reason: 'is not a sex code the hub knows (F, M or X); dropped' });

  const postcode = value('postcode');
  if (postcode !== null && !isUkPostcode(postcode)) {
    warnings.push({ field: 'postcode', reason: 'is not a UK postcode; kept as supplied and compared as text' });
  }
  const addressLine = value('addressLine');
  const locality = value('locality');

  const upn = value('upn');
  if (upn !== null && !isValidUpn(upn)) warnings.push({ field: 'upn', reason: 'fails its check letter; kept, but never used to link' });
  const uln = value('uln');
  if (uln !== null && !isValidUln(uln)) warnings.push({ field: 'uln', reason: 'fails its check digit; kept, but never used to link' });
  const otherIdentifier = value('otherIdentifier');

  let email = value('email');
  if (email !== null && !EMAIL.test(email)) {
    warnings.push({ field: 'email', reason: 'is not an email address; dropped' });
    email = null;
  }
  let phone = value('phone');
  if (phone !== null && !PHONE.test(phone)) {
    warnings.push({ field: 'phone', reason: 'is not a phone number; dropped' });
    phone = null;
  }

  let version: number | null = null;
  if (input.version !== null && input.version !== undefined) {
    if (!Number.isInteger(input.version) || input.version < 1) warnings.push({ field: 'version', reason: 'is not a whole number of at least 1; ignored' });
    else version = input.version;
  }

  // Something must be left to tell who the record is about: a name a person can read (even one not used to match),
  // a valid identifier, or a date of birth that may be used.
  const usableName = givenName !== null || familyName !== null;
  const usableIdentifier = (upn !== null && isValidUpn(upn)) || (uln !== null && isValidUln(uln)) || otherIdentifier !== null;
  const usableDate = (dateOfBirth ?? dateOfBirthText) !== null && !flaggedFields.includes('dateOfBirth');
  if (partnerReference !== null && !usableName && !usableIdentifier && !usableDate) errors.push({ field: 'identity', reason: NOTHING_TO_IDENTIFY });

  // The payload never rejects the row: its bad fields are dropped with warnings and the rest lands.
  const checked = validatePayload(input.payload, today);
  warnings.push(...checked.warnings);
  const payload: CategorisedPayload | null = checked.payload;

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    warnings,
    record: {
      partnerReference: partnerReference!,
      givenName,
      middleNames,
      familyName,
      dateOfBirth,
      dateOfBirthText,
      flaggedFields,
      sex,
      postcode,
      addressLine,
      locality,
      upn,
      uln,
      otherIdentifier,
      email,
      phone,
      version,
      payload,
    },
  };
}
