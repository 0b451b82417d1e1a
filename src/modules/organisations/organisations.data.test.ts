import { describe, expect, it } from 'vitest';
import { ORGANISATION_KINDS } from './organisation-kind.js';
import {
  COHORT_LA_CODES,
  COHORT_POST16_PROVIDERS,
  COHORT_SCHOOLS,
  COHORT_VOLUNTARY_BODIES,
  DEMO_ORG_CODES,
  REFERENCE_ORGANISATIONS,
  WELSH_LOCAL_AUTHORITIES,
} from './organisations.data.js';

const byCode = new Map(REFERENCE_ORGANISATIONS.map((org) => [org.code, org]));

describe('WELSH_LOCAL_AUTHORITIES', () => {
  it('lists the 22 LAs with unique codes, ONS codes and DfE numbers in 660–681', () => {
    expect(WELSH_LOCAL_AUTHORITIES).toHaveLength(22);
    expect(new Set(WELSH_LOCAL_AUTHORITIES.map((la) => la.code)).size).toBe(22);
    expect(new Set(WELSH_LOCAL_AUTHORITIES.map((la) => la.onsCode)).size).toBe(22);
    const numbers = WELSH_LOCAL_AUTHORITIES.map((la) => la.dfeNumber).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 22 }, (_, i) => 660 + i));
    for (const la of WELSH_LOCAL_AUTHORITIES) {
      expect(la.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(la.onsCode).toMatch(/^W060000\d\d$/);
    }
  });

  it('has the fixed codes and numbers', () => {
    const la = (code: string) => WELSH_LOCAL_AUTHORITIES.find((candidate) => candidate.code === code);
    expect(la('cardiff')).toMatchObject({ onsCode: 'W06000015', nameCy: 'Caerdydd', dfeNumber: 681 });
    expect(la('gwynedd')).toMatchObject({ onsCode: 'W06000002', dfeNumber: 661 });
    expect(la('blaenau-gwent')).toMatchObject({ onsCode: 'W06000019', dfeNumber: 677 });
    expect(la('isle-of-anglesey')).toMatchObject({ onsCode: 'W06000001', nameCy: 'Ynys Môn' });
    expect(la('merthyr-tydfil')?.onsCode).toBe('W06000024');
    expect(la('caerphilly')?.onsCode).toBe('W06000018');
  });
});

describe('REFERENCE_ORGANISATIONS', () => {
  it('has unique lowercase dotted codes and known kinds', () => {
    expect(byCode.size).toBe(REFERENCE_ORGANISATIONS.length);
    for (const org of REFERENCE_ORGANISATIONS) {
      expect(org.code).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/);
      expect(ORGANISATION_KINDS).toContain(org.kind);
    }
  });

  it('has one local authority organisation per LA and the national bodies', () => {
    const las = REFERENCE_ORGANISATIONS.filter((org) => org.kind === 'LOCAL_AUTHORITY');
    expect(las).toHaveLength(22);
    for (const la of WELSH_LOCAL_AUTHORITIES) expect(byCode.get(`la.${la.code}`)?.laCode).toBe(la.code);
    expect(byCode.get('careers-wales')).toMatchObject({ kind: 'CAREERS_WALES', laCode: null, ispSignatory: true });
    expect(byCode.get('welsh-government')).toMatchObject({ kind: 'WELSH_GOVERNMENT', laCode: null, ispSignatory: false });
  });

  it('gives every cohort LA a youth service, 3–6 schools, 1–2 colleges and a voluntary body', () => {
    for (const { laCode } of COHORT_LA_CODES) {
      const local = REFERENCE_ORGANISATIONS.filter((org) => org.laCode === laCode);
      expect(local.filter((org) => org.kind === 'YOUTH_SERVICE')).toHaveLength(1);
      const schools = local.filter((org) => org.kind === 'SCHOOL');
      expect(schools.length).toBeGreaterThanOrEqual(3);
      expect(schools.length).toBeLessThanOrEqual(6);
      for (const school of schools) expect(school.code.startsWith(`school.${laCode}.`)).toBe(true);
      const colleges = local.filter((org) => org.kind === 'FE_COLLEGE');
      expect(colleges.length).toBeGreaterThanOrEqual(1);
      expect(colleges.length).toBeLessThanOrEqual(2);
      expect(local.some((org) => org.kind === 'VOLUNTARY')).toBe(true);
    }
    expect(REFERENCE_ORGANISATIONS.some((org) => org.kind === 'WBL_PROVIDER')).toBe(true);
  });

  it('includes every organisation the cohort generator uses', () => {
    for (const code of [
      ...COHORT_SCHOOLS.map((s) => s.code),
      ...COHORT_POST16_PROVIDERS.map((p) => p.code),
      ...COHORT_VOLUNTARY_BODIES.map((v) => v.code),
    ]) {
      expect(byCode.has(code)).toBe(true);
    }
  });

  it('has unique establishment numbers and both Welsh- and English-medium schools', () => {
    expect(new Set(COHORT_SCHOOLS.map((s) => s.establishmentNumber)).size).toBe(COHORT_SCHOOLS.length);
    expect(COHORT_SCHOOLS.some((s) => s.welshMedium && s.name.startsWith('Ysgol Gyfun'))).toBe(true);
    expect(COHORT_SCHOOLS.some((s) => !s.welshMedium && s.name.endsWith('High School'))).toBe(true);
  });
});

describe('DEMO_ORG_CODES', () => {
  it('points at organisations of the expected kind', () => {
    expect(byCode.get(DEMO_ORG_CODES.cardiffLa)?.kind).toBe('LOCAL_AUTHORITY');
    expect(byCode.get(DEMO_ORG_CODES.gwyneddLa)?.laCode).toBe('gwynedd');
    expect(byCode.get(DEMO_ORG_CODES.blaenauGwentLa)?.laCode).toBe('blaenau-gwent');
    expect(byCode.get(DEMO_ORG_CODES.careersWales)?.kind).toBe('CAREERS_WALES');
    expect(byCode.get(DEMO_ORG_CODES.welshGovernment)?.kind).toBe('WELSH_GOVERNMENT');
    expect(byCode.get(DEMO_ORG_CODES.cardiffSchool)).toMatchObject({ kind: 'SCHOOL', laCode: 'cardiff' });
    expect(byCode.get(DEMO_ORG_CODES.cardiffCollege)).toMatchObject({ kind: 'FE_COLLEGE', laCode: 'cardiff' });
    expect(byCode.get(DEMO_ORG_CODES.cardiffVoluntary)).toMatchObject({ kind: 'VOLUNTARY', laCode: 'cardiff' });
    expect(byCode.get(DEMO_ORG_CODES.cardiffYouthService)).toMatchObject({ kind: 'YOUTH_SERVICE', laCode: 'cardiff' });
  });
});

describe('COHORT_LA_CODES', () => {
  it('weights real LAs, Cardiff the largest, summing to 1', () => {
    const total = COHORT_LA_CODES.reduce((sum, { weight }) => sum + weight, 0);
    expect(total).toBeCloseTo(1);
    const largest = [...COHORT_LA_CODES].sort((a, b) => b.weight - a.weight)[0];
    expect(largest?.laCode).toBe('cardiff');
    for (const { laCode } of COHORT_LA_CODES) expect(WELSH_LOCAL_AUTHORITIES.some((la) => la.code === laCode)).toBe(true);
  });
});
