// Roles: every role, for the purposes it may declare at each kind of organisation, and the categories of
// its own organisation's data it may read. Sensitive categories: EARLY_IDENTIFICATION_RISK, BEHAVIOUR,
// YOUTH_JUSTICE and SUPPORT_NEEDS, which ADMISSIONS never receives (the admissions firewall); CONSENT, the
// ledger entries an organisation's principals recorded, which its IG officers may read as well.
import type { OrganisationKind } from '../modules/organisations/organisation-kind.js';
import type { Role } from '../modules/principals/roles.js';
import { DATA_CATEGORIES, type DataCategory } from './data-category.js';
import { PURPOSES, type Purpose } from './purpose.js';

/** Purposes a role may declare, by the kind of organisation the principal belongs to (`*`: any kind). */
export type PurposesByKind = Partial<Record<OrganisationKind | '*', readonly Purpose[]>>;

/**
 * Role → organisation kind → purposes. Reads as the rule: an EPC (only at a local authority) may declare
 * early identification, brokerage, …; a school's system may declare tracking and transition but never
 * admissions or early identification; only a college's or training provider's system or pastoral lead
 * may declare admissions.
 */
export const PURPOSES_BY_ROLE: Record<Role, PurposesByKind> = {
  ADMIN: { '*': PURPOSES },
  EPC: { LOCAL_AUTHORITY: ['EARLY_IDENTIFICATION', 'BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION', 'LINKAGE'] },
  LEAD_WORKER: {
    LOCAL_AUTHORITY: ['LEAD_WORKER_SUPPORT', 'TRACKING'],
    YOUTH_SERVICE: ['LEAD_WORKER_SUPPORT', 'TRACKING'],
    CAREERS_WALES: ['LEAD_WORKER_SUPPORT', 'TRACKING'],
    VOLUNTARY: ['LEAD_WORKER_SUPPORT', 'TRACKING'],
  },
  CW_ADVISER: { CAREERS_WALES: ['BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION'] },
  PROVIDER_PASTORAL: {
    FE_COLLEGE: ['TRANSITION', 'TRACKING', 'ADMISSIONS'],
    WBL_PROVIDER: ['TRANSITION', 'TRACKING', 'ADMISSIONS'],
    SCHOOL: ['TRANSITION', 'TRACKING'],
  },
  PARTNER_SYSTEM: {
    SCHOOL: ['TRACKING', 'TRANSITION'],
    FE_COLLEGE: ['TRACKING', 'TRANSITION', 'ADMISSIONS'],
    WBL_PROVIDER: ['TRACKING', 'TRANSITION', 'ADMISSIONS'],
    CAREERS_WALES: ['TRACKING', 'TRANSITION', 'BROKERAGE', 'UNKNOWN_RESOLUTION'],
    LOCAL_AUTHORITY: ['TRACKING', 'EARLY_IDENTIFICATION', 'BROKERAGE', 'UNKNOWN_RESOLUTION'],
    YOUTH_SERVICE: ['TRACKING', 'LEAD_WORKER_SUPPORT'],
    VOLUNTARY: ['TRACKING', 'LEAD_WORKER_SUPPORT'],
  },
  IG_OFFICER: { '*': ['AUDIT'] },
  ANALYST: { WELSH_GOVERNMENT: ['STATISTICS'], LOCAL_AUTHORITY: ['STATISTICS'] },
  // An admissions officer decides on applications: never a purpose that earns the sensitive flags of transition.
  ADMISSIONS_OFFICER: { FE_COLLEGE: ['ADMISSIONS'], WBL_PROVIDER: ['ADMISSIONS'] },
  DATA_MANAGER: { SCHOOL: ['TRACKING'], FE_COLLEGE: ['TRACKING'], WBL_PROVIDER: ['TRACKING'] },
};

/**
 * Categories of its own organisation's data a role may read (the controller rule). IG officers see the access
 * log and subject access reports, not a browse of the records, but they answer for the consent, refusals and
 * objections their organisation recorded (and the evidence it took), so they read those ledger entries
 * (CONSENT); analysts see aggregates only.
 */
export const OWN_DATA_CATEGORIES_BY_ROLE: Record<Role, readonly DataCategory[]> = {
  ADMIN: DATA_CATEGORIES,
  EPC: DATA_CATEGORIES,
  LEAD_WORKER: DATA_CATEGORIES,
  CW_ADVISER: DATA_CATEGORIES,
  PROVIDER_PASTORAL: DATA_CATEGORIES,
  PARTNER_SYSTEM: DATA_CATEGORIES,
  IG_OFFICER: ['CONSENT'],
  ANALYST: [],
  ADMISSIONS_OFFICER: DATA_CATEGORIES,
  DATA_MANAGER: DATA_CATEGORIES,
};

/**
 * Purposes accepted only by some operations (GraphQL root fields); a request declaring one of these purposes
 * and asking for anything else is refused as a whole. LINKAGE releases names and contact details from every
 * party to an EPC so that it can decide whether two records are one young person: it opens the match review
 * queue and its decisions, never a browse of the people.
 */
export const PURPOSE_LIMITED_TO_OPERATIONS: Partial<Record<Purpose, readonly string[]>> = {
  LINKAGE: ['matchReviewQueue', 'matchCandidate', 'personMatchEvidence', 'confirmMatch', 'rejectMatch', 'splitPerson'],
};

/** Categories a purpose never receives, whatever an agreement says. */
export const PURPOSE_EXCLUSIONS: Partial<Record<Purpose, readonly DataCategory[]>> = {
  ADMISSIONS: ['EARLY_IDENTIFICATION_RISK', 'BEHAVIOUR', 'YOUTH_JUSTICE', 'SUPPORT_NEEDS'],
};

/** Age from which the young person, not a parent or guardian, decides on consent (configurable). */
export const DEFAULT_CONSENT_AGE = 16;

/** The purposes one role may declare at an organisation of this kind. */
export function purposesOf(role: Role, kind: OrganisationKind): readonly Purpose[] {
  const byKind = PURPOSES_BY_ROLE[role];
  return byKind[kind] ?? byKind['*'] ?? [];
}

/** True when one of the roles may declare the purpose at an organisation of this kind. */
export function rolesMayUse(roles: readonly Role[], kind: OrganisationKind, purpose: Purpose): boolean {
  return roles.some((r) => purposesOf(r, kind).includes(purpose));
}

/** The categories of their own organisation's records that these roles may read. */
export function ownDataCategories(roles: readonly Role[]): ReadonlySet<DataCategory> {
  return new Set(roles.flatMap((r) => OWN_DATA_CATEGORIES_BY_ROLE[r]));
}
