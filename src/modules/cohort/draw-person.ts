// Draws one young person's true identity and circumstances; source-records.ts then writes what
// each partner holds about them.
import {
  COHORT_LA_CODES,
  COHORT_POST16_PROVIDERS,
  COHORT_SCHOOLS,
  COHORT_VOLUNTARY_BODIES,
  WELSH_LOCAL_AUTHORITIES,
  type CohortPost16Provider,
  type CohortSchool,
  type CohortVoluntaryBody,
} from '../organisations/organisations.data.js';
import type { CohortOptions, GeneratedPerson, RecordedSex } from './cohort.types.js';
import { ageOn, dayOf, dayToIso, isoToDay, parseIsoDate, schoolAge as schoolAgeOn, schoolYearStart } from './calendar.js';
import {
  EHE_NEVER_ENROLLED_SHARE,
  EHE_SHARE_BY_SCHOOL_AGE,
  EOTAS_SETTINGS,
  FSM_SHARE,
  GWYNEDD_EOTAS_SETTING,
  INCLUSION_SERVICES,
  POST16_ACTIVITY_SHARES,
  POST16_NO_UPN_SHARE,
  PRIMARY_SCHOOLS_PER_LA,
  TIER2_REASON_SHARES,
  TIER4_PART_TIME_SHARE,
  TIER4_RISK_SHARES,
  TIER_RISK_CORRELATION,
  TIER_SHARES,
  TWINS_SAME_SCHOOL_SHARE,
  UPN_LATE_ALLOCATION_SHARE,
  UPN_OTHER_LA_SHARE,
  WITHDRAWN_SHARE,
  type Post16Activity,
  type Tier,
} from './cohort.data.js';
import { PartnerReferenceAllocator, UlnAllocator, UpnAllocator } from './allocators.js';
import {
  AP_SURNAME_SHARE,
  AP_SURNAMES,
  ENGLISH_GIVEN_NAMES_F,
  ENGLISH_GIVEN_NAMES_M,
  HYPHENATED_SURNAME_SHARE,
  MIDDLE_NAME_SHARE,
  MIDDLE_NAMES_F,
  MIDDLE_NAMES_M,
  OTHER_GIVEN_NAMES_F,
  OTHER_GIVEN_NAMES_M,
  OTHER_NAME_SHARE,
  OTHER_SURNAMES,
  WELSH_GIVEN_NAMES_F,
  WELSH_GIVEN_NAMES_M,
  WELSH_NAME_SHARE,
  WELSH_SURNAME_SHARE,
  WELSH_SURNAMES,
  type WeightedName,
} from './names.data.js';
import { dropDiacritics, type Address, type IdentityTruth, type NoiseAlternatives } from './noise.js';
import { COHORT_DISTRICTS, COHORT_STREETS, INWARD_LETTERS, type DistrictSeed } from './places.data.js';
import { Prng, WeightedTable } from './prng.js';

/** Shared state of one generator run: the random stream, the dates and the identifier allocators. */
export class CohortContext {
  readonly rng: Prng;
  readonly asOf: string;
  readonly asOfDay: number;
  /** Calendar year in which the current school year began. */
  readonly schoolYear: number;
  readonly oldestBirthDay: number;
  readonly youngestBirthDay: number;
  readonly references: PartnerReferenceAllocator;
  readonly upns = new UpnAllocator();
  readonly ulns: UlnAllocator;

  constructor(opts: CohortOptions) {
    const asOf = parseIsoDate(opts.asOf);
    this.rng = new Prng(opts.seed);
    this.asOf = opts.asOf;
    this.asOfDay = isoToDay(opts.asOf);
    this.schoolYear = schoolYearStart(opts.asOf);
    // Aged 19 at most on asOf, and at least in Year 7 (aged 11 on the 31 August before this school year).
    this.oldestBirthDay = dayOf(asOf.year - 20, asOf.month, asOf.day) + 1;
    this.youngestBirthDay = dayOf(this.schoolYear - 11, 8, 31);
    this.references = new PartnerReferenceAllocator(this.rng);
    this.ulns = new UlnAllocator(this.rng);
  }
}

