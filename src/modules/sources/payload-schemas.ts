// Roles: partner systems (PARTNER_SYSTEM) that submit records. Sensitive categories: every payload category,
// SUPPORT_NEEDS and YOUTH_JUSTICE (special category and criminal offence data) among them.
// What each data category's payload may hold, field by field; anything else is dropped at ingest with a warning.
import { z } from 'zod';
import { DATA_CATEGORIES, type DataCategory } from '../../policy/data-category.js';

/** Data categories carried in a record's payload (identity and contact are the record's own columns). */
export type PayloadCategory = Exclude<DataCategory, 'IDENTITY' | 'CONTACT' | 'CONSENT'>;

/** A schema for one payload field; every message it gives describes what is expected, never the value. */
export type FieldSchema = z.ZodType;

/** The fields of one category's payload. */
export type CategorySchema = Readonly<Record<string, FieldSchema>>;

/** Earliest date any payload field may hold. */
export const EARLIEST_DATE = '1900-01-01';
/** Days after today an event's date may fall (a partner's clock and time zone ahead of the hub's UTC day). */
export const EVENT_DATE_MARGIN_DAYS = 1;
/** Days after today a planned date (a course start, an order's end) may fall: a year's applications ahead. */
export const PLANNED_DATE_HORIZON_DAYS = 366;

/** Statuses of an education or training enrolment, from application to its end. */
export const ENROLMENT_STATUSES = ['APPLIED', 'OFFERED', 'ACCEPTED', 'ENROLLED', 'WITHDRAWN', 'COMPLETED', 'LEFT'] as const;
/** Why a tier-2 young person is not available for education, employment or training. */
export const TIER2_REASONS = ['SICKNESS', 'YOUNG_CARER', 'PREGNANCY', 'CUSTODY', 'MULTIPLE_BARRIERS'] as const;
/** Risk of dropping out within tier 4. */
export const TIER4_RISKS = ['LOW', 'MEDIUM', 'HIGH'] as const;
/** A key stage outcome against expectations. */
export const OUTCOME_BANDS = ['ABOVE_EXPECTED', 'EXPECTED', 'BELOW_EXPECTED'] as const;
/** GCSE grades: Wales's letters, and the numbers of GCSEs taken through English boards. */
export const GCSE_GRADES = ['A*', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'U', '9', '8', '7', '6', '5', '4', '3', '2', '1'] as const;
/** Early-identification risk on the three-point scale. */
export const RAG_BANDS = ['RED', 'AMBER', 'GREEN'] as const;
/** Where a young person went after school, college or training. */
export const DESTINATIONS = [
  'SCHOOL_SIXTH_FORM', 'FURTHER_EDUCATION', 'HIGHER_EDUCATION', 'TRAINING', 'EMPLOYMENT', 'VOLUNTARY_WORK', 'NEET', 'LEFT_AREA', 'UNKNOWN',
] as const;

