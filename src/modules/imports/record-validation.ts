// Row validation for partner submissions: each rule names the field and the reason, never the value
// (reasons go back to partners and into logs). Errors reject the row; warnings keep it. Free text is
// cleaned first (clean-text.ts) and the payload is checked field by field (payload-validation.ts).
import { isValidUln } from '../identifiers/uln.js';
import { isValidUpn } from '../identifiers/upn.js';
import { isUkPostcode } from '../matching/engine/standardise.js';
import { isRealIsoDate } from '../sources/payload-schemas.js';
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
  version: number | null;
  /** Null when the submission carried no payload (the stored payload is kept). */
  payload: CategorisedPayload | null;
}

/** The outcome of validating one row. */
export type RowValidation = { ok: true; record: ValidRecord; warnings: RowProblem[] } | { ok: false; errors: RowProblem[] };

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
const SEX: Readonly<Record<string, 'F' | 'M' | 'X'>> = { f: 'F', female: 'F', m: 'M', male: 'M', x: 'X' };

/** Validates one submitted row against the hub's identity-field rules and its payload against the category schemas. */
export function validateRecord(input: PartnerRecordSubmission, today: string = new Date().toISOString().slice(0, 10)): RowValidation {
  const errors: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  /** The field as text, cleaned (a warning per kind of character removed); null when nothing is left. */
  const text = (field: keyof typeof FIELD_LIMITS | 'dateOfBirth' | 'sex'): string | null => {
    const raw = input[field];
    if (raw === null || raw === undefined) return null;
    const { text: v, removed } = cleanText(String(raw));
    for (const kind of removed) warnings.push({ field, reason: REMOVED_REASONS[kind] });
    return v.length > 0 ? v : null;
  };
  const value = (field: keyof typeof FIELD_LIMITS): string | null => {
    const v = text(field);
    if (v !== null && v.length > FIELD_LIMITS[field]) errors.push({ field, reason: `longer than ${FIELD_LIMITS[field]} characters` });
    return v;
  };

  const partnerReference = value('partnerReference');
  if (partnerReference === null) errors.push({ field: 'partnerReference', reason: 'is required' });

  const givenName = value('givenName');
  const familyName = value('familyName');
  const middleNames = value('middleNames');
  if (givenName === null && familyName === null) errors.push({ field: 'familyName', reason: 'a record needs a given or a family name' });
  for (const [field, v] of [['givenName', givenName], ['familyName', familyName], ['middleNames', middleNames]] as const) {
    if (v === null) continue;
    if (!HAS_LETTER.test(v)) errors.push({ field, reason: 'has no letters' });
    else if (NAME_DIGIT.test(v)) errors.push({ field, reason: 'contains digits' });
    const scripts = mixedScripts(v);
    if (scripts.length > 0) warnings.push({ field, reason: mixedScriptReason(scripts) });
  }

  let dateOfBirth = text('dateOfBirth');
  if (dateOfBirth !== null) {
    if (/^\d{8}$/.test(dateOfBirth)) dateOfBirth = `${dateOfBirth.slice(0, 4)}-${dateOfBirth.slice(4, 6)}-${dateOfBirth.slice(6, 8)}`;
    if (!isRealIsoDate(dateOfBirth)) errors.push({ field: 'dateOfBirth', reason: 'is not a real date in the form YYYY-MM-DD' });
    else if (dateOfBirth > today) errors.push({ field: 'dateOfBirth', reason: 'is in the future' });
    else if (dateOfBirth < '1900-01-01') errors.push({ field: 'dateOfBirth', reason: 'is before 1900' });
  }

  const sexText = text('sex');
  const sex = sexText === null ? null : (SEX[sexText.toLowerCase()] ?? null);
  if (sexText !== null && sex === null) errors.push({ field: 'sex', reason: 'must be F, M or X' });

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

  const email = value('email');
  if (email !== null && !EMAIL.test(email)) errors.push({ field: 'email', reason: 'is not an email address' });
  const phone = value('phone');
  if (phone !== null && !PHONE.test(phone)) errors.push({ field: 'phone', reason: 'is not a phone number' });

  let version: number | null = null;
  if (input.version !== null && input.version !== undefined) {
    if (!Number.isInteger(input.version) || input.version < 1) errors.push({ field: 'version', reason: 'must be a whole number of at least 1' });
    else version = input.version;
  }

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
