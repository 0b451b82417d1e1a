// Free-text hygiene for partner submissions (identity fields and payload strings): one Unicode form (NFC),
// one line, no control, invisible or bidirectional formatting characters, and a flag for names that mix
// look-alike scripts. Pure functions; what they report names kinds of characters, never the text.

/** A kind of character that cleaning removes. */
export type RemovedKind = 'control' | 'format' | 'surrogate';

/** A cleaned value (empty when nothing was left) and the kinds of characters removed from it. */
export interface CleanedText {
  text: string;
  removed: RemovedKind[];
}

// C0 and C1 controls and DEL, NUL included. TAB, LF and CR are whitespace: collapsed to a space, not removed.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Invisible and bidirectional formatting: zero-width space, joiners and direction marks (U+200B–U+200F),
// embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), the byte-order mark (U+FEFF), and their
// lesser-known kin used the same way: soft hyphen, Arabic letter mark, Mongolian vowel separator, word joiner
// and the invisible operators (U+2060–U+2064).
const FORMAT = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// Half of a surrogate pair on its own: PostgreSQL refuses it in JSON, and it is no character at all.
const LONE_SURROGATE = /\p{Cs}/gu;

/** Why a warning is given for each kind of removed character. */
export const REMOVED_REASONS: Readonly<Record<RemovedKind, string>> = {
  control: 'had control characters removed',
  format: 'had invisible or bidirectional formatting characters removed',
  surrogate: 'had broken characters (unpaired surrogates) removed',
};

/** Cleans one value: removes lone surrogates, controls and formatting characters, then NFC, collapsed spaces, trimmed. */
export function cleanText(raw: string): CleanedText {
  const removed: RemovedKind[] = [];
  let s = raw;
  for (const [kind, pattern] of [['surrogate', LONE_SURROGATE], ['control', CONTROL], ['format', FORMAT]] as const) {
    const next = s.replace(pattern, '');
    if (next !== s) removed.push(kind);
    s = next;
  }
  // NFC after removal, so that a zero-width character between a letter and its accent no longer blocks composition.
  return { text: s.normalize('NFC').replace(/\s+/g, ' ').trim(), removed };
}

// Scripts with letters that look like Latin ones (а/a, е/e, о/o, р/p, ο/o, ν/v, Տ/S, Ꭺ/A …).
const LOOK_ALIKE_SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
];

/**
 * The look-alike scripts a name mixes (e.g. ['Latin', 'Cyrillic'] for a Latin name with a Cyrillic 'а'), or
 * an empty list when its letters come from at most one of them (a wholly Cyrillic name is not flagged).
 */
export function mixedScripts(name: string | null | undefined): string[] {
  if (!name) return [];
  const found = LOOK_ALIKE_SCRIPTS.filter(([, pattern]) => pattern.test(name)).map(([script]) => script);
  return found.length > 1 ? found : [];
}

/** The warning reason for a name that mixes scripts (names the scripts, never the letters). */
export function mixedScriptReason(scripts: readonly string[]): string {
  return `mixes ${scripts.join(' and ')} letters, which look alike; kept, but not used to match`;
}