/** Measures of a pupil's school year so far. */
export interface SchoolOutcomes {
  attendancePercent: number;
  unauthorisedPercent: number;
  incidents: number;
  fixedTermExclusions: number;
  permanentExclusion: boolean;
}

/** Everything decided about one young person before partners' records are written. */
export interface PersonPlan {
  person: GeneratedPerson;
  /** The truth that every record copy is a noisy version of. */
  identity: IdentityTruth;
  /** Age in years on asOf. */
  age: number;
  /** Age on the 31 August before the current school year (11 = Year 7, 16 = Year 12). */
  schoolAge: number;
  /** Underlying disadvantage, uniform on [0, 1); drives attendance, behaviour, tier and involvement. */
  risk: number;
  /** School whose roll they are on (Years 7–13), or null. */
  school: CohortSchool | null;
  yearGroup: number | null;
  outcomes: SchoolOutcomes | null;
  freeSchoolMeals: boolean;
  electiveHomeEducation: boolean;
  eotasSetting: string | null;
  lookedAfter: boolean;
  careExperienced: boolean;
  inclusionService: string | null;
  tier: Tier | null;
  tier4Risk: 'LOW' | 'MEDIUM' | 'HIGH' | null;
  tier2Reason: string | null;
  activity: Post16Activity | null;
  /** College or WBL provider they attend or have withdrawn from. */
  post16Provider: CohortPost16Provider | null;
  post16Withdrawn: boolean;
  /** Fewer than 16 hours a week of learning. */
  partTime: boolean;
}

const LA_TABLE = new WeightedTable(COHORT_LA_CODES.map(({ laCode, weight }) => [laCode, weight] as const));
const DFE_NUMBER = new Map(WELSH_LOCAL_AUTHORITIES.map((la) => [la.code, la.dfeNumber]));
const MIDDLE_F = new WeightedTable(MIDDLE_NAMES_F);
const MIDDLE_M = new WeightedTable(MIDDLE_NAMES_M);
const AP_TABLE = new WeightedTable(AP_SURNAMES.map((entry) => [entry.name, entry.weight] as const));
const TIER4_RISK_TABLE = new WeightedTable(TIER4_RISK_SHARES);
const TIER2_REASON_TABLE = new WeightedTable(TIER2_REASON_SHARES);
const ACTIVITY_TABLES = new Map(
  ([1, 2, 3, 4, 5] as const).map((tier) => [
    tier,
    {
      under18: new WeightedTable(POST16_ACTIVITY_SHARES[tier].under18),
      over18: new WeightedTable(POST16_ACTIVITY_SHARES[tier].over18),
    },
  ]),
);

/** Name, place and provider tables of one local authority, built once. */
export interface LocalTables {
  givenF: WeightedTable<string>;
  givenM: WeightedTable<string>;
  surnames: WeightedTable<string>;
  districts: WeightedTable<DistrictSeed>;
  streets: readonly string[];
  schools: WeightedTable<CohortSchool>;
  welshMediumSchools: WeightedTable<CohortSchool> | null;
  sixthForms: WeightedTable<CohortSchool>;
  colleges: WeightedTable<CohortPost16Provider>;
  wblProviders: WeightedTable<CohortPost16Provider>;
  voluntaryBodies: WeightedTable<CohortVoluntaryBody>;
}

const WELSH_GIVEN_NAMES = new Set([...WELSH_GIVEN_NAMES_F, ...WELSH_GIVEN_NAMES_M].map(([name]) => name));

function mix(parts: readonly (readonly [readonly WeightedName[], number])[]): WeightedTable<string> {
  const entries: (readonly [string, number])[] = [];
  for (const [names, share] of parts) {
    const total = names.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [name, weight] of names) entries.push([name, (weight / total) * share]);
  }
  return new WeightedTable(entries);
}

