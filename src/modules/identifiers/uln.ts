// Unique Learner Number: ten digits, the last a modulus-11 check digit over the first nine.

const STEM_PATTERN = /^\d{9}$/;
const ULN_PATTERN = /^\d{10}$/;

/** The check digit of a nine-digit ULN stem, or null when the stem has none (so is never allocated). */
export function ulnCheckDigit(nine: string): number | null {
  if (!STEM_PATTERN.test(nine)) {
    throw new Error('A ULN stem is exactly nine digits');
  }
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    sum += (nine.charCodeAt(i) - 48) * (10 - i);
  }
  const remainder = sum % 11;
  return remainder === 0 ? null : 10 - remainder;
}

/** True when the string is ten digits whose last digit is the check digit of the first nine (surrounding space ignored). */
export function isValidUln(s: string): boolean {
  const uln = s.trim();
  if (!ULN_PATTERN.test(uln)) return false;
  const check = ulnCheckDigit(uln.slice(0, 9));
  return check !== null && check === uln.charCodeAt(9) - 48;
}

/** The full ULN for a nine-digit stem, or null when that stem has no valid check digit. */
export function makeUln(nineDigitStem: string): string | null {
  const check = ulnCheckDigit(nineDigitStem);
  return check === null ? null : nineDigitStem + String(check);
}
