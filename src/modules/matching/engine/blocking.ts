// Blocking: which pairs are worth scoring at all. Each rule turns a record into keys; two records
// become a candidate pair when they share a key under any rule (the rules are unioned). Rules are
// data; pair completeness (the share of true pairs that blocking keeps) is measured by the benches.
import { phonetic } from './similarity.js';
import type { StandardRecord } from './standardise.js';

/** A blocking rule: records sharing any of its keys are compared. */
export interface BlockingRule {
  name: string;
  description: string;
  keys(r: StandardRecord): string[];
  /**
   * When set, a block of this rule only pairs records where at least one side satisfies it (e.g. names
   * alone pair a record without a date of birth with anyone of that name, not two dated records).
   */
  onlyPairsWith?(r: StandardRecord): boolean;
}

/** True when the record has no full date of birth (none, only a year or month, or a year stored as 1 January). */
export function lacksDateOfBirth(r: StandardRecord): boolean {
  return r.d === null || r.d.length < 8 || r.d.endsWith('0101');
}

function namesKeys(prefix: string, r: StandardRecord, extra: string | null): string[] {
  const out: string[] = [];
  if (extra === null) return out;
  for (const f of familyCodes(r)) for (const g of givenCodes(r)) out.push(`${prefix}:${g}|${f}|${extra}`);
  return out;
}

/** Date of birth with day and month in sorted order, so a swapped date lands in the same block. */
function dobKey(d: string | null): string | null {
  if (!d || d.length < 8) return null;
  const m = d.slice(4, 6);
  const day = d.slice(6, 8);
  return m <= day ? `${d.slice(0, 4)}${m}${day}` : `${d.slice(0, 4)}${day}${m}`;
}

/** Codes standing for the given name: its sound and its variant groups (Dai and Dafydd share one). */
function givenCodes(r: StandardRecord): string[] {
  const codes = r.gp ? [r.gp] : [];
  for (const g of r.gk) codes.push(`#${g}`);
  return codes;
}

const formCodeCache = new Map<string, string | null>();

/** Codes standing for the family name: its sound and the sounds of its other forms (hyphen parts, ap/ab forms). */
function familyCodes(r: StandardRecord): string[] {
  const codes = new Set<string>();
  if (r.fp) codes.add(r.fp);
  for (const k of r.fk) {
    let code = formCodeCache.get(k);
    if (code === undefined) {
      code = phonetic(k);
      if (formCodeCache.size < 50_000) formCodeCache.set(k, code);
    }
    if (code) codes.add(code);
  }
  return [...codes];
}

function cross(prefix: string, xs: readonly string[], ys: readonly (string | null)[]): string[] {
  const out: string[] = [];
  for (const x of xs) for (const y of ys) if (y !== null) out.push(`${prefix}:${x}|${y}`);
  return out;
}

/** The blocking rules of the hub's matcher (unioned). */
export const BLOCKING_RULES: readonly BlockingRule[] = [
  { name: 'upn', description: 'same valid UPN', keys: (r) => (r.upn ? [`upn:${r.upn}`] : []) },
  { name: 'uln', description: 'same valid ULN', keys: (r) => (r.uln ? [`uln:${r.uln}`] : []) },
  { name: 'other-id', description: 'same other identifier', keys: (r) => (r.oid ? [`oid:${r.oid}`] : []) },
  {
    name: 'name+dob',
    description:
      'either name sounds alike (any form, a variant, or given and family names entered the wrong way round) and same date of birth (day and month either way round)',
    keys: (r) => cross('nd', [...new Set([...familyCodes(r), ...givenCodes(r)])], [dobKey(r.d)]),
  },
  {
    name: 'name+postcode',
    description: 'either name sounds alike (any form, or the names the wrong way round) and same postcode (catches a wrong date of birth)',
    keys: (r) => cross('np', [...new Set([...familyCodes(r), ...givenCodes(r)])], [r.pc]),
  },
  {
    name: 'dob+locality',
    description: 'same date of birth (either way round) and same locality (catches both names misspelt)',
    keys: (r) => {
      const d = dobKey(r.d);
      return d && r.loc ? [`dl:${d}|${r.loc}`] : [];
    },
  },
  {
    name: 'names+locality',
    description: 'given and family names sound alike and same locality (catches a wrong date of birth after a move)',
    keys: (r) => namesKeys('nl', r, r.loc),
  },
  {
    name: 'names+year',
    description: 'given and family names sound alike, same year of birth (catches a wrong day or month)',
    keys: (r) => namesKeys('ny', r, r.d ? r.d.slice(0, 4) : null),
  },
  {
    name: 'names+day',
    description: 'given and family names sound alike, same day and month of birth (catches a wrong year)',
    keys: (r) => namesKeys('nm-day', r, r.d && !lacksDateOfBirth(r) ? r.d.slice(4) : null),
  },
  {
    name: 'names, undated',
    description: 'given and family names sound alike, where one record has no date of birth',
    keys: (r) => namesKeys('nm', r, ''),
    onlyPairsWith: lacksDateOfBirth,
  },
  {
    name: 'postcode+initial',
    description: 'same postcode and same first letter of the given name',
    keys: (r) => (r.pc && r.g ? [`pi:${r.pc}|${r.g[0]}`] : []),
  },
  {
    name: 'dob+district',
    description: 'same date of birth (either way round) and same postcode district',
    keys: (r) => {
      const d = dobKey(r.d);
      const area = r.po ?? r.pc;
      return d && area ? [`da:${d}|${area}`] : [];
    },
  },
  { name: 'phone', description: 'same phone number', keys: (r) => (r.ph ? [`ph:${r.ph}`] : []) },
  { name: 'email', description: 'same email address', keys: (r) => (r.em ? [`em:${r.em}`] : []) },
];

