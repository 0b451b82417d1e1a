import { describe, expect, it } from 'vitest';
import { generateCohortArray } from '../cohort/generate-cohort.js';
import { PAYLOAD_CATEGORIES } from '../sources/payload-schemas.js';
import { validatePayload } from './payload-validation.js';
import { validateRecord } from './record-validation.js';

const TODAY = '2026-10-01';
const check = (payload: unknown, today = TODAY) => validatePayload(payload, today);

/** One full, valid payload per category: what lands must be exactly what was sent. */
const GOOD = {
  EDUCATION_ENROLMENT: {
    status: 'ENROLLED', yearGroup: 12, welshMedium: true, freeSchoolMeals: false, enrolledOn: '2025-09-03', course: 'Level 2 Hairdressing',
    programme: 'Apprenticeship', level: 2, startDate: '2026-09-07', hoursPerWeek: 18.5, withdrawnOn: null, completedOn: null,
    electiveHomeEducation: false, eotas: false, eotasSetting: null,
  },
  ATTENDANCE: { percent: 91.4, unauthorisedPercent: 2.5, persistentAbsence: false, sessionsAttended: 280, sessionsPossible: 306 },
  BEHAVIOUR: { incidents: 3, fixedTermExclusions: 1, permanentExclusion: false },
  ATTAINMENT: { ks3Outcome: { literacy: 'EXPECTED', numeracy: 'BELOW_EXPECTED' }, ks4: 'EXPECTED', predictedGcseGrades: { maths: 'B', welsh: 'A*' }, gcseResults: { english: '5' } },
  EARLY_IDENTIFICATION_RISK: { score: 62.5, band: 'AMBER', assessedOn: '2026-06-30' },
  TIER_STATUS: { tier: 2, assessedOn: '2026-09-14', tier2Reason: 'YOUNG_CARER', tier4Risk: null },
  CAREERS_GUIDANCE: { lastContactOn: '2026-09-20', nextContactOn: '2026-11-02', interviewCount: 4, adviserName: 'Rhian Morgan' },
  SUPPORT_NEEDS: { aln: true, youngCarer: true, pregnancyOrParent: false, healthNeeds: false, inclusionService: 'ALN team' },
  CARE_STATUS: { lookedAfter: false, careExperienced: true, since: '2019-04-01' },
  YOUTH_JUSTICE: { knownToYouthJusticeService: true, orderType: 'Referral order', orderStartedOn: '2026-03-01', orderEndsOn: '2027-03-01' },
  LEAD_WORKER: { leadWorkerName: 'Owain Jones', leadWorkerInitials: 'O.J.', organisation: 'Cardiff Youth Service', allocatedOn: '2026-01-12', endedOn: null },
  INVOLVEMENT: { programme: 'Detached youth work', since: '2025-11-01', until: null, supportWorkerInitials: 'G.H.' },
  DESTINATION: { destination: 'FURTHER_EDUCATION', provider: 'Coleg Caerdydd a’r Fro', recordedOn: '2026-09-30' },
};

