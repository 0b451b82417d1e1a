// Noise that partner systems add to a young person's identity: the small pure edits first,
// then the rate tables, then `noisyIdentity`, which applies them to one record copy.
import type { OrganisationKind } from '../organisations/organisation-kind.js';
import type { RecordedSex } from './cohort.types.js';
import { dayOf, parseIsoDate } from './calendar.js';
import { AP_SURNAMES, NAME_VARIANTS } from './names.data.js';
import type { Prng } from './prng.js';

// ---------------------------------------------------------------------------------------------
// Pure edits. Every choice a random draw would make is a parameter, so each is testable alone.

const DIACRITIC = /[^ -~]/; // anything outside printable ASCII
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** True when the string has any character outside printable ASCII, such as â, ŵ, ŷ, ô, ó or ë. */
export function hasDiacritics(s: string): boolean {
  return DIACRITIC.test(s);
}

/** The string with accents and circumflexes removed, as systems without Welsh characters store it. */
export function dropDiacritics(s: string): string {
  if (!DIACRITIC.test(s)) return s;
  return s.normalize('NFD').replace(COMBINING_MARKS, '').replace(/ł/g, 'l').replace(/Ł/g, 'L');
}

const KEYBOARD_NEIGHBOURS: Readonly<Record<string, string>> = {
  q: 'wa', w: 'qeas', e: 'wrds', r: 'etdf', t: 'ryfg', y: 'tugh', u: 'yihj', i: 'uojk', o: 'ipkl', p: 'ol',
  a: 'qwsz', s: 'awedxz', d: 'serfcx', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', j: 'huikmn', k: 'jiolm',
  l: 'kop', z: 'asx', x: 'zsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
};

/** The string with one letter replaced by a neighbouring key, at `index` or the next plain letter after it; `choice` picks the neighbour. */
export function keyboardSlip(s: string, index: number, choice: number): string {
  for (let step = 0; step < s.length; step++) {
    const at = (index + step) % s.length;
    const ch = s.charAt(at);
    const neighbours = KEYBOARD_NEIGHBOURS[ch.toLowerCase()];
    if (!neighbours) continue;
    let replacement = neighbours.charAt(choice % neighbours.length);
    if (ch !== ch.toLowerCase()) replacement = replacement.toUpperCase();
    return s.slice(0, at) + replacement + s.slice(at + 1);
  }
  return s;
}

/** The string with the character at `index` left out (unchanged when that would leave fewer than two characters). */
export function omitLetter(s: string, index: number): string {
  if (s.length <= 2 || index < 0 || index >= s.length) return s;
  return s.slice(0, index) + s.slice(index + 1);
}

/** The string with the character at `index` typed twice. */
export function doubleLetter(s: string, index: number): string {
  if (index < 0 || index >= s.length) return s;
  return s.slice(0, index + 1) + s.slice(index);
}

/** The string with the characters at `index` and `index + 1` swapped. */
export function transposeAdjacent(s: string, index: number): string {
  if (index < 0 || index >= s.length - 1) return s;
  return s.slice(0, index) + s.charAt(index + 1) + s.charAt(index) + s.slice(index + 2);
}

/** A nickname or other form of a given name (from `NAME_VARIANTS`), or null when the name has none. */
export function nameVariant(givenName: string, choice: number): string | null {
  const variants = NAME_VARIANTS[givenName];
  if (!variants || variants.length === 0) return null;
  return variants[choice % variants.length] ?? null;
}

const AP_BY_NAME = new Map(AP_SURNAMES.map((entry) => [entry.name, entry.anglicised]));

/** The anglicised form of an ap/ab patronymic (ap Rhys → Price, ab Owen → Bowen), or null when it is not one. */
export function anglicisePatronymic(familyName: string, choice: number): string | null {
  const forms = AP_BY_NAME.get(familyName);
  if (!forms || forms.length === 0) return null;
  return forms[choice % forms.length] ?? null;
}

/**
 * The family name as another record holds it: an ap/ab form anglicised, one part of a hyphenated
 * name (or the hyphen as a space), or else the other parent's surname instead of or added to it.
 */
export function changedFamilyName(familyName: string, choice: number, otherSurname: string): string {
  const anglicised = anglicisePatronymic(familyName, choice);
  if (anglicised !== null) return anglicised;
  const hyphen = familyName.indexOf('-');
  if (hyphen > 0) {
    if (choice % 3 === 0) return familyName.slice(0, hyphen);
    if (choice % 3 === 1) return familyName.slice(hyphen + 1);
    return familyName.replace('-', ' ');
  }
  return choice % 3 === 0 ? `${familyName}-${otherSurname}` : otherSurname;
}