function buildLocalTables(laCode: string): LocalTables {
  const welsh = WELSH_NAME_SHARE[laCode] ?? 0.2;
  const other = OTHER_NAME_SHARE[laCode] ?? 0.05;
  const welshSurnames = WELSH_SURNAME_SHARE[laCode] ?? 0.6;
  const schools = COHORT_SCHOOLS.filter((school) => school.laCode === laCode);
  const welshMedium = schools.filter((school) => school.welshMedium);
  const providers = (kind: CohortPost16Provider['kind']): WeightedTable<CohortPost16Provider> =>
    new WeightedTable(
      COHORT_POST16_PROVIDERS.filter((provider) => provider.kind === kind).flatMap((provider) =>
        provider.recruitsFrom.filter((r) => r.laCode === laCode).map((r) => [provider, r.weight] as const),
      ),
    );
  return {
    givenF: mix([[WELSH_GIVEN_NAMES_F, welsh], [ENGLISH_GIVEN_NAMES_F, 1 - welsh - other], [OTHER_GIVEN_NAMES_F, other]]),
    givenM: mix([[WELSH_GIVEN_NAMES_M, welsh], [ENGLISH_GIVEN_NAMES_M, 1 - welsh - other], [OTHER_GIVEN_NAMES_M, other]]),
    surnames: mix([[WELSH_SURNAMES, welshSurnames], [OTHER_SURNAMES, 1 - welshSurnames]]),
    districts: new WeightedTable((COHORT_DISTRICTS[laCode] ?? []).map((d) => [d, d.weight] as const)),
    streets: COHORT_STREETS[laCode] ?? [],
    schools: new WeightedTable(schools.map((s) => [s, s.weight] as const)),
    welshMediumSchools: welshMedium.length > 0 ? new WeightedTable(welshMedium.map((s) => [s, s.weight] as const)) : null,
    sixthForms: new WeightedTable(schools.filter((s) => s.sixthForm).map((s) => [s, s.weight] as const)),
    colleges: providers('FE_COLLEGE'),
    wblProviders: providers('WBL_PROVIDER'),
    voluntaryBodies: new WeightedTable(
      COHORT_VOLUNTARY_BODIES.flatMap((body) =>
        body.worksIn.filter((w) => w.laCode === laCode).map((w) => [body, w.weight] as const),
      ),
    ),
  };
}

const LOCAL_TABLES = new Map(COHORT_LA_CODES.map(({ laCode }) => [laCode, buildLocalTables(laCode)]));

/** The name, place and provider tables of a cohort local authority. */
export function localTables(laCode: string): LocalTables {
  const tables = LOCAL_TABLES.get(laCode);
  if (!tables) throw new Error(`Not a cohort local authority: ${laCode}`);
  return tables;
}

/** A plausible address in the local authority: house and street, locality and a full postcode. */
export function drawAddress(rng: Prng, laCode: string): Address {
  const tables = localTables(laCode);
  const district = tables.districts.pick(rng);
  const inward =
    String(rng.pick(district.sectors)) +
    INWARD_LETTERS.charAt(rng.int(0, INWARD_LETTERS.length - 1)) +
    INWARD_LETTERS.charAt(rng.int(0, INWARD_LETTERS.length - 1));
  const house = rng.int(1, 160);
  const street = rng.pick(tables.streets);
  const addressLine = rng.chance(0.12) ? `Flat ${rng.int(1, 12)}, ${house} ${street}` : `${house} ${street}`;
  return { addressLine, locality: district.locality, postcode: `${district.district} ${inward}` };
}

