import { beforeAll, describe, expect, it } from 'vitest';
import { isValidUln } from '../identifiers/uln.js';
import { isValidUpn } from '../identifiers/upn.js';
import { COHORT_LA_CODES, REFERENCE_ORGANISATIONS } from '../organisations/organisations.data.js';
import type { GeneratedPersonWithRecords, GeneratedSourceRecord } from './cohort.types.js';
import { ageOn, schoolAge } from './calendar.js';
import { DEFAULT_AS_OF, generateCohort, generateCohortArray } from './generate-cohort.js';
import { NAME_VARIANTS } from './names.data.js';
import { effectiveRate, hasDiacritics, swapDayMonth, type NoiseSource } from './noise.js';
import { truthRows } from './truth-file.js';

const KIND_BY_CODE = new Map(REFERENCE_ORGANISATIONS.map((org) => [org.code, org.kind]));

function sourceOf(record: GeneratedSourceRecord): NoiseSource {
  const kind = KIND_BY_CODE.get(record.providerCode);
  if (kind === undefined || kind === 'WELSH_GOVERNMENT') throw new Error(`Unexpected provider ${record.providerCode}`);
  return kind;
}

function take<T>(iterable: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const item of iterable) {
    if (out.length === n) break;
    out.push(item);
  }
  return out;
}

const compact = (s: string): string => s.replace(/\s+/g, '').toUpperCase();

let cohort: GeneratedPersonWithRecords[];
let records: { record: GeneratedSourceRecord; person: GeneratedPersonWithRecords['person']; source: NoiseSource }[];

beforeAll(() => {
  cohort = generateCohortArray({ people: 20_000, seed: 'cohort-tests', asOf: DEFAULT_AS_OF });
  records = cohort.flatMap((p) => p.records.map((record) => ({ record, person: p.person, source: sourceOf(record) })));
});

describe('determinism', () => {
  it('gives the same first 500 people for the same seed, however many are asked for', () => {
    const a = generateCohortArray({ people: 500, seed: 'same', asOf: DEFAULT_AS_OF });
    const b = take(generateCohort({ people: 2000, seed: 'same', asOf: DEFAULT_AS_OF }), 500);
    expect(b).toEqual(a);
  });

  it('gives a different cohort for a different seed', () => {
    const a = generateCohortArray({ people: 500, seed: 'same', asOf: DEFAULT_AS_OF });
    const b = generateCohortArray({ people: 500, seed: 'other', asOf: DEFAULT_AS_OF });
    expect(b).not.toEqual(a);
    const sameNames = a.filter((p, i) => p.person.givenName === b[i]?.person.givenName && p.person.dateOfBirth === b[i]?.person.dateOfBirth);
    expect(sameNames.length).toBeLessThan(10);
  });

  it('rejects bad options before streaming', () => {
    expect(() => generateCohort({ people: -1, seed: 'x', asOf: DEFAULT_AS_OF })).toThrow(RangeError);
    expect(() => generateCohort({ people: 1.5, seed: 'x', asOf: DEFAULT_AS_OF })).toThrow(RangeError);
    expect(() => generateCohort({ people: 1, seed: 'x', asOf: '2026-13-01' })).toThrow();
  });
});