/** True when the string is a real calendar date written YYYY-MM-DD (`2026-02-31` is not). */
export function isRealIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The ISO day `days` after `today`. */
export function addDays(today: string, days: number): string {
  const t = new Date(`${today}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

function date(latest: string, tooLate: string): FieldSchema {
  const format = 'must be a real date written YYYY-MM-DD';
  return z
    .string({ error: format })
    .refine(isRealIsoDate, { error: format, abort: true })
    .refine((d) => d >= EARLIEST_DATE, { error: 'is before 1900', abort: true })
    .refine((d) => d <= latest, { error: tooLate });
}

function whole(min: number, max: number): FieldSchema {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

function number(min: number, max: number): FieldSchema {
  const error = `must be a number from ${min} to ${max}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

function flag(): FieldSchema {
  return z.boolean({ error: 'must be true or false' });
}

function text(max: number): FieldSchema {
  const error = `must be text of 1 to ${max} characters`;
  return z.string({ error }).min(1, { error }).max(max, { error });
}

/** One of a list, in any letter case (stored in the list's own case). */
function oneOf(values: readonly [string, ...string[]]): FieldSchema {
  const error = `must be one of ${values.join(', ')}`;
  return z.string({ error }).transform((s) => s.toUpperCase()).pipe(z.enum(values, { error }));
}

/** Initials of a member of staff (A.B., AB, A B): never a full name. */
function initials(): FieldSchema {
  const error = 'must be initials of 1 to 4 letters';
  return z.string({ error }).regex(/^(\p{Lu}\.? ?){1,4}$/u, { error });
}

/** Grades keyed by subject (`{ "maths": "B", "welsh": "A*" }`); checked subject by subject. */
function gradesBySubject(): FieldSchema {
  const error = 'must be an object of grades by subject';
  return z.record(z.string().regex(/^[A-Za-z][A-Za-z ]{0,39}$/, { error: 'is not a subject name' }), oneOf(GCSE_GRADES), { error });
}

function outcomeByArea(): FieldSchema {
  const error = 'must be { literacy, numeracy } with ABOVE_EXPECTED, EXPECTED or BELOW_EXPECTED';
  return z.strictObject({ literacy: oneOf(OUTCOME_BANDS).optional(), numeracy: oneOf(OUTCOME_BANDS).optional() }, { error });
}

function build(today: string): Readonly<Record<PayloadCategory, CategorySchema>> {
  const happened = date(addDays(today, EVENT_DATE_MARGIN_DAYS), 'is after today');
  const planned = date(addDays(today, PLANNED_DATE_HORIZON_DAYS), `is more than ${PLANNED_DATE_HORIZON_DAYS} days ahead`);
  return {
    EDUCATION_ENROLMENT: {
      status: oneOf(ENROLMENT_STATUSES),
      yearGroup: whole(0, 14),
      welshMedium: flag(),
      freeSchoolMeals: flag(),
      enrolledOn: happened,
      course: text(200),
      programme: text(200),
      level: whole(0, 8),
      startDate: planned,
      hoursPerWeek: number(0, 60),
      withdrawnOn: happened,
      completedOn: happened,
      leftOn: happened,
      electiveHomeEducation: flag(),
      eotas: flag(),
      eotasSetting: text(100),
    },
    ATTENDANCE: {
      percent: number(0, 100),
      unauthorisedPercent: number(0, 100),
      persistentAbsence: flag(),
      sessionsAttended: whole(0, 1000),
      sessionsPossible: whole(0, 1000),
    },
    BEHAVIOUR: {
      incidents: whole(0, 10_000),
      fixedTermExclusions: whole(0, 100),
      permanentExclusion: flag(),
    },
    ATTAINMENT: {
      ks3Outcome: outcomeByArea(),
      ks4: oneOf(OUTCOME_BANDS),
      predictedGcseGrades: gradesBySubject(),
      gcseResults: gradesBySubject(),
    },
    EARLY_IDENTIFICATION_RISK: {
      score: number(0, 100),
      band: oneOf(RAG_BANDS),
      assessedOn: happened,
    },
    TIER_STATUS: {
      tier: whole(1, 5),
      assessedOn: happened,
      tier2Reason: oneOf(TIER2_REASONS),
      tier4Risk: oneOf(TIER4_RISKS),
    },
    CAREERS_GUIDANCE: {
      lastContactOn: happened,
      nextContactOn: planned,
      interviewCount: whole(0, 500),
      adviserName: text(100),
    },
    SUPPORT_NEEDS: {
      aln: flag(),
      youngCarer: flag(),
      pregnancyOrParent: flag(),
      healthNeeds: flag(),
      inclusionService: text(100),
    },
    CARE_STATUS: {
      lookedAfter: flag(),
      careExperienced: flag(),
      since: happened,
    },
    YOUTH_JUSTICE: {
      knownToYouthJusticeService: flag(),
      orderType: text(100),
      orderStartedOn: happened,
      orderEndsOn: planned,
    },
    LEAD_WORKER: {
      leadWorkerName: text(100),
      leadWorkerInitials: initials(),
      organisation: text(200),
      allocatedOn: happened,
      endedOn: happened,
    },
    INVOLVEMENT: {
      programme: text(200),
      since: happened,
      until: happened,
      supportWorkerInitials: initials(),
    },
    DESTINATION: {
      destination: oneOf(DESTINATIONS),
      provider: text(200),
      recordedOn: happened,
    },
  };
}

let cached: { today: string; schemas: Readonly<Record<PayloadCategory, CategorySchema>> } | null = null;

/** The payload schema of every category, with dates bounded by `today` (YYYY-MM-DD; built once per day). */
export function payloadSchemas(today: string): Readonly<Record<PayloadCategory, CategorySchema>> {
  if (cached?.today !== today) cached = { today, schemas: build(today) };
  return cached.schemas;
}

/** The payload categories, in the order of the data categories. */
export const PAYLOAD_CATEGORIES: readonly PayloadCategory[] = DATA_CATEGORIES.filter(
  // The consent ledger is the hub's, recorded through recordConsentEvent: never part of a partner's record.
  (c): c is PayloadCategory => c !== 'IDENTITY' && c !== 'CONTACT' && c !== 'CONSENT',
);
