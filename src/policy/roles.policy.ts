// Roles: every role, for operations (who may manage agreements, record consent or tiers).
// Sensitive categories: none here — which personal values a principal sees is decided per field by
// the sharing-agreement engine (compile.ts, decide.ts), never by a role alone.
// IG_OFFICER reads, exports and verifies the access log (scoped to their organisation in the audit service);
// EPCs review match pairs; partner systems submit records.
import type { Role } from '../modules/principals/roles.js';

/** CASL actions used by the hub. */
export type Action = 'read' | 'manage' | 'enqueue' | 'create' | 'update' | 'review' | 'export' | 'verify';

/** CASL subjects of operations (personal values are a separate ability: see compile.ts). */
export type Subject =
  | 'Organisation'
  | 'Principal'
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
  EPC: [['create', 'ConsentEvent'], ['read', 'ConsentEvent'], ['review', 'MatchCandidate']],
  LEAD_WORKER: [['create', 'ConsentEvent']],
  CW_ADVISER: [['create', 'ConsentEvent'], ['create', 'TierAssessment']],
  PROVIDER_PASTORAL: [['create', 'ConsentEvent']],
  IG_OFFICER: [
    ['manage', 'SharingAgreement'],
    ['create', 'ConsentEvent'],
    ['read', 'ConsentEvent'],
    ['read', 'AccessLog'],
    ['export', 'AccessLog'],
    ['verify', 'AccessLog'],
  ],
  ANALYST: [],
  PARTNER_SYSTEM: [
    ['create', 'ConsentEvent'],
    ['create', 'SourceRecord'],
    ['create', 'Import'],
    ['read', 'Import'],
  ],
};