/** A UK mobile number, `07` followed by nine digits. */
export function drawMobile(rng: Prng): string {
  return `07${rng.int(4, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

function drawSurname(rng: Prng, laCode: string, tables: LocalTables): string {
  if (rng.chance(AP_SURNAME_SHARE[laCode] ?? 0.003)) return AP_TABLE.pick(rng);
  const first = tables.surnames.pick(rng);
  if (!rng.chance(HYPHENATED_SURNAME_SHARE)) return first;
  const second = tables.surnames.pick(rng);
  return second === first ? first : `${first}-${second}`;
}

function emailFor(rng: Prng, givenName: string, familyName: string): string {
  const plain = (s: string): string => dropDiacritics(s).toLowerCase().replace(/[^a-z]/g, '');
  const number = rng.int(1, 99);
  return rng.chance(0.6)
    ? `${plain(givenName)}.${plain(familyName)}${number}@example.com`
    : `${plain(givenName)}${plain(familyName).slice(0, 3)}${number}@example.org`;
}

/** Replacement values for the noise that needs them, drawn for this person's local authority. */
export function noiseAlternatives(ctx: CohortContext, laCode: string): NoiseAlternatives {
  // A person has one previous address and one old number, which several partners may still hold.
  let previousAddress: Address | null = null;
  let oldPhone: string | null = null;
  return {
    movedAddress: () => {
      if (previousAddress === null || ctx.rng.chance(0.2)) {
        // Most moves stay inside the LA; some come from (or go to) another cohort LA.
        previousAddress = drawAddress(ctx.rng, ctx.rng.chance(0.85) ? laCode : LA_TABLE.pick(ctx.rng));
      }
      return previousAddress;
    },
    otherPhone: () => {
      if (oldPhone === null || ctx.rng.chance(0.2)) oldPhone = drawMobile(ctx.rng);
      return oldPhone;
    },
    otherSurname: () => localTables(laCode).surnames.pick(ctx.rng),
  };
}

function drawSchool(rng: Prng, tables: LocalTables, welshName: boolean): CohortSchool {
  // Children with Welsh given names are more often in Welsh-medium schools.
  if (welshName && tables.welshMediumSchools && rng.chance(0.35)) return tables.welshMediumSchools.pick(rng);
  return tables.schools.pick(rng);
}

function drawOutcomes(rng: Prng, risk: number, yearGroup: number): SchoolOutcomes {
  // The top 15% of risk carries the long tail of low attendance.
  const tail = risk > 0.85 ? (risk - 0.85) / 0.15 : 0;
  const upperYears = yearGroup >= 10 && yearGroup <= 11 ? 1.2 : 0;
  const raw = 96.6 - 5.5 * risk - upperYears - 38 * tail ** 1.5 * (0.4 + rng.next()) + rng.normal(0, 1.7);
  const attendancePercent = Math.round(Math.min(100, Math.max(8, raw)) * 10) / 10;
  const absence = 100 - attendancePercent;
  const unauthorisedShare = Math.min(1, Math.max(0, 0.12 + 0.55 * risk + rng.normal(0, 0.08)));
  const unauthorisedPercent = Math.round(absence * unauthorisedShare * 10) / 10;
  const incidents = Math.floor(-Math.log(1 - rng.next()) * (0.3 + 9 * risk ** 4));
  const excluded = rng.chance(0.01 + 0.4 * tail);
  const fixedTermExclusions = excluded ? 1 + Math.floor(-Math.log(1 - rng.next()) * 1.2) : 0;
  const permanentExclusion = tail > 0.6 && rng.chance(0.03);
  return { attendancePercent, unauthorisedPercent, incidents, fixedTermExclusions, permanentExclusion };
}

function drawTier(rng: Prng, risk: number): Tier {
  // Either the risk percentile itself or an independent draw: both are uniform, so the tier
  // shares stay as configured while the tier still follows risk.
  const u = rng.chance(TIER_RISK_CORRELATION) ? risk : rng.next();
  let cumulative = 0;
  for (const [tier, share] of TIER_SHARES) {
    cumulative += share;
    if (u < cumulative) return tier;
  }
  return 1; // only reachable through rounding in the shares
}

function drawUpn(ctx: CohortContext, laCode: string, schoolAge: number): string {
  const rng = ctx.rng;
  const fromOtherLa = rng.chance(UPN_OTHER_LA_SHARE);
  const la = fromOtherLa ? rng.pick(WELSH_LOCAL_AUTHORITIES).code : laCode;
  const laNumber = DFE_NUMBER.get(la) as number;
  const primaries = PRIMARY_SCHOOLS_PER_LA[la] ?? 40;
  // Allocated by the primary school on entry to reception (age 4), or later for late arrivals.
  const receptionYear = ctx.schoolYear - (schoolAge - 4);
  const year = rng.chance(UPN_LATE_ALLOCATION_SHARE) ? rng.int(receptionYear + 1, receptionYear + 7) : receptionYear;
  for (let attempt = 0; attempt < 100; attempt++) {
    const upn = ctx.upns.allocate(laNumber, 2001 + rng.int(0, primaries - 1), year % 100);
    if (upn !== null) return upn;
  }
  throw new Error('The cohort is too large for the UPN serials of its primary schools');
}

/** The household a twin shares with its sibling. */
export interface Household {
  laCode: string;
  familyName: string;
  dateOfBirth: string;
  address: Address;
  /** The sibling's given name (a twin's is another) and school. */
  givenName: string;
  school: CohortSchool | null;
}

/** The household of a drawn person, for drawing a twin. */
export function householdOf(plan: PersonPlan): Household {
  const { identity, person } = plan;
  return { laCode: person.laCode, familyName: identity.familyName, dateOfBirth: identity.dateOfBirth, address: identity.address, givenName: identity.givenName, school: plan.school };
}

/**
 * Draws the next young person of the cohort; `index` fixes the truth id. With `household`, a twin of the person
 * drawn before: the same family name, date of birth, address and LA, usually the same school, another given name.
 */
export function drawPerson(ctx: CohortContext, index: number, household?: Household): PersonPlan {
  const rng = ctx.rng;
  const laCode = household?.laCode ?? LA_TABLE.pick(rng);
  const tables = localTables(laCode);

  const sexDraw = rng.next();
  const sex: RecordedSex = sexDraw < 0.003 ? 'X' : sexDraw < 0.5 ? 'F' : 'M';
  const nameSex = sex === 'X' ? (rng.chance(0.5) ? 'F' : 'M') : sex;
  let givenName = (nameSex === 'F' ? tables.givenF : tables.givenM).pick(rng);
  for (let attempt = 0; household && givenName === household.givenName && attempt < 20; attempt++) {
    givenName = (nameSex === 'F' ? tables.givenF : tables.givenM).pick(rng);
  }
  let middleNames: string | null = null;
  if (rng.chance(MIDDLE_NAME_SHARE)) {
    const middle = (nameSex === 'F' ? MIDDLE_F : MIDDLE_M).pick(rng);
    if (middle !== givenName) middleNames = middle;
  }
  const familyName = household?.familyName ?? drawSurname(rng, laCode, tables);
  const dateOfBirth = household?.dateOfBirth ?? dayToIso(rng.int(ctx.oldestBirthDay, ctx.youngestBirthDay));
  const age = ageOn(dateOfBirth, ctx.asOf);
  const schoolAge = schoolAgeOn(dateOfBirth, ctx.asOf);
  const risk = rng.next();
  const address = household?.address ?? drawAddress(rng, laCode);
  const phone = drawMobile(rng);
  const email = emailFor(rng, givenName, familyName);

  let school: CohortSchool | null = null;
  let yearGroup: number | null = null;
  let electiveHomeEducation = false;
  let eotasSetting: string | null = null;
  let tier: Tier | null = null;
  let tier4Risk: PersonPlan['tier4Risk'] = null;
  let tier2Reason: string | null = null;
  let activity: Post16Activity | null = null;
  let post16Provider: CohortPost16Provider | null = null;
  let post16Withdrawn = false;
  let partTime = false;

  if (schoolAge <= 15) {
    electiveHomeEducation = rng.chance((EHE_SHARE_BY_SCHOOL_AGE[schoolAge] ?? 0.01) * (0.5 + risk));
    if (!electiveHomeEducation) {
      const eotas = risk > 0.93 ? rng.chance(0.12) : rng.chance(0.001);
      if (eotas) {
        eotasSetting = laCode === 'gwynedd' && rng.chance(0.4) ? GWYNEDD_EOTAS_SETTING : rng.pick(EOTAS_SETTINGS);
      }
      // Half of those educated other than at school stay dual-registered with their school.
      if (!eotas || rng.chance(0.5)) {
        school = household?.school && rng.chance(TWINS_SAME_SCHOOL_SHARE) ? household.school : drawSchool(rng, tables, WELSH_GIVEN_NAMES.has(givenName));
        yearGroup = schoolAge - 4;
      }
    }
  } else {
    tier = drawTier(rng, risk);
    if (tier === 4) tier4Risk = TIER4_RISK_TABLE.pick(rng);
    if (tier === 2) tier2Reason = TIER2_REASON_TABLE.pick(rng);
    const activities = ACTIVITY_TABLES.get(tier);
    activity = (schoolAge >= 18 ? activities?.over18 : activities?.under18)?.pick(rng) ?? 'NONE';
    if (activity === 'SIXTH_FORM') {
      school = tables.sixthForms.pick(rng);
      yearGroup = schoolAge - 4;
    } else if (activity === 'COLLEGE') {
      post16Provider = tables.colleges.pick(rng);
    } else if (activity === 'WBL') {
      post16Provider = tables.wblProviders.pick(rng);
    } else if (tier <= 3) {
      const withdrawn = WITHDRAWN_SHARE[tier as 1 | 2 | 3];
      const draw = rng.next();
      if (draw < withdrawn.college) post16Provider = tables.colleges.pick(rng);
      else if (draw < withdrawn.college + withdrawn.wbl) post16Provider = tables.wblProviders.pick(rng);
      post16Withdrawn = post16Provider !== null;
    }
    partTime = tier === 4 && post16Provider !== null && rng.chance(TIER4_PART_TIME_SHARE);
  }

  const outcomes = school && yearGroup !== null ? drawOutcomes(rng, risk, yearGroup) : null;
  const freeSchoolMeals = school !== null && rng.chance((FSM_SHARE[laCode] ?? 0.2) * (0.3 + 1.4 * risk));
  const lookedAfter = age < 18 && rng.chance(0.004 + 0.03 * risk ** 3);
  const careExperienced = lookedAfter || rng.chance(age >= 18 ? 0.012 + 0.02 * risk ** 3 : 0.003);
  const inclusionService = schoolAge <= 16 && risk > 0.8 && rng.chance(0.8) ? rng.pick(INCLUSION_SERVICES) : null;

  const wasPupil =
    schoolAge <= 15
      ? !(electiveHomeEducation && rng.chance(EHE_NEVER_ENROLLED_SHARE))
      : !rng.chance(POST16_NO_UPN_SHARE);
  const upn = wasPupil ? drawUpn(ctx, laCode, schoolAge) : null;
  const post16Learner = school !== null || post16Provider !== null;
  const uln = schoolAge >= 16 && (post16Learner || rng.chance(0.6)) ? ctx.ulns.allocate() : null;

  const person: GeneratedPerson = {
    truthId: `P${String(index + 1).padStart(6, '0')}`,
    laCode,
    givenName,
    middleNames,
    familyName,
    dateOfBirth,
    sex,
    postcode: address.postcode,
    upn,
    uln,
  };
  return {
    person,
    identity: { givenName, middleNames, familyName, dateOfBirth, sex, address, upn, uln, phone, email },
    age,
    schoolAge,
    risk,
    school,
    yearGroup,
    outcomes,
    freeSchoolMeals,
    electiveHomeEducation,
    eotasSetting,
    lookedAfter,
    careExperienced,
    inclusionService,
    tier,
    tier4Risk,
    tier2Reason,
    activity,
    post16Provider,
    post16Withdrawn,
    partTime,
  };
}
