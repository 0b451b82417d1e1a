// Writes the records each partner holds about one planned young person: what a school MIS,
// an LA system, Careers Wales, a college, a training provider, a voluntary body or the youth
// service would send, each with its own reference and its own noise.
import { REGISTER_KINDS } from '../organisations/organisation-kind.js';
import type { CohortPost16Provider, CohortSchool } from '../organisations/organisations.data.js';
import type { GeneratedSourceRecord } from './cohort.types.js';
import { dayOf, dayToIso } from './calendar.js';
import {
  CAREERS_WALES_YEAR11_SHARE,
  COLLEGE_COURSES,
  DUPLICATE_IN_PARTNER_SHARE,
  GCSE_GRADES,
  WBL_PROGRAMMES,
  YOUTH_SERVICE_PROGRAMMES,
} from './cohort.data.js';
import { localTables, noiseAlternatives, type CohortContext, type PersonPlan } from './draw-person.js';
import { noisyIdentity, type NoiseAlternatives, type NoiseKind, type NoiseSource } from './noise.js';
import type { Prng } from './prng.js';

type Payload = GeneratedSourceRecord['payload'];

/** What one partner holds about the person, before the identity copy and reference are made. */
interface RecordSpec {
  source: NoiseSource;
  providerCode: string;
  referencePrefix: string;
  referenceDigits: number;
  payload: Payload;
  rates?: Partial<Record<NoiseKind, number>>;
}

const LA_REFERENCE_PREFIX: Readonly<Record<string, string>> = {
  cardiff: 'CDF',
  swansea: 'SWA',
  newport: 'NWP',
  gwynedd: 'GWY',
  'blaenau-gwent': 'BGW',
};

const INITIAL_LETTERS = 'ABCDEFGHJKLMNOPRSTWY';

/** All records partners hold about the person, including the occasional duplicate inside one partner. */
export function buildRecords(ctx: CohortContext, plan: PersonPlan): GeneratedSourceRecord[] {
  const rng = ctx.rng;
  const specs: RecordSpec[] = [];
  if (plan.school) specs.push(schoolSpec(ctx, plan, plan.school));
  if (plan.electiveHomeEducation || plan.eotasSetting || plan.lookedAfter || plan.careExperienced || plan.inclusionService) {
    specs.push(localAuthoritySpec(plan));
  }
  if (plan.schoolAge >= 16 || (plan.schoolAge === 15 && rng.chance(CAREERS_WALES_YEAR11_SHARE))) {
    specs.push(careersWalesSpec(ctx, plan));
  }
  if (plan.post16Provider) specs.push(post16Spec(ctx, plan, plan.post16Provider));
  if (rng.chance(voluntaryChance(plan))) specs.push(voluntarySpec(ctx, plan));
  if (rng.chance(youthServiceChance(plan))) specs.push(youthServiceSpec(ctx, plan));

  const alternatives = noiseAlternatives(ctx, plan.person.laCode);
  const records = specs.map((spec) => materialise(ctx, plan, spec, alternatives));
  // A second record in one partner happens where records are not a register (one per young person): an LA's
  // services, a voluntary body, the youth service. A school roll or a learner list holds each person once.
  const duplicable = specs.filter((spec) => !REGISTER_KINDS.includes(spec.source));
  if (duplicable.length > 0 && rng.chance(DUPLICATE_IN_PARTNER_SHARE)) {
    records.push(materialise(ctx, plan, rng.pick(duplicable), alternatives));
  }
  return records;
}

