// Unique Pupil Number: check letter, 3-digit DfE LA number, 4-digit establishment number,
// 2-digit year of allocation and 3-digit serial (13 characters in all).

const CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';
const UPN_PATTERN = /^[A-Z]\d{12}$/;
const STEM_PATTERN = /^\d{12}$/;

/** The check letter of a UPN whose last twelve characters (all digits) are given. */
export function upnCheckLetter(twelve: string): string {
  if (!STEM_PATTERN.test(twelve)) {
    throw new Error('A UPN stem is exactly twelve digits');
  }
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    // Character i of the stem is position i + 2 of the UPN, weighted by its position.
    sum += (twelve.charCodeAt(i) - 48) * (i + 2);
  }
  return CHECK_LETTERS.charAt(sum % 23);
}

/** True when the string is a well-formed UPN with the right check letter (case-insensitive, surrounding space ignored). */
export function isValidUpn(s: string): boolean {
  const upn = s.trim().toUpperCase();
  if (!UPN_PATTERN.test(upn)) return false;
  return upnCheckLetter(upn.slice(1)) === upn.charAt(0);
}

/** Builds a UPN from its parts: DfE LA number, establishment number, two-digit year of allocation and serial. */
export function makeUpn(laNumber: number, establishment: number, year: number, serial: number): string {
  assertPart('LA number', laNumber, 100, 999);
  assertPart('establishment number', establishment, 0, 9999);
  assertPart('year of allocation', year, 0, 99);
  assertPart('serial', serial, 0, 999);
  const stem =
    String(laNumber) +
    String(establishment).padStart(4, '0') +
    String(year).padStart(2, '0') +
    String(serial).padStart(3, '0');
  return upnCheckLetter(stem) + stem;
}

function assertPart(label: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`UPN ${label} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
