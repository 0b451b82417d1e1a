/** Whole years between an ISO date of birth and an ISO day, as PostgreSQL's age() counts them (29 February birthdays fall on 1 March). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

/** Today's date in UTC as YYYY-MM-DD. */
export function isoToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