function materialise(
  ctx: CohortContext,
  plan: PersonPlan,
  spec: RecordSpec,
  alternatives: NoiseAlternatives,
): GeneratedSourceRecord {
  const identity = noisyIdentity(plan.identity, spec.source, ctx.rng, alternatives, spec.rates);
  return {
    providerCode: spec.providerCode,
    partnerReference: ctx.references.allocate(spec.providerCode, spec.referencePrefix, spec.referenceDigits),
    givenName: identity.givenName,
    middleNames: identity.middleNames,
    familyName: identity.familyName,
    dateOfBirth: identity.dateOfBirth,
    sex: identity.sex,
    postcode: identity.postcode,
    addressLine: identity.addressLine,
    locality: identity.locality,
    upn: identity.upn,
    uln: identity.uln,
    otherIdentifier: null,
    email: identity.email,
    phone: identity.phone,
    // A duplicate gets its own payload object so that no two records share mutable state.
    payload: { ...spec.payload },
  };
}

function daysAgo(ctx: CohortContext, min: number, max: number): string {
  return dayToIso(ctx.asOfDay - ctx.rng.int(min, max));
}

/** A GCSE grade drawn around what the pupil's underlying risk suggests. */
export function grade(rng: Prng, risk: number): string {
  const index = Math.round(1.8 + 4.2 * risk + rng.normal(0, 1.3));
  return GCSE_GRADES[Math.min(GCSE_GRADES.length - 1, Math.max(0, index))] as string;
}

function ks3Band(rng: Prng, risk: number): string {
  const z = risk + rng.normal(0, 0.25);
  return z < 0.3 ? 'ABOVE_EXPECTED' : z < 0.8 ? 'EXPECTED' : 'BELOW_EXPECTED';
}

function schoolSpec(ctx: CohortContext, plan: PersonPlan, school: CohortSchool): RecordSpec {
  const rng = ctx.rng;
  const yearGroup = plan.yearGroup ?? 7;
  const outcomes = plan.outcomes;
  // Most pupils joined in September of Year 7 (or of Year 12 for sixth-form joiners); some arrived mid-phase.
  const joinedYear12 = yearGroup >= 12 && rng.chance(0.3);
  const startYear = ctx.schoolYear - (yearGroup - (joinedYear12 ? 12 : 7));
  const latest = ctx.asOfDay - 1;
  const septemberStart = Math.min(latest, dayOf(startYear, 9, rng.int(1, 6)));
  const enrolledDay = rng.chance(0.08) ? rng.int(septemberStart, latest) : septemberStart;

  let attainment: Record<string, unknown>;
  if (yearGroup <= 9) {
    attainment = { ks3Outcome: { literacy: ks3Band(rng, plan.risk), numeracy: ks3Band(rng, plan.risk) } };
  } else {
    // Sixth-formers hold the GCSE results they achieved; Years 10–11 have predictions.
    const risk = yearGroup >= 12 ? plan.risk * 0.7 : plan.risk;
    const grades: Record<string, string> = {
      english: grade(rng, risk),
      maths: grade(rng, risk),
      science: grade(rng, risk),
      welsh: grade(rng, risk),
    };
    attainment = yearGroup >= 12 ? { gcseResults: grades } : { predictedGcseGrades: grades };
  }

  const payload: Payload = {
    EDUCATION_ENROLMENT: {
      yearGroup,
      welshMedium: school.welshMedium,
      freeSchoolMeals: plan.freeSchoolMeals,
      enrolledOn: dayToIso(enrolledDay),
    },
    ATTAINMENT: attainment,
  };
  if (outcomes) {
    payload.ATTENDANCE = {
      percent: outcomes.attendancePercent,
      unauthorisedPercent: outcomes.unauthorisedPercent,
      persistentAbsence: outcomes.attendancePercent < 90,
    };
    payload.BEHAVIOUR = {
      fixedTermExclusions: outcomes.fixedTermExclusions,
      permanentExclusion: outcomes.permanentExclusion,
      incidents: outcomes.incidents,
    };
  }
  return { source: 'SCHOOL', providerCode: school.code, referencePrefix: 'ADM', referenceDigits: 5, payload };
}

