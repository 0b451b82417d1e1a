// Roles: LA EPCs, Careers Wales, schools, colleges, youth services and voluntary bodies as parties.
// Sensitive categories: TIER_STATUS and CAREERS_GUIDANCE (CW → LA only in tiers 1–2); BEHAVIOUR,
// SUPPORT_NEEDS, CARE_STATUS and YOUTH_JUSTICE reach a college only as a "contact before placement" flag,
// only for its enrolled learners, never for admissions. docs/sharing-rules.md §3 has the table.
import type { Role } from '../principals/roles.js';
import type { DataCategory } from '../../policy/data-category.js';
import type { ClauseConditions, Disclosure, LawfulBasis } from '../../policy/policy.types.js';
import type { Purpose } from '../../policy/purpose.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';

/** A clause as written in an agreement's Information Reference Table. */
export interface ClauseSeed {
  providerKind: OrganisationKind;
  recipientKind: OrganisationKind;
  /** Only principals holding this role at the recipient (null: any). */
  recipientRole?: Role;
  categories: DataCategory[];
  purposes: Purpose[];
  conditions?: ClauseConditions;
  consentRequired?: boolean;
  /** FLAG releases only that the supplier holds a value (default VALUE). */
  disclosure?: Disclosure;
  retention?: string;
  description: string;
}

/** An agreement as seeded. */
export interface AgreementSeed {
  reference: string;
  version: number;
  kind: 'ISP' | 'DDA';
  title: string;
  status: 'DRAFT' | 'ACTIVE' | 'SUSPENDED' | 'EXPIRED';
  lawfulBasis: LawfulBasis;
  purposes: Purpose[];
  partyKinds: OrganisationKind[];
  effectiveFrom: string;
  reviewBy: string;
  clauses: ClauseSeed[];
}

/** Every kind of party to the regional ISP: each releases names and contact details for record linkage. */
const LINKAGE_PROVIDERS: readonly OrganisationKind[] = ['SCHOOL', 'CAREERS_WALES', 'FE_COLLEGE', 'WBL_PROVIDER', 'YOUTH_SERVICE', 'VOLUNTARY', 'LOCAL_AUTHORITY'];

/**
 * The regional YEPF information sharing protocol as practised (design §4, domain §4.2). Version 2
 * supersedes version 1, which let any college read every pupil's identity, counted any enrolment-shaped
 * record as enrolment, and never passed the LA's care-experience flag to the college (seed 002, 425–441).
 */
