// The one linking decision: whether a scored pair links automatically, waits for review, or stays apart.
// The batch linker, the chunk linker, clustering and the benchmarks all call this; nothing else decides.
import type { ComparisonSpec } from './criteria.js';
import { isCorroborated } from './criteria.js';
import type { PairScore } from './model.js';
import type { StandardRecord } from './standardise.js';

/** The thresholds of the decision (posterior log2-odds; see MatchingConfig). */
export interface DecisionThresholds {
  /** At or above: linked automatically (when corroborated and not twins). */
  link: number;
  /** At or above (and below `link`): waits for review. */
  review: number;
  /** A shared UPN or ULN links unless the other evidence weighs less than this (then review). */
  identifierFloor: number;
}

/** What is decided for one pair. */
export interface PairDecision {
  status: 'LINKED' | 'REVIEW' | null;
  /** What the pair rests on: a shared valid UPN or ULN that stands, or the score. */
  rule: 'SCORED' | 'UPN' | 'ULN';
  /** Why a pair strong enough to link was held for review instead. */
  held: 'NAMES_ONLY' | 'LIKELY_TWINS' | null;
}

/** True when the pair shares a valid UPN or ULN. */
export function sharesStrongIdentifier(a: StandardRecord, b: StandardRecord): boolean {
  return (a.upn !== null && a.upn === b.upn) || (a.uln !== null && a.uln === b.uln);
}

/** Whether an identifier link stands: the rest of the evidence (prior aside) must not flatly contradict it. */
export function identifierLinkStands(score: PairScore, specs: readonly ComparisonSpec[], floor: number): boolean {
  let rest = 0;
  for (let k = 0; k < specs.length; k++) if (!specs[k]!.strongIdentifier) rest += score.weights[k]!;
  return rest >= floor;
}

const indexOf = (specs: readonly ComparisonSpec[], key: string): number => specs.findIndex((s) => s.key === key);

/** Comparisons on which two records that both hold a value and disagree are two people (a child has one of each). */
const DISTINCT_PERSON_SIGNS = ['sex', 'upn', 'uln', 'email', 'phone'] as const;

/**
 * Twins (or siblings born together): the pair agrees on the household (family name, date of birth, and the
 * address: postcode, street or house number) and disagrees on the given name (flatly different, or only loosely
 * alike) and on something a child has one of: sex, UPN, ULN, e-mail or phone, both held and different. Such a pair
 * is never linked automatically, however heavy the rest of its evidence. A different given name alone (no sex or
 * identifier to tell them apart) is not enough: it is also how a record with a replaced first name looks.
 */
export function looksLikeTwins(specs: readonly ComparisonSpec[], levels: ArrayLike<number>): boolean {
  const at = (key: string): number => {
    const k = indexOf(specs, key);
    return k < 0 ? -1 : levels[k]!;
  };
  const different = (key: string): boolean => {
    const k = indexOf(specs, key);
    return k >= 0 && levels[k] === specs[k]!.levels.length;
  };
  const family = at('familyName');
  const dob = at('dateOfBirth');
  // Family name exact, another form or nearly the same; date of birth exact, day/month swapped or a digit out.
  if (family < 0 || family > 2 || dob < 0 || dob > 2) return false;
  const sameAddress = at('postcode') === 0 || at('street') === 0 || at('street') === 1 || at('houseNumber') === 0;
  if (!sameAddress) return false;
  // Given names flatly different, or only loosely alike (Jaro–Winkler ≥ 0.80 or an initial; not a variant or sound-alike).
  const given = at('givenName');
  const looseFrom = specs[indexOf(specs, 'givenName')]!.levels.findIndex((l) => l.name === 'jw≥0.80');
  if (given < 0 || looseFrom < 0 || given < looseFrom) return false;
  return DISTINCT_PERSON_SIGNS.some(different);
}

/** The decision for one scored pair (see docs/matching.md, step 4). */
export function decidePair(
  specs: readonly ComparisonSpec[],
  a: StandardRecord,
  b: StandardRecord,
  score: PairScore,
  thresholds: DecisionThresholds,
): PairDecision {
  const shares = sharesStrongIdentifier(a, b);
  if (shares && identifierLinkStands(score, specs, thresholds.identifierFloor)) {
    return { status: 'LINKED', rule: a.upn !== null && a.upn === b.upn ? 'UPN' : 'ULN', held: null };
  }
  if (score.total >= thresholds.link) {
    if (!isCorroborated(specs, score.levels)) return { status: 'REVIEW', rule: 'SCORED', held: 'NAMES_ONLY' };
    if (looksLikeTwins(specs, score.levels)) return { status: 'REVIEW', rule: 'SCORED', held: 'LIKELY_TWINS' };
    return { status: 'LINKED', rule: 'SCORED', held: null };
  }
  if (score.total >= thresholds.review || shares) return { status: 'REVIEW', rule: 'SCORED', held: null };
  return { status: null, rule: 'SCORED', held: null };
}
