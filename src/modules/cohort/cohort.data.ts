// Shares and catalogues that shape the synthetic cohort's lives (domain digest §2, §6 and §9).
// Everything the generator decides by chance, other than identity noise, is tuned here.

/** Careers Wales tier (1 = status unknown … 5 = in education, employment or training). */
export type Tier = 1 | 2 | 3 | 4 | 5;

/** Share of young people aged 16 and over in each tier. */
export const TIER_SHARES: readonly (readonly [Tier, number])[] = [
  [5, 0.83],
  [4, 0.07],
  [3, 0.04],
  [2, 0.025],
  [1, 0.035],
];

/** How strongly the tier follows a young person's underlying risk (0 = independent, 1 = fully ordered by risk). */
export const TIER_RISK_CORRELATION = 0.6;

/** Risk level within tier 4 and its share. */
export const TIER4_RISK_SHARES: readonly (readonly ['LOW' | 'MEDIUM' | 'HIGH', number])[] = [
  ['LOW', 0.45],
  ['MEDIUM', 0.35],
  ['HIGH', 0.2],
];

/** Why a tier-2 young person is not available for EET, and its share. */
export const TIER2_REASON_SHARES: readonly (readonly [string, number])[] = [
  ['SICKNESS', 0.3],
  ['YOUNG_CARER', 0.15],
  ['PREGNANCY', 0.15],
  ['CUSTODY', 0.05],
  ['MULTIPLE_BARRIERS', 0.35],
];

/** What a young person aged 16 or over is doing, as far as partners' records show it. */
export type Post16Activity = 'SIXTH_FORM' | 'COLLEGE' | 'WBL' | 'EMPLOYMENT' | 'HIGHER_EDUCATION' | 'NONE';

/** Shares of current activity by tier, for 16–17-year-olds (school age) and for those 18 and over. */
export const POST16_ACTIVITY_SHARES: Readonly<
  Record<Tier, { under18: readonly (readonly [Post16Activity, number])[]; over18: readonly (readonly [Post16Activity, number])[] }>
> = {
  5: {
    under18: [['SIXTH_FORM', 0.38], ['COLLEGE', 0.45], ['WBL', 0.09], ['EMPLOYMENT', 0.08]],
    over18: [['COLLEGE', 0.28], ['HIGHER_EDUCATION', 0.32], ['EMPLOYMENT', 0.28], ['WBL', 0.12]],
  },
  4: {
    under18: [['COLLEGE', 0.6], ['SIXTH_FORM', 0.2], ['WBL', 0.15], ['EMPLOYMENT', 0.05]],
    over18: [['COLLEGE', 0.7], ['WBL', 0.2], ['EMPLOYMENT', 0.1]],
  },
  3: { under18: [['NONE', 1]], over18: [['NONE', 1]] },
  2: { under18: [['NONE', 1]], over18: [['NONE', 1]] },
  1: { under18: [['NONE', 1]], over18: [['NONE', 1]] },
};

/** Probability that a young person not in EET (tiers 1–3) left a college or WBL course, by tier. */
export const WITHDRAWN_SHARE: Readonly<Record<1 | 2 | 3, { college: number; wbl: number }>> = {
  3: { college: 0.4, wbl: 0.1 },
  2: { college: 0.25, wbl: 0.05 },
  1: { college: 0.3, wbl: 0.05 },
};

/** Share of Year 11 pupils (school age 15) that Careers Wales already holds a record for. */
export const CAREERS_WALES_YEAR11_SHARE = 0.3;

/**
 * Share of young people known to a partner that is not a register (an LA's services, a voluntary body, the youth
 * service) who appear twice in its data, under two references: about 1% of all young people.
 */
export const DUPLICATE_IN_PARTNER_SHARE = 0.035;

/**
 * Share of births that are twins (about 1.5% of maternities in Wales; so about 3% of young people are twins). A
 * twin shares the household (family name, date of birth, address, usually the school) and differs in given name,
 * often in sex, and in every identifier: the pair the matcher must never merge.
 */
export const TWIN_BIRTH_SHARE = 0.015;

/** Share of twins of school age on the roll of their twin's school. */
export const TWINS_SAME_SCHOOL_SHARE = 0.8;

/** Share of tier-4 learners studying fewer than 16 hours a week (the tier 4/5 boundary). */
export const TIER4_PART_TIME_SHARE = 0.5;

/** Elective home education by school age (11–15), before the risk adjustment. */
export const EHE_SHARE_BY_SCHOOL_AGE: Readonly<Record<number, number>> = {
  11: 0.006,
  12: 0.008,
  13: 0.01,
  14: 0.013,
  15: 0.018,
};