export const REGIONAL_ISP: AgreementSeed = {
  reference: 'ISP-YEPF-REGIONAL',
  version: 2,
  kind: 'ISP',
  title: 'Youth Engagement and Progression Framework: regional information sharing protocol (supplementary to WASPI)',
  status: 'ACTIVE',
  lawfulBasis: 'PUBLIC_TASK',
  purposes: ['EARLY_IDENTIFICATION', 'BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION', 'ADMISSIONS', 'LINKAGE'],
  partyKinds: ['LOCAL_AUTHORITY', 'SCHOOL', 'CAREERS_WALES', 'FE_COLLEGE', 'WBL_PROVIDER', 'YOUTH_SERVICE', 'VOLUNTARY'],
  effectiveFrom: '2025-09-01',
  reviewBy: '2027-08-31',
  clauses: [
    {
      providerKind: 'SCHOOL',
      recipientKind: 'LOCAL_AUTHORITY',
      categories: ['IDENTITY', 'CONTACT', 'EDUCATION_ENROLMENT', 'ATTENDANCE', 'BEHAVIOUR', 'ATTAINMENT'],
      purposes: ['EARLY_IDENTIFICATION', 'BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'UNKNOWN_RESOLUTION'],
      conditions: { area: 'PROVIDER' },
      description: "School attendance, behaviour and attainment to the school's own LA for early identification and tracking",
    },
    {
      providerKind: 'CAREERS_WALES',
      recipientKind: 'LOCAL_AUTHORITY',
      categories: ['IDENTITY', 'CONTACT', 'TIER_STATUS', 'CAREERS_GUIDANCE', 'DESTINATION'],
      purposes: ['BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'UNKNOWN_RESOLUTION'],
      conditions: { tierIn: [1, 2], area: 'PERSON' },
      description: 'Careers Wales individual data to the LA where the young person lives, only while in tier 1 or 2',
    },
    {
      providerKind: 'SCHOOL',
      recipientKind: 'CAREERS_WALES',
      categories: ['IDENTITY', 'CONTACT', 'EDUCATION_ENROLMENT', 'ATTAINMENT'],
      purposes: ['TRANSITION', 'TRACKING', 'BROKERAGE', 'UNKNOWN_RESOLUTION'],
      description: 'School leavers’ details to Careers Wales for transition and tracking',
    },
    {
      providerKind: 'LOCAL_AUTHORITY',
      recipientKind: 'CAREERS_WALES',
      categories: ['IDENTITY', 'CONTACT', 'EDUCATION_ENROLMENT'],
      purposes: ['TRANSITION', 'TRACKING', 'UNKNOWN_RESOLUTION'],
      description: 'Elective home education and EOTAS status to Careers Wales (subject to the family’s objection)',
    },
    {
      providerKind: 'FE_COLLEGE',
      recipientKind: 'CAREERS_WALES',
      categories: ['IDENTITY', 'CONTACT', 'EDUCATION_ENROLMENT', 'DESTINATION'],
      purposes: ['TRACKING', 'BROKERAGE', 'UNKNOWN_RESOLUTION'],
      description: 'Drop-out notifications and enrolment status from colleges to Careers Wales',
    },
    {
      providerKind: 'WBL_PROVIDER',
      recipientKind: 'CAREERS_WALES',
      categories: ['IDENTITY', 'CONTACT', 'EDUCATION_ENROLMENT', 'DESTINATION'],
      purposes: ['TRACKING', 'BROKERAGE', 'UNKNOWN_RESOLUTION'],
      description: 'Drop-out notifications and programme status from training providers to Careers Wales',
    },
    {
      providerKind: 'FE_COLLEGE',
      recipientKind: 'LOCAL_AUTHORITY',
      categories: ['IDENTITY', 'EDUCATION_ENROLMENT'],
      purposes: ['UNKNOWN_RESOLUTION', 'TRACKING'],
      conditions: { area: 'PERSON' },
      description: 'Enrolment status to the LA where the young person lives, to resolve unknown status',
    },
    {
      providerKind: 'YOUTH_SERVICE',
      recipientKind: 'LOCAL_AUTHORITY',
      categories: ['IDENTITY', 'CONTACT', 'INVOLVEMENT', 'LEAD_WORKER'],
      purposes: ['TRACKING', 'LEAD_WORKER_SUPPORT', 'BROKERAGE'],
      conditions: { area: 'PROVIDER' },
      description: 'Youth service involvement and lead-worker allocation to its own LA',
    },
    {
      providerKind: 'VOLUNTARY',
      recipientKind: 'LOCAL_AUTHORITY',
      categories: ['IDENTITY', 'INVOLVEMENT'],
      purposes: ['TRACKING', 'BROKERAGE', 'UNKNOWN_RESOLUTION', 'LEAD_WORKER_SUPPORT'],
      conditions: { area: 'PERSON' },
      consentRequired: true,
      description: 'A voluntary body may tell the EPC that it is working with a young person, with consent',
    },
    {
      providerKind: 'SCHOOL',
      recipientKind: 'FE_COLLEGE',
      categories: ['IDENTITY', 'CONTACT', 'ATTAINMENT'],
      purposes: ['TRANSITION', 'ADMISSIONS'],
      conditions: { relationship: 'APPLICANT' },
      description: "Transition information from school to college, for the college's own applicants and learners",
    },
    {
      providerKind: 'SCHOOL',
      recipientKind: 'FE_COLLEGE',
      categories: ['BEHAVIOUR', 'SUPPORT_NEEDS', 'EARLY_IDENTIFICATION_RISK'],
      purposes: ['TRANSITION'],
      conditions: { relationship: 'ENROLLED' },
      disclosure: 'FLAG',
      description: 'After enrolment, a "contact the school before placement" flag where the school holds sensitive information',
    },
    {
      providerKind: 'LOCAL_AUTHORITY',
      recipientKind: 'FE_COLLEGE',
      categories: ['CARE_STATUS', 'SUPPORT_NEEDS', 'YOUTH_JUSTICE'],
      purposes: ['TRANSITION'],
      conditions: { relationship: 'ENROLLED' },
      disclosure: 'FLAG',
      description: 'After enrolment, a "contact the LA before placement" flag for care-experienced learners and those with YOS or support needs',
    },
    // No condition on the person or the provider: LINKAGE is accepted only by the match review operations
    // (PURPOSE_LIMITED_TO_OPERATIONS), which show only pairs with a record from a provider in the EPC's own
    // LA (REVIEW_SCOPE). The side the EPC needs is the other one: Careers Wales (no LA), a provider in
    // another LA, a record not yet linked to anyone (no home LA), where an area condition would withhold it.
    ...LINKAGE_PROVIDERS.map(
      (providerKind): ClauseSeed => ({
        providerKind,
        recipientKind: 'LOCAL_AUTHORITY',
        recipientRole: 'EPC',
        categories: ['IDENTITY', 'CONTACT'],
        purposes: ['LINKAGE'],
        description: 'Names and contact details of either record of a pair in the EPC’s match review queue, to decide whether they are one young person',
      }),
    ),
  ],
};

/** A lapsed data disclosure agreement, kept to show that an agreement past its review date grants nothing. */
export const LAPSED_TRAC_DDA: AgreementSeed = {
  reference: 'DDA-TRAC-GWYNEDD',
  version: 1,
  kind: 'DDA',
  title: 'TRAC project referrals: voluntary providers to Gwynedd (ended with the ESF programme)',
  status: 'ACTIVE',
  lawfulBasis: 'PUBLIC_TASK',
  purposes: ['EARLY_IDENTIFICATION', 'TRACKING'],
  partyKinds: ['VOLUNTARY', 'LOCAL_AUTHORITY'],
  effectiveFrom: '2015-09-01',
  reviewBy: '2022-07-31',
  clauses: [
    {
      providerKind: 'VOLUNTARY',
      recipientKind: 'LOCAL_AUTHORITY',
      categories: ['ATTENDANCE', 'BEHAVIOUR'],
      purposes: ['EARLY_IDENTIFICATION', 'TRACKING'],
      description: 'TRAC key-worker attendance and incident records to the LA',
    },
  ],
};

/** The transfer dataset of a young person moving in: who they are, how to reach them, their status and lead worker. */
const TRANSFER_CLAUSE = (providerKind: OrganisationKind, categories: DataCategory[], description: string, conditions: ClauseConditions = {}): ClauseSeed => ({
  providerKind,
  recipientKind: 'LOCAL_AUTHORITY',
  recipientRole: 'EPC',
  categories,
  purposes: ['TRACKING', 'UNKNOWN_RESOLUTION'],
  conditions: { ...conditions, area: 'TRANSFER' },
  description,
});

/**
 * Moves between LAs (domain §4.5: "local areas will need to have effective systems in place for notifying each
 * other when young people move between areas", seed 001 line 569). When a young person's address moves to
 * another LA, that LA's EPC receives the transfer dataset (identity, contact, status, lead worker) from the
 * moment the move is known until a later move, so that it can accept the young person; everything else the
 * regional ISP gives an LA by where the young person lives follows only once it has accepted (area PERSON reads
 * the accepted home LA). Careers Wales's tier and lead worker still reach an LA only in tiers 1 and 2.
 */
export const TRANSFERS_ISP: AgreementSeed = {
  reference: 'ISP-YEPF-TRANSFERS',
  version: 1,
  kind: 'ISP',
  title: 'Youth Engagement and Progression Framework: notifying the receiving LA when a young person moves (supplementary to the regional ISP)',
  status: 'ACTIVE',
  lawfulBasis: 'PUBLIC_TASK',
  purposes: ['TRACKING', 'UNKNOWN_RESOLUTION'],
  partyKinds: ['LOCAL_AUTHORITY', 'SCHOOL', 'CAREERS_WALES', 'FE_COLLEGE', 'WBL_PROVIDER', 'YOUTH_SERVICE'],
  effectiveFrom: '2025-09-01',
  reviewBy: '2027-08-31',
  clauses: [
    TRANSFER_CLAUSE('LOCAL_AUTHORITY', ['IDENTITY', 'CONTACT', 'TIER_STATUS', 'LEAD_WORKER'], "The sending LA's own records and outcomes of the young person to the receiving LA's EPC"),
    TRANSFER_CLAUSE('CAREERS_WALES', ['IDENTITY', 'CONTACT', 'TIER_STATUS', 'LEAD_WORKER'], "Careers Wales's status and lead worker to the receiving LA's EPC, in tiers 1 and 2 only", { tierIn: [1, 2] }),
    TRANSFER_CLAUSE('SCHOOL', ['IDENTITY', 'CONTACT'], "The school's identity and contact details of the young person to the receiving LA's EPC"),
    TRANSFER_CLAUSE('FE_COLLEGE', ['IDENTITY', 'CONTACT'], "The college's identity and contact details of the young person to the receiving LA's EPC"),
    TRANSFER_CLAUSE('WBL_PROVIDER', ['IDENTITY', 'CONTACT'], "The training provider's identity and contact details of the young person to the receiving LA's EPC"),
    TRANSFER_CLAUSE('YOUTH_SERVICE', ['IDENTITY', 'CONTACT', 'LEAD_WORKER'], "The youth service's lead worker to the receiving LA's EPC"),
  ],
};

/** Every agreement the seed creates. */
export const SEED_AGREEMENTS: readonly AgreementSeed[] = [REGIONAL_ISP, LAPSED_TRAC_DDA, TRANSFERS_ISP];