function localAuthoritySpec(plan: PersonPlan): RecordSpec {
  const laCode = plan.person.laCode;
  const payload: Payload = {
    EDUCATION_ENROLMENT: {
      electiveHomeEducation: plan.electiveHomeEducation,
      eotas: plan.eotasSetting !== null,
      eotasSetting: plan.eotasSetting,
    },
    CARE_STATUS: { lookedAfter: plan.lookedAfter, careExperienced: plan.careExperienced },
  };
  if (plan.inclusionService) payload.SUPPORT_NEEDS = { inclusionService: plan.inclusionService };
  return {
    source: 'LOCAL_AUTHORITY',
    providerCode: `la.${laCode}`,
    referencePrefix: LA_REFERENCE_PREFIX[laCode] ?? 'LA',
    referenceDigits: 6,
    payload,
  };
}

// Days since last contact and number of guidance interviews, by tier (null: Year 11, no tier yet).
const CONTACT_PATTERN: Readonly<Record<string, { lastContact: [number, number]; interviews: [number, number] }>> = {
  none: { lastContact: [5, 200], interviews: [0, 2] },
  5: { lastContact: [10, 240], interviews: [1, 3] },
  4: { lastContact: [5, 90], interviews: [2, 6] },
  3: { lastContact: [1, 45], interviews: [3, 10] },
  2: { lastContact: [1, 60], interviews: [3, 12] },
  // Tier 1 is "status unknown": Careers Wales lost touch long ago.
  1: { lastContact: [400, 900], interviews: [0, 2] },
};

function careersWalesSpec(ctx: CohortContext, plan: PersonPlan): RecordSpec {
  const rng = ctx.rng;
  const pattern = CONTACT_PATTERN[plan.tier === null ? 'none' : String(plan.tier)] ?? { lastContact: [5, 200], interviews: [0, 2] };
  const payload: Payload = {
    CAREERS_GUIDANCE: {
      lastContactOn: daysAgo(ctx, pattern.lastContact[0], pattern.lastContact[1]),
      interviewCount: rng.int(pattern.interviews[0], pattern.interviews[1]),
    },
  };
  if (plan.tier !== null) {
    const status: Record<string, unknown> = {
      tier: plan.tier,
      assessedOn: plan.tier === 1 ? daysAgo(ctx, 1, 60) : daysAgo(ctx, 1, 120),
    };
    if (plan.tier4Risk) status.tier4Risk = plan.tier4Risk;
    if (plan.tier2Reason) status.tier2Reason = plan.tier2Reason;
    payload.TIER_STATUS = status;
  }
  return {
    source: 'CAREERS_WALES',
    providerCode: 'careers-wales',
    referencePrefix: 'CW-',
    referenceDigits: 7,
    payload,
    // Contact details for young people whose status is unknown are usually out of date.
    rates: plan.tier === 1 ? { postcodeMoved: 0.5, phoneStale: 0.5 } : undefined,
  };
}

function courseStartDay(ctx: CohortContext, plan: PersonPlan): number {
  const rng = ctx.rng;
  const yearsSince16 = Math.max(0, plan.schoolAge - 16);
  // A continuing learner started one or two years ago; a first-year learner this September.
  const yearsAgo = yearsSince16 === 0 || rng.chance(0.45) ? 0 : rng.int(1, Math.min(2, yearsSince16));
  let start = dayOf(ctx.schoolYear - yearsAgo, 9, rng.int(1, 12));
  if (start >= ctx.asOfDay) start = dayOf(ctx.schoolYear - yearsAgo - 1, 9, rng.int(1, 12));
  return start;
}

function withdrawalDay(ctx: CohortContext, start: number): number {
  const latest = ctx.asOfDay - 1;
  const span = Math.max(1, Math.min(300, latest - start - 7));
  return Math.min(latest, start + 7 + ctx.rng.int(0, span));
}