/** The name in one of four careless forms: upper case, lower case, padded with spaces, or upper case with a trailing space. */
export function messCaseWhitespace(s: string, style: number): string {
  switch (style % 4) {
    case 0:
      return s.toUpperCase();
    case 1:
      return s.toLowerCase();
    case 2:
      return ` ${s.replace(/ /g, '  ')} `;
    default:
      return `${s.toUpperCase()} `;
  }
}

/** The ISO date with day and month swapped, or null when that is not a different real date (day above 12, or day = month). */
export function swapDayMonth(iso: string): string | null {
  const { year, month, day } = parseIsoDate(iso);
  if (day > 12 || day === month) return null;
  return `${year}-${pad2(day)}-${pad2(month)}`;
}

/** The ISO date moved by a number of days (a slip of one digit in the day). */
export function shiftIsoDate(iso: string, days: number): string {
  const { year, month, day } = parseIsoDate(iso);
  return new Date((dayOf(year, month, day) + days) * 86_400_000).toISOString().slice(0, 10);
}

/** The ISO date with the year moved by `years` (29 February becomes 28 February when needed). */
export function shiftIsoYear(iso: string, years: number): string {
  const { year, month, day } = parseIsoDate(iso);
  const target = year + years;
  const leap = (target % 4 === 0 && target % 100 !== 0) || target % 400 === 0;
  const safeDay = month === 2 && day === 29 && !leap ? 28 : day;
  return `${target}-${pad2(month)}-${pad2(safeDay)}`;
}

/** The placeholder date systems store when only the year of birth is known (1 January of that year). */
export function partialDateOfBirth(iso: string): string {
  return `${iso.slice(0, 4)}-01-01`;
}

/** The postcode written carelessly: no space, lower case, a double space, or lower case without a space. */
export function messyPostcode(postcode: string, style: number): string {
  switch (style % 4) {
    case 0:
      return postcode.replace(' ', '');
    case 1:
      return postcode.toLowerCase();
    case 2:
      return postcode.replace(' ', '  ');
    default:
      return postcode.replace(' ', '').toLowerCase();
  }
}

/** The string with the digit at `index` (or the next digit after it) replaced by another digit chosen by `choice`. */
export function mistypeDigit(s: string, index: number, choice: number): string {
  for (let step = 0; step < s.length; step++) {
    const at = (index + step) % s.length;
    const code = s.charCodeAt(at);
    if (code < 48 || code > 57) continue;
    const replacement = (code - 48 + 1 + (choice % 9)) % 10;
    return s.slice(0, at) + String(replacement) + s.slice(at + 1);
  }
  return s;
}