/** Blocks larger than this are skipped: a key shared by so many records says too little to be worth the pairs. */
export const DEFAULT_MAX_BLOCK = 300;

/** Every blocking key of a record with the rule it comes from, hashed (for the incremental path). */
export function hashedKeysWithRules(r: StandardRecord, rules: readonly BlockingRule[] = BLOCKING_RULES): Map<number, BlockingRule> {
  const out = new Map<number, BlockingRule>();
  for (const rule of rules) {
    for (const k of rule.keys(r)) {
      const h = hashKey(k);
      if (!out.has(h)) out.set(h, rule);
    }
  }
  return out;
}

/** Every blocking key of a record, over all rules (deduplicated). */
export function blockingKeys(r: StandardRecord, rules: readonly BlockingRule[] = BLOCKING_RULES): string[] {
  const keys = new Set<string>();
  for (const rule of rules) for (const k of rule.keys(r)) keys.add(k);
  return [...keys];
}

/** A blocking key hashed to a 52-bit integer (two FNV-1a hashes), for storage and index lookups; a rare collision only adds a candidate. */
export function hashKey(key: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return ((h2 >>> 0) & 0xfffff) * 4_294_967_296 + (h1 >>> 0);
}

/** The hashed blocking keys of a record, as stored beside its features. */
export function hashedBlockingKeys(r: StandardRecord, rules: readonly BlockingRule[] = BLOCKING_RULES): number[] {
  return [...new Set(blockingKeys(r, rules).map(hashKey))];
}

/** A pair of record indexes (a < b) packed into one number. */
export function packPair(a: number, b: number): number {
  return a < b ? a * 4_194_304 + b : b * 4_194_304 + a;
}

/** The two indexes of a packed pair. */
export function unpackPair(p: number): [number, number] {
  const a = Math.floor(p / 4_194_304);
  return [a, p - a * 4_194_304];
}

/** Candidate pairs among records held in memory (batch matching and benchmarks), with the blocks skipped as too large. */
export function candidatePairs(
  records: readonly StandardRecord[],
  options: { rules?: readonly BlockingRule[]; maxBlock?: number; onlyAcross?: (a: number, b: number) => boolean } = {},
): { pairs: Set<number>; skippedBlocks: number } {
  const rules = options.rules ?? BLOCKING_RULES;
  const maxBlock = options.maxBlock ?? DEFAULT_MAX_BLOCK;
  if (records.length >= 4_194_304) throw new RangeError('Too many records for one in-memory batch');
  const blocks = new Map<string, { rule: BlockingRule; members: number[] }>();
  records.forEach((r, i) => {
    for (const rule of rules) {
      for (const k of rule.keys(r)) {
        const block = blocks.get(k);
        if (block) {
          if (block.members.at(-1) !== i) block.members.push(i);
        } else blocks.set(k, { rule, members: [i] });
      }
    }
  });
  const pairs = new Set<number>();
  let skippedBlocks = 0;
  const add = (a: number, b: number): void => {
    if (options.onlyAcross && !options.onlyAcross(a, b)) return;
    pairs.add(packPair(a, b));
  };
  for (const { rule, members } of blocks.values()) {
    if (members.length < 2) continue;
    if (members.length > maxBlock) {
      skippedBlocks++;
      continue;
    }
    const only = rule.onlyPairsWith;
    if (only) {
      const chosen = members.filter((i) => only(records[i]!));
      for (const a of chosen) for (const b of members) if (a !== b) add(a, b);
      continue;
    }
    for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) add(members[x]!, members[y]!);
  }
  return { pairs, skippedBlocks };
}

/** Share of the true pairs that the candidate pairs contain (blocking's pair completeness), and how many pairs were made. */
export function pairCompleteness(truePairs: ReadonlySet<number>, candidates: ReadonlySet<number>): { completeness: number; truePairs: number; found: number } {
  let found = 0;
  for (const p of truePairs) if (candidates.has(p)) found++;
  return { completeness: truePairs.size === 0 ? 1 : found / truePairs.size, truePairs: truePairs.size, found };
}