/** Share of electively home-educated young people who were never on a school roll (so have no UPN). */
export const EHE_NEVER_ENROLLED_SHARE = 0.15;

/** Share of young people (16+) who moved to Wales after school age and so have no Welsh UPN. */
export const POST16_NO_UPN_SHARE = 0.03;

/** Share of UPNs allocated in another Welsh LA (the family moved), and allocated after reception. */
export const UPN_OTHER_LA_SHARE = 0.06;
/** Share of UPNs allocated after the reception year (late arrivals). */
export const UPN_LATE_ALLOCATION_SHARE = 0.08;

/** Settings for education other than at school. */
export const EOTAS_SETTINGS: readonly string[] = ['PRU', 'Alternative provision', 'Home tuition', 'Medical tuition'];

/** Gwynedd's own out-of-mainstream arrangement, used instead of the general settings there now and then. */
export const GWYNEDD_EOTAS_SETTING = 'Pecyn 25';

/** LA inclusion services a young person may be known to. */
export const INCLUSION_SERVICES: readonly string[] = [
  'Education welfare service',
  'Behaviour support',
  'ALN team',
  'Educational psychology',
  'Families First',
];

/** Free school meals eligibility by LA before the risk adjustment. */
export const FSM_SHARE: Readonly<Record<string, number>> = {
  cardiff: 0.2,
  swansea: 0.2,
  newport: 0.22,
  gwynedd: 0.14,
  'blaenau-gwent': 0.27,
};

/** Primary schools per cohort LA (establishment numbers 2001 upwards), which allocate most UPNs. */
export const PRIMARY_SCHOOLS_PER_LA: Readonly<Record<string, number>> = {
  cardiff: 98,
  swansea: 74,
  newport: 44,
  gwynedd: 88,
  'blaenau-gwent': 22,
};

/** GCSE grades in Wales, best first. */
export const GCSE_GRADES: readonly string[] = ['A*', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'U'];

/** An FE course: title, level (0 = Entry) and usual weekly hours. */
export interface CourseSeed {
  title: string;
  level: 0 | 1 | 2 | 3;
  hoursPerWeek: number;
}

/** FE courses offered by the fictional colleges. */
export const COLLEGE_COURSES: readonly CourseSeed[] = [
  { title: 'Entry 3 Independent Living Skills', level: 0, hoursPerWeek: 16 },
  { title: 'Level 1 Diploma in Construction Skills', level: 1, hoursPerWeek: 18 },
  { title: 'Level 1 Hair and Beauty', level: 1, hoursPerWeek: 16 },
  { title: 'Level 1 Vocational Studies', level: 1, hoursPerWeek: 16 },
  { title: 'Level 2 Diploma in Carpentry and Joinery', level: 2, hoursPerWeek: 20 },
  { title: 'Level 2 Motor Vehicle Maintenance', level: 2, hoursPerWeek: 20 },
  { title: 'Level 2 Hairdressing', level: 2, hoursPerWeek: 18 },
  { title: 'Level 2 Health and Social Care', level: 2, hoursPerWeek: 18 },
  { title: 'Level 2 Professional Cookery', level: 2, hoursPerWeek: 21 },
  { title: 'Level 2 Sport and Active Leisure', level: 2, hoursPerWeek: 18 },
  { title: 'Level 3 Extended Diploma in Engineering', level: 3, hoursPerWeek: 21 },
  { title: 'Level 3 Extended Diploma in Creative Media', level: 3, hoursPerWeek: 20 },
  { title: 'Level 3 Extended Diploma in IT', level: 3, hoursPerWeek: 20 },
  { title: 'Level 3 Childcare, Play, Learning and Development', level: 3, hoursPerWeek: 21 },
  { title: 'Level 3 Public Services', level: 3, hoursPerWeek: 18 },
  { title: 'A levels (college)', level: 3, hoursPerWeek: 18 },
  { title: 'Lefel 3 Gofal Plant (cyfrwng Cymraeg)', level: 3, hoursPerWeek: 20 },
];

/** Work-based learning programmes, with usual weekly hours. */
export const WBL_PROGRAMMES: readonly { programme: string; hoursPerWeek: number }[] = [
  { programme: 'Jobs Growth Wales+ (Engagement)', hoursPerWeek: 16 },
  { programme: 'Jobs Growth Wales+ (Advancement)', hoursPerWeek: 30 },
  { programme: 'Foundation Apprenticeship', hoursPerWeek: 30 },
  { programme: 'Apprenticeship', hoursPerWeek: 37 },
];

/** Youth service open-access programmes (tier-2 young people get 'Lead worker support' instead). */
export const YOUTH_SERVICE_PROGRAMMES: readonly string[] = ['Youth club', 'Detached youth work', 'Duke of Edinburgh award'];