/** A UK mobile number (`07` and nine digits) in one of four common layouts. */
export function formatPhone(mobile: string, style: number): string {
  const rest = mobile.slice(1);
  switch (style % 4) {
    case 0:
      return `${mobile.slice(0, 5)} ${mobile.slice(5)}`;
    case 1:
      return mobile;
    case 2:
      return `+44 ${rest.slice(0, 4)} ${rest.slice(4)}`;
    default:
      return `+44${rest}`;
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// ---------------------------------------------------------------------------------------------
// Rates.

/** The kinds of partner that hold records about young people. */
export type NoiseSource = Exclude<OrganisationKind, 'WELSH_GOVERNMENT'>;

/** Base probability of each kind of noise on one record copy, for a source of average care (noise level 1). */
export const NOISE_RATES = {
  /** One keyboard slip, omitted or doubled letter in the given or family name. */
  typo: 0.03,
  /** Two adjacent letters of the given or family name swapped. */
  transposition: 0.01,
  /** Nickname or other form of the given name (only names that have one). */
  nameVariant: 0.08,
  /** All accents dropped (only names with â, ŵ, ŷ, ô …). */
  diacriticsDropped: 0.3,
  /** Given and family names entered the wrong way round. */
  namesSwapped: 0.005,
  /** Other parent's surname, one hyphen part, or an ap/ab form anglicised. */
  familyNameChanged: 0.02,
  /** Upper case, lower case or stray spaces in a name. */
  caseWhitespace: 0.05,
  /** Day and month of birth swapped (only when the day is 12 or less). */
  dayMonthSwap: 0.02,
  /** Date of birth a day or a year out. */
  dateOfBirthSlip: 0.01,
  /** An old (or newer) address: the young person has moved. */
  postcodeMoved: 0.08,
  /** Postcode without its space, in lower case or with a double space. */
  postcodeFormat: 0.1,
  /** One digit of a UPN or ULN mistyped. */
  identifierTypo: 0.005,
  /** UPN in lower case or with surrounding spaces. */
  identifierFormat: 0.02,
  /** An out-of-date mobile number. */
  phoneStale: 0.05,
} as const;

/** One kind of noise. */
export type NoiseKind = keyof typeof NOISE_RATES;

/** How carefully a kind of source keeps identity data. */
export interface SourceNoiseProfile {
  /** Multiplier on `NOISE_RATES`. */
  level: number;
  /** Probability that a field the person has is absent from the record (1 = never recorded). */
  missing: {
    middleNames: number;
    dateOfBirth: number;
    sex: number;
    postcode: number;
    upn: number;
    uln: number;
    phone: number;
    email: number;
  };
  /** Probability that only the year of birth is known (stored as 1 January). */
  partialDateOfBirth: number;
  /** Rates set directly for this source instead of base rate × level. */
  rateOverrides?: Partial<Record<NoiseKind, number>>;
}

/** Noise profile of each kind of source: schools' MIS data is cleanest, voluntary bodies' the roughest. */
export const SOURCE_NOISE: Readonly<Record<NoiseSource, SourceNoiseProfile>> = {
  SCHOOL: {
    level: 0.5,
    missing: { middleNames: 0.1, dateOfBirth: 0.005, sex: 0, postcode: 0.03, upn: 0.03, uln: 0.5, phone: 1, email: 1 },
    partialDateOfBirth: 0,
  },
  LOCAL_AUTHORITY: {
    level: 1,
    missing: { middleNames: 0.3, dateOfBirth: 0.03, sex: 0.02, postcode: 0.05, upn: 0.1, uln: 0.8, phone: 0.7, email: 0.95 },
    partialDateOfBirth: 0,
  },
  CAREERS_WALES: {
    level: 1,
    missing: { middleNames: 0.5, dateOfBirth: 0.03, sex: 0.03, postcode: 0.06, upn: 0.1, uln: 0.1, phone: 0.3, email: 0.6 },
    partialDateOfBirth: 0,
  },
  FE_COLLEGE: {
    level: 1.2,
    missing: { middleNames: 0.4, dateOfBirth: 0.01, sex: 0.02, postcode: 0.04, upn: 0.7, uln: 0.05, phone: 0.15, email: 0.2 },
    partialDateOfBirth: 0,
  },
  WBL_PROVIDER: {
    level: 1.2,
    missing: { middleNames: 0.6, dateOfBirth: 0.02, sex: 0.03, postcode: 0.05, upn: 0.8, uln: 0.08, phone: 0.1, email: 0.3 },
    partialDateOfBirth: 0,
  },
  VOLUNTARY: {
    level: 2,
    missing: { middleNames: 0.9, dateOfBirth: 0.35, sex: 0.3, postcode: 0.45, upn: 1, uln: 1, phone: 0.35, email: 0.85 },
    partialDateOfBirth: 0.2,
    // Youth workers use the name the young person gives them.
    rateOverrides: { nameVariant: 0.3 },
  },
  YOUTH_SERVICE: {
    level: 1.5,
    missing: { middleNames: 0.8, dateOfBirth: 0.15, sex: 0.1, postcode: 0.2, upn: 0.9, uln: 1, phone: 0.3, email: 0.8 },
    partialDateOfBirth: 0.05,
  },
};

/** Probability of one kind of noise on a record from one kind of source. */
export function effectiveRate(kind: NoiseKind, source: NoiseSource): number {
  const profile = SOURCE_NOISE[source];
  return profile.rateOverrides?.[kind] ?? Math.min(0.9, NOISE_RATES[kind] * profile.level);
}

// ---------------------------------------------------------------------------------------------
// Applying the noise to one record copy.

/** An address as a record holds it. */
export interface Address {
  addressLine: string;
  locality: string;
  postcode: string;
}

/** The true identity a record copy starts from. */
export interface IdentityTruth {
  givenName: string;
  middleNames: string | null;
  familyName: string;
  dateOfBirth: string;
  sex: RecordedSex;
  address: Address;
  upn: string | null;
  uln: string | null;
  phone: string;
  email: string;
}

/** The identity fields of one noisy record copy. */
export interface NoisyIdentity {
  givenName: string | null;
  middleNames: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  sex: RecordedSex | null;
  postcode: string | null;
  addressLine: string | null;
  locality: string | null;
  upn: string | null;
  uln: string | null;
  phone: string | null;
  email: string | null;
}

/** Sources of replacement values that some noise needs (another address, phone or surname). */
export interface NoiseAlternatives {
  movedAddress(): Address;
  otherPhone(): string;
  otherSurname(): string;
}

/** A noisy copy of the identity as one source would hold it; `rates` overrides individual noise probabilities. */
export function noisyIdentity(
  truth: IdentityTruth,
  source: NoiseSource,
  rng: Prng,
  alternatives: NoiseAlternatives,
  rates: Partial<Record<NoiseKind, number>> = {},
): NoisyIdentity {
  const profile = SOURCE_NOISE[source];
  const missing = profile.missing;
  const rate = (kind: NoiseKind): number => rates[kind] ?? effectiveRate(kind, source);

  let givenName = truth.givenName;
  let familyName = truth.familyName;
  let middleNames = truth.middleNames;

  if (rng.chance(rate('nameVariant'))) givenName = nameVariant(givenName, rng.int(0, 11)) ?? givenName;
  if (rng.chance(rate('familyNameChanged'))) {
    familyName = changedFamilyName(familyName, rng.int(0, 11), alternatives.otherSurname());
  }
  if (middleNames !== null && rng.chance(missing.middleNames)) middleNames = null;
  if (rng.chance(rate('diacriticsDropped'))) {
    givenName = dropDiacritics(givenName);
    familyName = dropDiacritics(familyName);
    if (middleNames !== null) middleNames = dropDiacritics(middleNames);
  }
  if (rng.chance(rate('typo'))) {
    const onGiven = rng.chance(0.5);
    const slipped = typo(onGiven ? givenName : familyName, rng);
    if (onGiven) givenName = slipped;
    else familyName = slipped;
  }
  if (rng.chance(rate('transposition'))) {
    const onGiven = rng.chance(0.5);
    const name = onGiven ? givenName : familyName;
    const swapped = name.length > 2 ? transposeAdjacent(name, rng.int(1, name.length - 2)) : name;
    if (onGiven) givenName = swapped;
    else familyName = swapped;
  }
  if (rng.chance(rate('caseWhitespace'))) {
    if (rng.chance(0.6)) familyName = messCaseWhitespace(familyName, rng.int(0, 3));
    else givenName = messCaseWhitespace(givenName, rng.int(0, 3));
  }
  if (rng.chance(rate('namesSwapped'))) [givenName, familyName] = [familyName, givenName];

  let dateOfBirth: string | null = rng.chance(missing.dateOfBirth) ? null : truth.dateOfBirth;
  if (dateOfBirth !== null) {
    if (rng.chance(profile.partialDateOfBirth)) {
      dateOfBirth = partialDateOfBirth(dateOfBirth);
    } else {
      if (rng.chance(rate('dayMonthSwap'))) dateOfBirth = swapDayMonth(dateOfBirth) ?? dateOfBirth;
      if (rng.chance(rate('dateOfBirthSlip'))) {
        dateOfBirth = rng.chance(0.7)
          ? shiftIsoDate(dateOfBirth, rng.chance(0.5) ? 1 : -1)
          : shiftIsoYear(dateOfBirth, rng.chance(0.5) ? 1 : -1);
      }
    }
  }

  let sex: RecordedSex | null = rng.chance(missing.sex) ? null : truth.sex;
  // Non-binary young people are often recorded as F or M, or left blank, by systems that lack X.
  if (sex === 'X' && rng.chance(0.4)) sex = rng.chance(0.5) ? null : rng.chance(0.5) ? 'F' : 'M';

  const address = rng.chance(rate('postcodeMoved')) ? alternatives.movedAddress() : truth.address;
  let postcode: string | null = address.postcode;
  let addressLine: string | null = address.addressLine;
  if (rng.chance(missing.postcode)) {
    postcode = null;
    addressLine = null;
  } else if (rng.chance(rate('postcodeFormat'))) {
    postcode = messyPostcode(address.postcode, rng.int(0, 3));
  }

  let upn = truth.upn !== null && !rng.chance(missing.upn) ? truth.upn : null;
  if (upn !== null) {
    if (rng.chance(rate('identifierTypo'))) upn = mistypeDigit(upn, rng.int(1, 12), rng.int(0, 8));
    if (rng.chance(rate('identifierFormat'))) upn = rng.chance(0.5) ? upn.toLowerCase() : ` ${upn} `;
  }
  let uln = truth.uln !== null && !rng.chance(missing.uln) ? truth.uln : null;
  if (uln !== null && rng.chance(rate('identifierTypo'))) uln = mistypeDigit(uln, rng.int(0, 9), rng.int(0, 8));

  let phone: string | null = null;
  if (!rng.chance(missing.phone)) {
    const mobile = rng.chance(rate('phoneStale')) ? alternatives.otherPhone() : truth.phone;
    phone = formatPhone(mobile, rng.int(0, 3));
  }
  const email = rng.chance(missing.email) ? null : truth.email;

  return {
    givenName,
    middleNames,
    familyName,
    dateOfBirth,
    sex,
    postcode,
    addressLine,
    locality: address.locality,
    upn,
    uln,
    phone,
    email,
  };
}

// One slip of the fingers, avoiding the first letter (rarely wrong in practice).
function typo(name: string, rng: Prng): string {
  if (name.length < 3) return name;
  const index = rng.int(1, name.length - 1);
  const kind = rng.next();
  if (kind < 0.5) return keyboardSlip(name, index, rng.int(0, 5));
  if (kind < 0.8) return omitLetter(name, index);
  return doubleLetter(name, index);
}
