// Standardisation: turns the identity fields of a source record into the comparable form the
// matcher scores. Every rule is a small pure function tested on its own; the name tables are data.
import { isValidUln } from '../../identifiers/uln.js';
import type { IdentityFields } from '../../sources/identity-fields.js';
import { isValidUpn } from '../../identifiers/upn.js';
import { mixedScripts } from '../../imports/clean-text.js';
import { GIVEN_NAME_GROUPS } from './name-variants.data.js';
import { phonetic } from './similarity.js';
import { PATRONYMIC_FORMS, PATRONYMIC_PARTICLES } from './surnames.data.js';

/** The identity fields of a record as a partner supplied them (shared with ingest and the generator). */
export type { IdentityFields };

/** A record in comparable form. Stored as JSON beside the record, so keep the names short and stable. */
export interface StandardRecord {
  /** Given name, normalised (first word when there are several). */
  g: string | null;
  /** Variant-group numbers of the given name (nicknames, Welsh and English forms). */
  gk: number[];
  /** Phonetic code of the given name. */
  gp: string | null;
  /** Middle names, normalised. */
  mn: string | null;
  /** Family name, normalised, particles and separators removed (ap Rhys → aprhys). */
  f: string | null;
  /** Other forms of the family name: hyphen parts, patronymic stems and their anglicised forms. */
  fk: string[];
  /** Phonetic code of the family name. */
  fp: string | null;
  /** Date of birth as YYYYMMDD digits (possibly an impossible date, as supplied), or YYYYMM / YYYY when only the month or year is known. */
  d: string | null;
  s: string | null;
  /** Postcode: a UK postcode as `OUT IN`; anything else upper-cased without spaces. */
  pc: string | null;
  /** Outward code and sector (`CF10`, `CF10 1`) of a UK postcode. */
  po: string | null;
  ps: string | null;
  /** House number (first number in the address line) and the rest of the line, normalised. */
  an: string | null;
  at: string | null;
  loc: string | null;
  /** UPN and ULN, only when their check character is right. */
  upn: string | null;
  uln: string | null;
  oid: string | null;
  em: string | null;
  ph: string | null;
}

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lower case, accents and circumflexes dropped (ŵ → w, ŷ → y, â → a), punctuation to spaces, spaces collapsed. */
export function normaliseText(s: string | null | undefined): string | null {
  if (s == null) return null;
  const out = s
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/ł/g, 'l')
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return out.length > 0 ? out : null;
}

const GROUPS_OF_NAME: ReadonlyMap<string, number[]> = (() => {
  const map = new Map<string, number[]>();
  GIVEN_NAME_GROUPS.forEach((group, index) => {
    for (const raw of group) {
      const name = normaliseText(raw)!.replace(/ /g, '');
      const list = map.get(name) ?? [];
      if (!list.includes(index)) list.push(index);
      map.set(name, list);
    }
  });
  return map;
})();

/** The variant groups a normalised given name belongs to (empty when it has no listed variants). */
export function givenNameGroups(name: string | null): number[] {
  return name ? (GROUPS_OF_NAME.get(name) ?? []) : [];
}

/** A given name normalised to its first word (Mary-Jane → mary, with the rest kept for middle names). */
export function standardiseGivenName(raw: string | null): { given: string | null; rest: string | null } {
  const n = normaliseText(raw);
  if (!n) return { given: null, rest: null };
  const words = n.split(' ');
  return { given: words[0]!, rest: words.length > 1 ? words.slice(1).join(' ') : null };
}

const PARTICLES = new Set(PATRONYMIC_PARTICLES);

/**
 * A family name in comparable form: the name without spaces or hyphens, plus its other forms: each part
 * of a hyphenated or two-word name, and for an ap/ab patronymic its stem and the anglicised surnames
 * (ap Rhys → rhys, price, prys, preece …). `Ap-Rhys`, `ap Rhys`, `AP RHYS` and `aprhys` all agree.
 */
