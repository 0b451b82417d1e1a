// The comparisons the matcher scores, declared as data: each names the standardised field it reads
// and its levels from most to least alike. Every comparison has a last, implicit level "different"
// and scores nothing when either record lacks the value. Levels are interpreted in compare.ts.
import type { StandardRecord } from './standardise.js';

/** A test that decides whether a pair of records reaches one comparison level. */
export type LevelTest =
  | { kind: 'exact' }
  | { kind: 'sameGroup' }
  | { kind: 'sameForm' }
  | { kind: 'jaroWinkler'; min: number }
  | { kind: 'levenshtein'; max: number }
  | { kind: 'phonetic'; code: 'gp' | 'fp' }
  | { kind: 'initial' }
  | { kind: 'swapped'; other: 'g' | 'f' }
  | { kind: 'sameField'; field: 'po' | 'ps' }
  | { kind: 'dateExact' }
  | { kind: 'dateTransposed' }
  | { kind: 'dateNear' }
  | { kind: 'dateSameMonthDay' }
  | { kind: 'dateSameYear' }
  | { kind: 'tokenOverlap'; min: number };

/** One level of a comparison. */
export interface LevelSpec {
  /** Short name shown with the evidence, e.g. `jw≥0.92`. */
  name: string;
  /** What the level means, for the people who review matches. */
  description: string;
  test: LevelTest;
}

/** A comparison: one field, its levels, and whether the exact level is adjusted for how common the value is. */
export interface ComparisonSpec {
  key: string;
  label: string;
  field: keyof StandardRecord;
  levels: readonly LevelSpec[];
  /** Term-frequency adjustment on the exact level (common names count for less than rare ones). */
  termFrequency?: boolean;
  /** A strong identifier: agreement links records before scoring (the exact-link stage). */
  strongIdentifier?: boolean;
  /**
   * Levels up to this index corroborate a name match. An automatic link needs at least one corroborating
   * comparison: names, sex and town alone never merge two records, however rare the name (they go to review).
   */
  corroboratesUpTo?: number;
}

const exact: LevelSpec = { name: 'exact', description: 'the same value', test: { kind: 'exact' } };

/** The comparisons of the hub's matcher, in the order the evidence is shown. */
export const COMPARISONS: readonly ComparisonSpec[] = [
  {
    key: 'givenName',
    label: 'Given name',
    field: 'g',
    termFrequency: true,
    levels: [
      exact,
      { name: 'variant', description: 'Welsh/English form or nickname of the same name', test: { kind: 'sameGroup' } },
      { name: 'jw≥0.92', description: 'nearly the same spelling (Jaro–Winkler ≥ 0.92)', test: { kind: 'jaroWinkler', min: 0.92 } },
      { name: 'phonetic', description: 'sounds the same (Double Metaphone)', test: { kind: 'phonetic', code: 'gp' } },
      { name: 'jw≥0.80', description: 'similar spelling (Jaro–Winkler ≥ 0.80)', test: { kind: 'jaroWinkler', min: 0.8 } },
      { name: 'initial', description: 'one is an initial or short form of the other', test: { kind: 'initial' } },
      { name: 'swapped', description: 'given name matches the other record’s family name', test: { kind: 'swapped', other: 'f' } },
    ],
  },
  {
    key: 'middleNames',
    label: 'Middle names',
    field: 'mn',
    levels: [exact, { name: 'initial', description: 'same first letter', test: { kind: 'initial' } }],
  },
  {
    key: 'familyName',
    label: 'Family name',
    field: 'f',
    termFrequency: true,
    levels: [
      exact,
      { name: 'other form', description: 'part of a hyphenated name, or an ap/ab name and its anglicised form', test: { kind: 'sameForm' } },
      { name: 'jw≥0.92', description: 'nearly the same spelling (Jaro–Winkler ≥ 0.92)', test: { kind: 'jaroWinkler', min: 0.92 } },
      { name: 'phonetic', description: 'sounds the same (Double Metaphone)', test: { kind: 'phonetic', code: 'fp' } },
      { name: 'jw≥0.80', description: 'similar spelling (Jaro–Winkler ≥ 0.80)', test: { kind: 'jaroWinkler', min: 0.8 } },
      { name: 'swapped', description: 'family name matches the other record’s given name', test: { kind: 'swapped', other: 'g' } },
    ],
  },
  {
    key: 'dateOfBirth',
    label: 'Date of birth',
    field: 'd',
    // Any date that is not flatly different: a year-only record (1 January) still narrows the names down.
    corroboratesUpTo: 4,
    // Common dates (1 January stands in for "year only" in some systems) count for less.
    termFrequency: true,
    levels: [
      { name: 'exact', description: 'the same full date', test: { kind: 'dateExact' } },
      { name: 'day/month swapped', description: 'the same date with day and month swapped', test: { kind: 'dateTransposed' } },
      { name: 'one digit or day', description: 'one digit different, or one day apart', test: { kind: 'dateNear' } },
      { name: 'same day and month', description: 'same day and month, another year', test: { kind: 'dateSameMonthDay' } },
      { name: 'same year', description: 'same year of birth only', test: { kind: 'dateSameYear' } },
    ],
  },
  { key: 'sex', label: 'Sex', field: 's', levels: [exact] },
  {
    key: 'postcode',
    label: 'Postcode',
    field: 'pc',
    corroboratesUpTo: 1,
    levels: [
      exact,
      { name: 'sector', description: 'same postcode sector (the outward code and the first digit after the space)', test: { kind: 'sameField', field: 'ps' } },
      { name: 'district', description: 'same outward code (the part before the space)', test: { kind: 'sameField', field: 'po' } },
      { name: 'one edit', description: 'one character different', test: { kind: 'levenshtein', max: 1 } },
    ],
  },
  { key: 'houseNumber', label: 'House number', field: 'an', levels: [exact] },
  {
    key: 'street',
    label: 'Address line',
    field: 'at',
    levels: [
      exact,
      { name: 'jw≥0.90', description: 'nearly the same (Jaro–Winkler ≥ 0.90)', test: { kind: 'jaroWinkler', min: 0.9 } },
      { name: 'shared words', description: 'at least half the words in common', test: { kind: 'tokenOverlap', min: 0.5 } },
    ],
  },
  {
    key: 'locality',
    label: 'Locality',
    field: 'loc',
    termFrequency: true,
    levels: [exact, { name: 'jw≥0.88', description: 'nearly the same (Jaro–Winkler ≥ 0.88)', test: { kind: 'jaroWinkler', min: 0.88 } }],
  },
  { key: 'upn', label: 'UPN', field: 'upn', strongIdentifier: true, corroboratesUpTo: 0, levels: [exact] },
  { key: 'uln', label: 'ULN', field: 'uln', strongIdentifier: true, corroboratesUpTo: 0, levels: [exact] },
  {
    key: 'otherIdentifier',
    label: 'Other identifier',
    field: 'oid',
    corroboratesUpTo: 1,
    levels: [
      exact,
      { name: 'one edit', description: 'one character different', test: { kind: 'levenshtein', max: 1 } },
      { name: 'two edits', description: 'two characters different', test: { kind: 'levenshtein', max: 2 } },
    ],
  },
  { key: 'email', label: 'Email', field: 'em', corroboratesUpTo: 0, levels: [exact] },
  { key: 'phone', label: 'Phone', field: 'ph', corroboratesUpTo: 0, levels: [exact] },
];