describe('people', () => {
  it('are all aged 11 to 19 on asOf and in Year 7 or above, whatever asOf is', () => {
    for (const p of cohort) {
      const age = ageOn(p.person.dateOfBirth, DEFAULT_AS_OF);
      expect(age).toBeGreaterThanOrEqual(11);
      expect(age).toBeLessThanOrEqual(19);
      expect(schoolAge(p.person.dateOfBirth, DEFAULT_AS_OF)).toBeGreaterThanOrEqual(11);
    }
    const spring = generateCohortArray({ people: 3000, seed: 'spring', asOf: '2025-03-15' });
    const ages = new Set(spring.map((p) => ageOn(p.person.dateOfBirth, '2025-03-15')));
    expect([...ages].sort((a, b) => a - b)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('live in every cohort LA, Cardiff the most', () => {
    const counts = new Map<string, number>();
    for (const p of cohort.slice(0, 5000)) counts.set(p.person.laCode, (counts.get(p.person.laCode) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(COHORT_LA_CODES.map((la) => la.laCode).sort());
    const cardiff = counts.get('cardiff') ?? 0;
    for (const [laCode, n] of counts) if (laCode !== 'cardiff') expect(n).toBeLessThan(cardiff);
  });

  it('have unique truth ids, valid and unique clean UPNs and ULNs, and ULNs only from 16', () => {
    expect(new Set(cohort.map((p) => p.person.truthId)).size).toBe(cohort.length);
    const upns = cohort.flatMap((p) => (p.person.upn ? [p.person.upn] : []));
    const ulns = cohort.flatMap((p) => (p.person.uln ? [p.person.uln] : []));
    expect(upns.length).toBeGreaterThan(cohort.length * 0.95);
    expect(upns.every(isValidUpn)).toBe(true);
    expect(ulns.every(isValidUln)).toBe(true);
    expect(new Set(upns).size).toBe(upns.length);
    expect(new Set(ulns).size).toBe(ulns.length);
    for (const p of cohort) {
      if (p.person.uln) expect(schoolAge(p.person.dateOfBirth, DEFAULT_AS_OF)).toBeGreaterThanOrEqual(16);
    }
  });

  it('have postcodes in their LA districts', () => {
    const pattern: Record<string, RegExp> = {
      cardiff: /^CF(3|5|10|11|14|15|23|24) \d[A-Z]{2}$/,
      gwynedd: /^LL(3[5-9]|4\d|5[0-7]) \d[A-Z]{2}$/,
      'blaenau-gwent': /^NP(13|22|23) \d[A-Z]{2}$/,
      swansea: /^SA[1-7] \d[A-Z]{2}$/,
      newport: /^NP(10|18|19|20) \d[A-Z]{2}$/,
    };
    for (const p of cohort) expect(p.person.postcode).toMatch(pattern[p.person.laCode] as RegExp);
  });
});

describe('records', () => {
  it('come from organisations in the reference list, with references unique per partner', () => {
    const seen = new Set<string>();
    for (const { record } of records) {
      expect(KIND_BY_CODE.has(record.providerCode)).toBe(true);
      const key = `${record.providerCode}|${record.partnerReference}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('have reference formats typical of each partner', () => {
    const formats: Record<string, RegExp> = {
      SCHOOL: /^ADM\d{5,}$/,
      FE_COLLEGE: /^C\d{2}\d{5,}$/,
      CAREERS_WALES: /^CW-\d{7,}$/,
      LOCAL_AUTHORITY: /^[A-Z]{3}\d{6,}$/,
    };
    for (const { record, source } of records) {
      const format = formats[source];
      if (format) expect(record.partnerReference).toMatch(format);
    }
  });

  it('include Careers Wales only from age 15, and for everyone in Year 12 or above', () => {
    for (const p of cohort) {
      const cw = p.records.filter((r) => r.providerCode === 'careers-wales');
      if (cw.length > 0) expect(ageOn(p.person.dateOfBirth, DEFAULT_AS_OF)).toBeGreaterThanOrEqual(15);
      if (schoolAge(p.person.dateOfBirth, DEFAULT_AS_OF) >= 16) expect(cw.length).toBeGreaterThan(0);
    }
  });

  it('put tiers in realistic proportions', () => {
    const counts = [0, 0, 0, 0, 0, 0];
    for (const p of cohort) {
      const status = p.records.find((r) => r.payload.TIER_STATUS)?.payload.TIER_STATUS;
      if (status) {
        const tier = status.tier as number;
        counts[tier] = (counts[tier] ?? 0) + 1;
      }
    }
    const total = counts.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(7000);
    const share = (tier: number): number => (counts[tier] ?? 0) / total;
    expect(share(5)).toBeGreaterThan(0.8);
    expect(share(5)).toBeLessThan(0.86);
    expect(share(4)).toBeGreaterThan(0.06);
    expect(share(4)).toBeLessThan(0.08);
    expect(share(3)).toBeGreaterThan(0.03);
    expect(share(3)).toBeLessThan(0.05);
    expect(share(2)).toBeGreaterThan(0.018);
    expect(share(2)).toBeLessThan(0.032);
    expect(share(1)).toBeGreaterThan(0.02);
    expect(share(1)).toBeLessThan(0.045);
  });

  it('give tier detail only where it applies and leave tier-1 contact stale', () => {
    for (const { record } of records) {
      const status = record.payload.TIER_STATUS;
      if (!status) continue;
      expect('tier4Risk' in status).toBe(status.tier === 4);
      expect('tier2Reason' in status).toBe(status.tier === 2);
      if (status.tier === 1) {
        const lastContact = record.payload.CAREERS_GUIDANCE?.lastContactOn as string;
        expect(lastContact < '2025-10-01').toBe(true);
      }
    }
  });

  it("give recent Year 11 leavers not in a sixth form their school's leavers-file record, in their LA, left in July", () => {
    const schools = new Map(REFERENCE_ORGANISATIONS.filter((o) => o.kind === 'SCHOOL').map((o) => [o.code, o.laCode]));
    let leavers = 0;
    for (const p of cohort) {
      const age = schoolAge(p.person.dateOfBirth, DEFAULT_AS_OF);
      const leaving = p.records.filter((r) => r.payload.EDUCATION_ENROLMENT?.['status'] === 'LEFT');
      const onRoll = p.records.some((r) => schools.has(r.providerCode) && r.payload.EDUCATION_ENROLMENT?.['status'] === undefined);
      if (age < 16 || age > 17 || onRoll || p.person.upn === null) {
        expect(leaving).toEqual([]);
        continue;
      }
      expect(leaving).toHaveLength(1);
      const [record] = leaving;
      expect(schools.get(record!.providerCode)).toBe(p.person.laCode);
      expect(record!.partnerReference).toMatch(/^ADM9\d{5}$/);
      expect(record!.payload.EDUCATION_ENROLMENT).toMatchObject({ yearGroup: 11, status: 'LEFT', leftOn: expect.stringMatching(age === 16 ? /^2026-07-/ : /^2025-07-/) });
      leavers++;
    }
    expect(leavers).toBeGreaterThan(2000);
  });

  it('carry the payload categories of their source', () => {
    for (const { record, source } of records) {
      const categories = Object.keys(record.payload).sort();
      if (source === 'SCHOOL') expect(categories).toEqual(expect.arrayContaining(['ATTAINMENT', 'EDUCATION_ENROLMENT']));
      if (source === 'LOCAL_AUTHORITY') expect(categories).toEqual(expect.arrayContaining(['CARE_STATUS', 'EDUCATION_ENROLMENT']));
      if (source === 'CAREERS_WALES') expect(categories).toContain('CAREERS_GUIDANCE');
      if (source === 'FE_COLLEGE' || source === 'WBL_PROVIDER') expect(categories).toEqual(['EDUCATION_ENROLMENT']);
      if (source === 'VOLUNTARY' || source === 'YOUTH_SERVICE') expect(categories).toEqual(['INVOLVEMENT']);
    }
  });

  it('show attendance mostly in 88–98% with a tail below 80%', () => {
    const attendance = records.flatMap(({ record }) => {
      const percent = record.payload.ATTENDANCE?.percent;
      return typeof percent === 'number' ? [percent] : [];
    });
    const share = (test: (x: number) => boolean): number => attendance.filter(test).length / attendance.length;
    expect(share((x) => x >= 88 && x <= 98)).toBeGreaterThan(0.75);
    expect(share((x) => x < 80)).toBeGreaterThan(0.02);
    expect(share((x) => x < 80)).toBeLessThan(0.1);
  });

  it('reach a realistic share of people at each kind of partner', () => {
    const share = (source: NoiseSource): number =>
      cohort.filter((p) => p.records.some((r) => sourceOf(r) === source)).length / cohort.length;
    expect(share('LOCAL_AUTHORITY')).toBeGreaterThan(0.1);
    expect(share('LOCAL_AUTHORITY')).toBeLessThan(0.2);
    expect(share('VOLUNTARY')).toBeGreaterThan(0.1);
    expect(share('VOLUNTARY')).toBeLessThan(0.15);
  });

  it('sometimes hold the same person twice in one partner (about 1%)', () => {
    const twice = cohort.filter((p) => new Set(p.records.map((r) => r.providerCode)).size < p.records.length).length;
    expect(twice / cohort.length).toBeGreaterThan(0.006);
    expect(twice / cohort.length).toBeLessThan(0.015);
  });

  it('map to truth rows that cover every record exactly once', () => {
    const rows = cohort.flatMap(truthRows);
    expect(rows).toHaveLength(records.length);
    const keys = new Set(rows.map((row) => `${row.partner}|${row.partnerReference}`));
    expect(keys.size).toBe(records.length);
    for (const { record } of records) {
      expect(keys.has(`${record.providerCode}|${record.partnerReference}`)).toBe(true);
    }
    cohort.forEach((p) => {
      for (const row of truthRows(p)) expect(row.personId).toBe(p.person.truthId);
    });
    // The truth id never leaks into what partners send.
    for (const { record, person } of records) expect(JSON.stringify(record)).not.toContain(person.truthId);
  });
});

// Observed count of a noise effect against the count its configured rate predicts.
function expectNear(observed: number, expected: number, tolerance = 0.25): void {
  expect(expected).toBeGreaterThan(60);
  expect(observed).toBeGreaterThan(expected * (1 - tolerance));
  expect(observed).toBeLessThan(expected * (1 + tolerance));
}

describe('noise', () => {
  it('swaps day and month at the configured rate', () => {
    let observed = 0;
    let expected = 0;
    for (const { record, person, source } of records) {
      const swapped = swapDayMonth(person.dateOfBirth);
      // Voluntary and youth records sometimes hold only the year, so leave them out.
      if (swapped === null || record.dateOfBirth === null || source === 'VOLUNTARY' || source === 'YOUTH_SERVICE') continue;
      expected += effectiveRate('dayMonthSwap', source) * (1 - effectiveRate('dateOfBirthSlip', source));
      if (record.dateOfBirth === swapped) observed++;
    }
    expectNear(observed, expected);
  });

  it('uses nicknames and variants at the configured rate', () => {
    let observed = 0;
    let expected = 0;
    for (const { record, person, source } of records) {
      const variants = NAME_VARIANTS[person.givenName];
      if (!variants || record.givenName === null) continue;
      expected += effectiveRate('nameVariant', source);
      const given = record.givenName.trim().toLowerCase();
      const family = (record.familyName ?? '').trim().toLowerCase();
      if (variants.some((v) => v.toLowerCase() === given || v.toLowerCase() === family)) observed++;
    }
    expectNear(observed, expected);
  });

  it('drops diacritics at about the configured rate', () => {
    let observed = 0;
    let lower = 0;
    let upper = 0;
    for (const { record, person, source } of records) {
      if (!hasDiacritics(person.givenName) || record.givenName === null) continue;
      const dropped = effectiveRate('diacriticsDropped', source);
      const variant = effectiveRate('nameVariant', source);
      lower += dropped;
      // A nickname (Siân → Shan) also loses the accent.
      upper += dropped + (1 - dropped) * variant;
      if (!hasDiacritics(record.givenName) && !hasDiacritics(record.familyName ?? '')) observed++;
    }
    expect(lower).toBeGreaterThan(60);
    expect(observed).toBeGreaterThan(lower * 0.8);
    expect(observed).toBeLessThan(upper * 1.2);
  });

  it('moves postcodes at the configured rate', () => {
    let observed = 0;
    let expected = 0;
    for (const { record, person, source } of records) {
      // Careers Wales holds deliberately stale addresses for tier 1, so it is left out here.
      if (record.postcode === null || source === 'CAREERS_WALES') continue;
      expected += effectiveRate('postcodeMoved', source);
      if (compact(record.postcode) !== compact(person.postcode)) observed++;
    }
    expectNear(observed, expected, 0.15);
  });

  it('leaves UPNs and ULNs out at the configured rates', () => {
    const school = records.filter(({ source, person }) => source === 'SCHOOL' && person.upn !== null);
    const missingUpn = school.filter(({ record }) => record.upn === null).length / school.length;
    expect(missingUpn).toBeGreaterThan(0.02);
    expect(missingUpn).toBeLessThan(0.04);
    const college = records.filter(({ source, person }) => source === 'FE_COLLEGE' && person.uln !== null);
    const missingUln = college.filter(({ record }) => record.uln === null).length / college.length;
    expect(missingUln).toBeGreaterThan(0.03);
    expect(missingUln).toBeLessThan(0.075);
  });

  it('keeps most school identities exact and corrupts a few identifiers', () => {
    const school = records.filter(({ source }) => source === 'SCHOOL');
    const exactName = school.filter(({ record, person }) => record.givenName === person.givenName && record.familyName === person.familyName);
    expect(exactName.length / school.length).toBeGreaterThan(0.85);
    expect(exactName.length / school.length).toBeLessThan(0.99);
    const invalidUpns = records.filter(({ record }) => record.upn !== null && !isValidUpn(record.upn)).length;
    expect(invalidUpns).toBeGreaterThan(0);
  });
});

describe('twins and registers', () => {
  it('has twins: one household (family name, date of birth, address), two children with their own names and identifiers', () => {
    const twins: Array<[GeneratedPersonWithRecords['person'], GeneratedPersonWithRecords['person']]> = [];
    for (let i = 1; i < cohort.length; i++) {
      const [a, b] = [cohort[i - 1]!.person, cohort[i]!.person];
      if (a.familyName === b.familyName && a.dateOfBirth === b.dateOfBirth && a.postcode === b.postcode) twins.push([a, b]);
    }
    // About 1.5% of births: some 290 pairs among 20,000 young people.
    expect(twins.length).toBeGreaterThan(200);
    expect(twins.length).toBeLessThan(400);
    for (const [a, b] of twins) {
      expect(b.givenName).not.toBe(a.givenName);
      expect(b.truthId).not.toBe(a.truthId);
      if (a.upn && b.upn) expect(b.upn).not.toBe(a.upn);
    }
    expect(twins.filter(([a, b]) => a.sex !== b.sex).length).toBeGreaterThan(twins.length / 4);
  });

  it('holds each person at most once in a register (school roll, learner list, Careers Wales); duplicates only elsewhere', () => {
    const registers = new Set(['SCHOOL', 'FE_COLLEGE', 'WBL_PROVIDER', 'CAREERS_WALES']);
    let duplicates = 0;
    for (const p of cohort) {
      const seen = new Map<string, number>();
      for (const r of p.records) seen.set(r.providerCode, (seen.get(r.providerCode) ?? 0) + 1);
      for (const [code, n] of seen) {
        if (n < 2) continue;
        duplicates++;
        expect(registers.has(KIND_BY_CODE.get(code)!)).toBe(false);
      }
    }
    expect(duplicates).toBeGreaterThan(0);
  });
});
