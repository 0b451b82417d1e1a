// Calendar helpers on ISO dates (YYYY-MM-DD). Dates are handled as whole days since
// 1970-01-01 in UTC so that no time zone or clock can change a generated cohort.

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Year, month (1–12) and day of an ISO date; throws when the string is not a real date. */
export function parseIsoDate(iso: string): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(iso);
  if (!match) throw new Error(`Not an ISO date: ${iso}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`Not a real date: ${iso}`);
  }
  return { year, month, day };
}

/** Days since 1970-01-01 of an ISO date. */
export function isoToDay(iso: string): number {
  const { year, month, day } = parseIsoDate(iso);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** The ISO date of a day number (days since 1970-01-01). */
export function dayToIso(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day number of a calendar date given as year, month (1–12) and day. */
export function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** Age in whole years on `onIso` of someone born on `dobIso`. */
export function ageOn(dobIso: string, onIso: string): number {
  const dob = parseIsoDate(dobIso);
  const on = parseIsoDate(onIso);
  let age = on.year - dob.year;
  if (on.month < dob.month || (on.month === dob.month && on.day < dob.day)) age--;
  return age;
}

/** Calendar year in which the school year containing `onIso` began (school years start on 1 September). */
export function schoolYearStart(onIso: string): number {
  const { year, month } = parseIsoDate(onIso);
  return month >= 9 ? year : year - 1;
}

/** Age on 31 August before the school year containing `onIso` began: 11 means Year 7, 15 means Year 11. */
export function schoolAge(dobIso: string, onIso: string): number {
  return ageOn(dobIso, `${schoolYearStart(onIso)}-08-31`);
}
