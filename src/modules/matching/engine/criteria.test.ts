import { describe, expect, it } from 'vitest';
import { COMPARISONS, levelCount, levelOutcome } from './criteria.js';

const byKey = (key: string) => COMPARISONS.find((c) => c.key === key)!;

describe('comparison outcomes (what a reviewer is told instead of the values)', () => {
  it('reads the first level as EXACT, the levels after it as CLOSE, the implicit last as DIFFERENT and -1 as MISSING', () => {
    const dob = byKey('dateOfBirth'); // exact, day/month swapped, one digit or day, same day and month, same year
    expect([-1, 0, 1, 2, 3, 4, 5].map((l) => levelOutcome(l, levelCount(dob)))).toEqual([
      'MISSING',
      'EXACT',
      'CLOSE',
      'CLOSE',
      'CLOSE',
      'CLOSE',
      'DIFFERENT',
    ]);
    const sex = byKey('sex'); // exact only: there is nothing in between
    expect([-1, 0, 1].map((l) => levelOutcome(l, levelCount(sex)))).toEqual(['MISSING', 'EXACT', 'DIFFERENT']);
  });

  it('is truthful about EXACT: every comparison’s first level is the exact test (for dates, of full dates only)', () => {
    expect(COMPARISONS.filter((c) => c.levels[0]?.test.kind !== (c.key === 'dateOfBirth' ? 'dateExact' : 'exact')).map((c) => c.key)).toEqual([]);
  });

  it('describes levels in words, without example values a reviewer could take for a record’s', () => {
    const postcode = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b[A-Z]{1,2}\d{1,2}\b/;
    const date = /\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4}/;
    const texts = COMPARISONS.flatMap((c) => [c.label, ...c.levels.flatMap((l) => [l.name, l.description])]);
    expect(texts.filter((t) => postcode.test(t) || date.test(t))).toEqual([]);
  });
});
