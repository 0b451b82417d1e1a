// Roles: every role, for the purposes it may declare. Sensitive categories: EARLY_IDENTIFICATION_RISK,
// BEHAVIOUR, YOUTH_JUSTICE and SUPPORT_NEEDS, which ADMISSIONS never receives (the admissions firewall).
import type { Role } from '../modules/principals/roles.js';
import type { DataCategory } from './data-category.js';
import { PURPOSES, type Purpose } from './purpose.js';

/** The purposes each role may declare in X-Purpose. */
export const ROLE_PURPOSES: Record<Role, readonly Purpose[]> = {
  ADMIN: PURPOSES,
  EPC: ['EARLY_IDENTIFICATION', 'BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION'],
  LEAD_WORKER: ['LEAD_WORKER_SUPPORT', 'TRACKING'],
  CW_ADVISER: ['BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION'],
  PROVIDER_PASTORAL: ['TRANSITION', 'TRACKING', 'ADMISSIONS'],
  PARTNER_SYSTEM: ['TRACKING', 'TRANSITION', 'ADMISSIONS', 'UNKNOWN_RESOLUTION', 'BROKERAGE', 'EARLY_IDENTIFICATION'],
  IG_OFFICER: ['AUDIT'],
  ANALYST: ['STATISTICS'],
};

/** Categories a purpose never receives, whatever an agreement says. */
export const PURPOSE_EXCLUSIONS: Partial<Record<Purpose, readonly DataCategory[]>> = {
  ADMISSIONS: ['EARLY_IDENTIFICATION_RISK', 'BEHAVIOUR', 'YOUTH_JUSTICE', 'SUPPORT_NEEDS'],
};

/** Age from which the young person, not a parent or guardian, decides on consent (configurable). */
export const DEFAULT_CONSENT_AGE = 16;

/** True when one of the roles may declare the purpose. */
export function rolesMayUse(roles: readonly Role[], purpose: Purpose): boolean {
  return roles.some((r) => ROLE_PURPOSES[r].includes(purpose));
}