/** True when some comparison beyond the names corroborates the pair (see `corroboratesUpTo`). */
export function isCorroborated(specs: readonly ComparisonSpec[], levels: ArrayLike<number>): boolean {
  for (let k = 0; k < specs.length; k++) {
    const up = specs[k]!.corroboratesUpTo;
    const l = levels[k]!;
    if (up !== undefined && l >= 0 && l <= up) return true;
  }
  return false;
}

/** Number of levels of a comparison, the final "different" level included. */
export function levelCount(spec: ComparisonSpec): number {
  return spec.levels.length + 1;
}

/** How one comparison of a pair came out, in words a reviewer can act on without seeing either value. */
export const COMPARISON_OUTCOMES = ['EXACT', 'CLOSE', 'DIFFERENT', 'MISSING'] as const;

/** One comparison outcome. */
export type ComparisonOutcome = (typeof COMPARISON_OUTCOMES)[number];

/**
 * Level → outcome. Levels run from most to least alike (compare.ts): the first listed level is `exact`
 * on every comparison, the other listed levels are degrees of likeness (a variant, a near spelling, the
 * day and month swapped, the same postcode sector …), the implicit level one past the list is
 * "different", and -1 means either record holds no value.
 */
export const OUTCOME_OF_LEVEL = {
  missing: 'MISSING',
  firstListed: 'EXACT',
  otherListed: 'CLOSE',
  pastTheList: 'DIFFERENT',
} as const satisfies Record<string, ComparisonOutcome>;

/** The outcome of a level of a comparison with `count` levels, "different" included (see `levelCount`). */
export function levelOutcome(level: number, count: number): ComparisonOutcome {
  if (level < 0) return OUTCOME_OF_LEVEL.missing;
  if (level === 0) return OUTCOME_OF_LEVEL.firstListed;
  return level < count - 1 ? OUTCOME_OF_LEVEL.otherListed : OUTCOME_OF_LEVEL.pastTheList;
}

/** The name of a level (the last is "different"). */
export function levelName(spec: ComparisonSpec, level: number): string {
  return level < 0 ? 'missing' : (spec.levels[level]?.name ?? 'different');
}