describe('payload schemas', () => {
  it('describe every payload category', () => {
    expect(Object.keys(GOOD).sort()).toEqual([...PAYLOAD_CATEGORIES].sort());
  });

  it('land a full, valid payload of every category exactly as sent, with no warning', () => {
    expect(check(GOOD)).toEqual({ payload: GOOD, warnings: [] });
  });

  it('take every payload the synthetic cohort generator writes, unchanged', () => {
    const cohort = generateCohortArray({ people: 3000, seed: 'payload-schemas', asOf: TODAY });
    let records = 0;
    for (const { records: rs } of cohort) {
      for (const r of rs) {
        records++;
        const v = validateRecord({ ...r, payload: r.payload as Record<string, unknown> }, TODAY);
        expect(v.ok).toBe(true);
        if (!v.ok) continue;
        expect(v.warnings.filter((w) => w.field.startsWith('payload') || w.reason.startsWith('mixes'))).toEqual([]);
        expect(v.record.payload).toEqual(r.payload);
      }
    }
    expect(records).toBeGreaterThan(3000);
  });

  it('drop a field of the wrong type or range with a warning naming it, keeping the rest of the category', () => {
    const r = check({ TIER_STATUS: { tier: 7, assessedOn: '2026-09-14', tier2Reason: 'BORED' }, ATTENDANCE: { percent: 101, persistentAbsence: 'yes' } });
    expect(r.payload).toEqual({ TIER_STATUS: { assessedOn: '2026-09-14' } });
    expect(r.warnings).toEqual([
      { field: 'payload.TIER_STATUS.tier', reason: 'must be a whole number from 1 to 5; dropped' },
      { field: 'payload.TIER_STATUS.tier2Reason', reason: 'must be one of SICKNESS, YOUNG_CARER, PREGNANCY, CUSTODY, MULTIPLE_BARRIERS; dropped' },
      { field: 'payload.ATTENDANCE.percent', reason: 'must be a number from 0 to 100; dropped' },
      { field: 'payload.ATTENDANCE.persistentAbsence', reason: 'must be true or false; dropped' },
    ]);
    expect(check({ TIER_STATUS: { tier: 2.5 } }).warnings[0]?.reason).toBe('must be a whole number from 1 to 5; dropped');
    expect(check({ TIER_STATUS: { tier: '3' } }).warnings[0]?.reason).toBe('must be a whole number from 1 to 5; dropped');
  });

  it('take only real ISO dates from 1900 to today (tomorrow for clocks ahead); planned dates up to a year ahead', () => {
    const assessed = (assessedOn: string) => check({ TIER_STATUS: { tier: 3, assessedOn } });
    expect(assessed('2026-10-01')).toEqual({ payload: { TIER_STATUS: { tier: 3, assessedOn: '2026-10-01' } }, warnings: [] });
    expect(assessed('2026-10-02').warnings).toEqual([]);
    expect(assessed('1900-01-01').warnings).toEqual([]);
    const reasons: Array<[string, string]> = [
      ['2026-10-03', 'is after today; dropped'],
      ['9999-12-31', 'is after today; dropped'],
      ['1899-12-31', 'is before 1900; dropped'],
      ['2026-02-31', 'must be a real date written YYYY-MM-DD; dropped'],
      ['2026-13-01', 'must be a real date written YYYY-MM-DD; dropped'],
      ['01/10/2026', 'must be a real date written YYYY-MM-DD; dropped'],
      ['Gwen Prys 2009-03-04 CF10 1AA', 'must be a real date written YYYY-MM-DD; dropped'],
    ];
    for (const [value, reason] of reasons) {
      const r = assessed(value);
      expect(r, value).toEqual({ payload: { TIER_STATUS: { tier: 3 } }, warnings: [{ field: 'payload.TIER_STATUS.assessedOn', reason }] });
    }
    const start = (startDate: string) => check({ EDUCATION_ENROLMENT: { status: 'ACCEPTED', startDate } });
    expect(start('2027-09-06').warnings).toEqual([]);
    expect(start('2027-10-03').warnings).toEqual([{ field: 'payload.EDUCATION_ENROLMENT.startDate', reason: 'is more than 366 days ahead; dropped' }]);
  });

  it('accept enumerations in any case and store them in the schema’s case', () => {
    expect(check({ EDUCATION_ENROLMENT: { status: 'enrolled' } })).toEqual({ payload: { EDUCATION_ENROLMENT: { status: 'ENROLLED' } }, warnings: [] });
  });

  it('drop unknown fields and categories with a warning, never naming a key that is not a field name', () => {
    const r = check({
      ATTENDANCE: { percent: 90, note: 'late on Mondays', 'Gwen Prys': 1 },
      IDENTITY: { givenName: 'Gwen' },
      CONSENT: { kind: 'GIVEN' },
      WELLBEING: { happy: true },
      'Gwen Prys': {},
    });
    expect(r.payload).toEqual({ ATTENDANCE: { percent: 90 } });
    expect(r.warnings).toEqual([
      { field: 'payload.ATTENDANCE.note', reason: 'is not a field of ATTENDANCE; dropped' },
      { field: 'payload.ATTENDANCE', reason: 'has 1 more key(s) that are not fields of ATTENDANCE; dropped' },
      { field: 'payload.IDENTITY', reason: 'is not a data category for payloads (identity and contact are fields); dropped' },
      { field: 'payload.CONSENT', reason: 'is the consent ledger, recorded with recordConsentEvent, never part of a record; dropped' },
      { field: 'payload.WELLBEING', reason: 'is not a data category; dropped' },
      { field: 'payload', reason: 'has 1 more key(s) that are not payload categories; dropped' },
    ]);
    expect(JSON.stringify(r.warnings)).not.toContain('Gwen');
  });

  it('name at most ten unknown keys per object and count the rest', () => {
    const flood = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    const r = check({ ATTENDANCE: { ...flood, percent: 95 }, ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`CAT${i}`, {}])) });
    expect(r.payload).toEqual({ ATTENDANCE: { percent: 95 } });
    expect(r.warnings).toHaveLength(10 + 1 + 10 + 1);
    expect(r.warnings[10]).toEqual({ field: 'payload.ATTENDANCE', reason: 'has 4990 more key(s) that are not fields of ATTENDANCE; dropped' });
    expect(r.warnings[21]).toEqual({ field: 'payload', reason: 'has 40 more key(s) that are not payload categories; dropped' });
  });

  it('check grades subject by subject', () => {
    const r = check({ ATTAINMENT: { gcseResults: { maths: 'B', welsh: 'Z', 'Gwen Prys!': 'A' } } });
    expect(r.payload).toEqual({ ATTAINMENT: { gcseResults: { maths: 'B' } } });
    expect(r.warnings).toEqual([
      { field: 'payload.ATTAINMENT.gcseResults.welsh', reason: `must be one of A*, A, B, C, D, E, F, G, U, 9, 8, 7, 6, 5, 4, 3, 2, 1; dropped` },
      { field: 'payload.ATTAINMENT.gcseResults', reason: 'has 1 key(s) that are not subject names; dropped' },
    ]);
  });

  it('clean payload strings (NUL, controls, bidi, zero-width) with a warning, and drop a category left empty', () => {
    const r = check({
      EDUCATION_ENROLMENT: { course: 'Level 2\u0000 Hair\u202Edressing', status: 'ENROL\u200BLED' },
      INVOLVEMENT: { programme: '\u0000' },
      TIER_STATUS: { tier: 9 },
    });
    expect(r.payload).toEqual({ EDUCATION_ENROLMENT: { course: 'Level 2 Hairdressing', status: 'ENROLLED' }, INVOLVEMENT: { programme: null } });
    expect(r.warnings).toEqual([
      { field: 'payload.EDUCATION_ENROLMENT.course', reason: 'had control characters removed' },
      { field: 'payload.EDUCATION_ENROLMENT.course', reason: 'had invisible or bidirectional formatting characters removed' },
      { field: 'payload.EDUCATION_ENROLMENT.status', reason: 'had invisible or bidirectional formatting characters removed' },
      { field: 'payload.INVOLVEMENT.programme', reason: 'had control characters removed' },
      { field: 'payload.TIER_STATUS.tier', reason: 'must be a whole number from 1 to 5; dropped' },
    ]);
    // JSON escapes NUL as the six characters \u0000; the others it writes as they are.
    for (const c of ['\\u0000', '\u200b', '\u202e']) expect(JSON.stringify(r.payload)).not.toContain(c);
  });

  it('never quote the value in a reason', () => {
    const secret = 'Gwenllian Prys 2009-03-04 CF10 1AA';
    const r = check(Object.fromEntries(PAYLOAD_CATEGORIES.map((c) => [c, { tier: secret, assessedOn: secret, status: secret, percent: secret, programme: { secret }, gcseResults: secret, ks3Outcome: { secret } }])));
    expect(r.warnings.length).toBeGreaterThan(10);
    for (const w of r.warnings) {
      expect(w.reason).not.toMatch(/Gwenllian|Prys|2009|CF10|secret/);
      expect(w.field).not.toMatch(/Gwenllian|Prys|2009|CF10|secret/);
    }
  });

  it('ignore a payload that is not an object (the stored one is kept), and treat none as none', () => {
    expect(check([1, 2])).toEqual({ payload: null, warnings: [{ field: 'payload', reason: 'must be an object keyed by data category; ignored, the stored payload is kept' }] });
    expect(check(null)).toEqual({ payload: null, warnings: [] });
    expect(check({})).toEqual({ payload: {}, warnings: [] });
  });
});