export function standardiseFamilyName(raw: string | null): { family: string | null; keys: string[] } {
  const n = normaliseText(raw);
  if (!n) return { family: null, keys: [] };
  let words = n.split(' ');
  // "aprhys" / "abowen" written as one word: split a known particle off a known stem.
  if (words.length === 1) {
    const w = words[0]!;
    for (const particle of ['ap', 'ab']) {
      if (w.startsWith(particle) && PATRONYMIC_FORMS[w.slice(particle.length)]) {
        words = [particle, w.slice(particle.length)];
        break;
      }
    }
  }
  const keys = new Set<string>();
  const family = words.join('');
  const add = (k: string): void => {
    if (k.length >= 2 && k !== family) keys.add(k);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (PARTICLES.has(w)) {
      const stem = words[i + 1];
      if (stem) {
        add(stem);
        for (const form of PATRONYMIC_FORMS[stem] ?? []) add(form);
      }
      continue;
    }
    if (words.length > 1) add(w);
  }
  // An anglicised form also reaches back to its stem, so Price meets ap Rhys through "rhys" as well.
  for (const [stem, forms] of Object.entries(PATRONYMIC_FORMS)) {
    if (forms.includes(family) && family !== stem) add(stem);
  }
  return { family, keys: [...keys].sort() };
}

const UK_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;

/** A UK postcode as `OUT IN` with its outward code and sector; other text upper-cased without spaces. */
export function standardisePostcode(raw: string | null): { postcode: string | null; outward: string | null; sector: string | null } {
  if (raw == null) return { postcode: null, outward: null, sector: null };
  let compact = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (compact.length === 0) return { postcode: null, outward: null, sector: null };
  // The inward code always starts with a digit: O typed for 0 there is a common slip.
  if (compact.length >= 5 && compact.charAt(compact.length - 3) === 'O') {
    compact = `${compact.slice(0, -3)}0${compact.slice(-2)}`;
  }
  const m = UK_POSTCODE.exec(compact);
  if (!m) return { postcode: compact, outward: null, sector: null };
  const outward = m[1]!;
  const inward = m[2]!;
  return { postcode: `${outward} ${inward}`, outward, sector: `${outward} ${inward.charAt(0)}` };
}

/** True when the text is a well-formed UK postcode (spaces and case ignored). */
export function isUkPostcode(raw: string): boolean {
  return standardisePostcode(raw).outward !== null;
}

/**
 * A date of birth as YYYYMMDD digits from `YYYY-MM-DD` or `YYYYMMDD`, or at the precision given from `YYYY-MM`
 * (YYYYMM) or `YYYY`; null when it has none of these shapes.
 */
export function standardiseDate(raw: string | null): string | null {
  if (raw == null) return null;
  const t = raw.trim();
  if (/^\d{4}$/.test(t)) return t;
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(t)) return t.replace('-', '');
  const digits = t.replace(/[-/. ]/g, '');
  return /^\d{8}$/.test(digits) ? digits : null;
}

/** The date with day and month swapped (YYYYMMDD), for the transposition comparison level. */
export function swapDayAndMonth(d: string): string {
  return d.slice(0, 4) + d.slice(6, 8) + d.slice(4, 6);
}