function post16Spec(ctx: CohortContext, plan: PersonPlan, provider: CohortPost16Provider): RecordSpec {
  const rng = ctx.rng;
  const start = courseStartDay(ctx, plan);
  const withdrawnOn = plan.post16Withdrawn ? dayToIso(withdrawalDay(ctx, start)) : null;
  const status = plan.post16Withdrawn ? 'WITHDRAWN' : 'ENROLLED';
  if (provider.kind === 'WBL_PROVIDER') {
    const programme = rng.pick(WBL_PROGRAMMES);
    return {
      source: 'WBL_PROVIDER',
      providerCode: provider.code,
      referencePrefix: 'WBL',
      referenceDigits: 6,
      payload: {
        EDUCATION_ENROLMENT: {
          programme: programme.programme,
          startDate: dayToIso(start),
          hoursPerWeek: plan.partTime ? rng.int(8, 15) : programme.hoursPerWeek,
          status,
          withdrawnOn,
        },
      },
    };
  }
  // Higher-risk learners are more often on lower-level courses.
  let course = rng.pick(COLLEGE_COURSES);
  if (plan.risk > 0.6) {
    const other = rng.pick(COLLEGE_COURSES);
    if (other.level < course.level) course = other;
  }
  const hoursPerWeek = plan.partTime ? rng.int(6, 15) : Math.max(16, course.hoursPerWeek + rng.int(-2, 3));
  const startIso = dayToIso(start);
  return {
    source: 'FE_COLLEGE',
    providerCode: provider.code,
    referencePrefix: `C${startIso.slice(2, 4)}`,
    referenceDigits: 5,
    payload: {
      EDUCATION_ENROLMENT: { course: course.title, level: course.level, startDate: startIso, hoursPerWeek, status, withdrawnOn },
    },
  };
}

function voluntaryChance(plan: PersonPlan): number {
  let chance = 0.055 + 0.15 * plan.risk ** 3;
  if (plan.tier !== null && plan.tier < 5) chance += 0.25;
  if (plan.outcomes && plan.outcomes.attendancePercent < 85) chance += 0.12;
  return chance;
}

function initials(rng: Prng): string {
  return INITIAL_LETTERS.charAt(rng.int(0, INITIAL_LETTERS.length - 1)) + INITIAL_LETTERS.charAt(rng.int(0, INITIAL_LETTERS.length - 1));
}

function voluntarySpec(ctx: CohortContext, plan: PersonPlan): RecordSpec {
  const rng = ctx.rng;
  const tables = localTables(plan.person.laCode);
  const body =
    plan.tier2Reason === 'YOUNG_CARER' && rng.chance(0.8)
      ? { code: 'voluntary.young-carers-network-wales', programmes: ['Young carers group'] }
      : tables.voluntaryBodies.pick(rng);
  return {
    source: 'VOLUNTARY',
    providerCode: body.code,
    referencePrefix: 'YP-',
    referenceDigits: 4,
    payload: {
      INVOLVEMENT: { programme: rng.pick(body.programmes), since: daysAgo(ctx, 14, 700), supportWorkerInitials: initials(rng) },
    },
  };
}

function youthServiceChance(plan: PersonPlan): number {
  if (plan.tier === 2) return 0.7;
  if (plan.tier === 3) return 0.1;
  if (plan.tier4Risk === 'HIGH') return 0.2;
  if (plan.schoolAge <= 15) return plan.risk > 0.9 ? 0.15 : 0.01;
  return 0.005;
}

function youthServiceSpec(ctx: CohortContext, plan: PersonPlan): RecordSpec {
  const rng = ctx.rng;
  // Tier 2 lead workers come from the youth service in most cases (domain digest §2).
  const programme = plan.tier === 2 ? 'Lead worker support' : rng.pick(YOUTH_SERVICE_PROGRAMMES);
  return {
    source: 'YOUTH_SERVICE',
    providerCode: `youth.${plan.person.laCode}`,
    referencePrefix: 'YS',
    referenceDigits: 6,
    payload: { INVOLVEMENT: { programme, since: daysAgo(ctx, 7, 500), supportWorkerInitials: initials(rng) } },
  };
}
