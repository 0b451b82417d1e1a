// Roles: every role. Sensitive categories: all personal data (the PersonalData subject).
// Foundation rule: only ADMIN reads personal data until the sharing-agreement engine decides per field.
import type { Role } from '../modules/principals/roles.js';

/** CASL actions used by the hub. */
export type Action = 'read' | 'manage' | 'enqueue' | 'create' | 'update' | 'review' | 'export' | 'verify';

/** CASL subjects used by the hub (`PersonalData` stands for every categorised field). */
export type Subject =
  | 'Organisation'
  | 'Principal'
  | 'PersonalData'
  | 'JobRun'
  | 'SourceRecord'
  | 'Import'
  | 'MatchCandidate'
  | 'SharingAgreement'
  | 'ConsentEvent'
  | 'TierAssessment'
  | 'AccessLog'
  | 'all';

/** A permission a role grants. */
export type Permission = readonly [Action, Subject];

/** What every authenticated principal may do. */
export const BASE_PERMISSIONS: readonly Permission[] = [['read', 'Organisation']];

/** What each role adds to the base permissions. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMIN: [['manage', 'all']],
  EPC: [['review', 'MatchCandidate']],
  LEAD_WORKER: [],
  CW_ADVISER: [],
  PROVIDER_PASTORAL: [],
  IG_OFFICER: [],
  ANALYST: [],
  PARTNER_SYSTEM: [
    ['create', 'SourceRecord'],
    ['create', 'Import'],
    ['read', 'Import'],
  ],
};