/** Days since 1970-01-01 of a real YYYYMMDD date, or null (civil-from-days arithmetic, no Date objects: it runs per pair). */
function dayNumber(d: string): number | null {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(4, 6));
  const day = Number(d.slice(6, 8));
  if (m < 1 || m > 12 || day < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  if (day > monthDays) return null;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Whole days between two YYYYMMDD dates, or null when either is not a real date. */
export function daysBetween(a: string, b: string): number | null {
  const x = dayNumber(a);
  const y = dayNumber(b);
  return x === null || y === null ? null : Math.abs(x - y);
}

const SEX_CODES: Readonly<Record<string, string>> = { f: 'F', female: 'F', m: 'M', male: 'M', x: 'X' };

/** Sex as F, M or X (female/male accepted), or null. */
export function standardiseSex(raw: string | null): string | null {
  const n = normaliseText(raw);
  return n ? (SEX_CODES[n] ?? null) : null;
}

const STREET_WORDS: Readonly<Record<string, string>> = {
  st: 'street', rd: 'road', ave: 'avenue', av: 'avenue', cres: 'crescent', cl: 'close', ct: 'court', dr: 'drive',
  ln: 'lane', pl: 'place', sq: 'square', tce: 'terrace', ter: 'terrace', gdns: 'gardens', pde: 'parade', cct: 'circuit',
};

/** The house number (first number in the line) and the rest of the line with street abbreviations spelt out. */
export function standardiseAddress(raw: string | null): { number: string | null; text: string | null } {
  const n = normaliseText(raw);
  if (!n) return { number: null, text: null };
  let number: string | null = null;
  const words: string[] = [];
  for (const w of n.split(' ')) {
    if (number === null && /^\d+[a-z]?$/.test(w)) {
      number = w;
      continue;
    }
    words.push(STREET_WORDS[w] ?? w);
  }
  return { number, text: words.length > 0 ? words.join(' ') : null };
}

/** A phone number as UK digits (+44 7… → 07…), or null when it has fewer than 9 digits. */
export function standardisePhone(raw: string | null): string | null {
  if (raw == null) return null;
  let digits = raw.replace(/\D/g, '');
  if (digits.startsWith('44') && digits.length >= 11) digits = `0${digits.slice(2)}`;
  return digits.length >= 9 ? digits : null;
}

/** A name as evidence: none when it mixes look-alike scripts (a Cyrillic 'а' in a Latin name is a spoof or a slip, never a match). */
function usableName(raw: string | null): string | null {
  return mixedScripts(raw).length > 0 ? null : raw;
}

/** Identity fields with the names of those kept as sent but not to be used as evidence (flagged at ingest). */
export type IdentityForMatching = IdentityFields & { flaggedFields?: readonly string[] | null };

/**
 * The comparable form of a record's identity fields. A field flagged at ingest (an implausible date of birth, a
 * name with digits) and a name mixing look-alike scripts count as missing: they are kept, never used as evidence.
 */
export function standardise(input: IdentityForMatching): StandardRecord {
  const flagged = input.flaggedFields ?? [];
  const r: IdentityFields = flagged.length === 0 ? input : { ...input };
  for (const f of flagged) if (f in r) (r as unknown as Record<string, null>)[f] = null;
  const { given, rest } = standardiseGivenName(usableName(r.givenName));
  const middle = normaliseText(usableName(r.middleNames)) ?? rest;
  const { family, keys } = standardiseFamilyName(usableName(r.familyName));
  const pc = standardisePostcode(r.postcode);
  const address = standardiseAddress(r.addressLine);
  const upn = r.upn?.trim().toUpperCase() ?? null;
  const uln = r.uln?.trim() ?? null;
  const oid = r.otherIdentifier ? r.otherIdentifier.toUpperCase().replace(/[^A-Z0-9]/g, '') : null;
  return {
    g: given,
    gk: givenNameGroups(given),
    gp: phonetic(given),
    mn: middle,
    f: family,
    fk: keys,
    fp: phonetic(family),
    d: standardiseDate(r.dateOfBirth),
    s: standardiseSex(r.sex),
    pc: pc.postcode,
    po: pc.outward,
    ps: pc.sector,
    an: address.number,
    at: address.text,
    loc: normaliseText(r.locality),
    upn: upn && isValidUpn(upn) ? upn : null,
    uln: uln && isValidUln(uln) ? uln : null,
    oid: oid && oid.length > 0 ? oid : null,
    em: r.email ? r.email.trim().toLowerCase() || null : null,
    ph: standardisePhone(r.phone),
  };
}
