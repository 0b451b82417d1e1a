// Roles: every role, for operations (who may call each Query and Mutation: see @Allow on the resolvers).
// Sensitive categories: none here — which personal values a principal sees is decided per field by
// the sharing-agreement engine (compile.ts, decide.ts), never by a role alone. A role without
// `read PersonRecord` (ANALYST; IG_OFFICER, who sees the log, not the data) never reaches an individual record.
// IG_OFFICER reads, exports and verifies the access log (scoped to their organisation in the audit service);
// EPCs review match pairs, work their LA's unknowns worklist and accept transfers into it; partner systems submit
// records (and run only their registered operations: operations/); a partner's data manager does by hand what its
// system does; an admissions officer reads applicants' records; post-16 providers notify drop-outs, which Careers
// Wales advisers act on; ANALYST reads aggregate reports only (small cells suppressed).
import type { OrganisationKind } from '../modules/organisations/organisation-kind.js';
import type { Role } from '../modules/principals/roles.js';

/** CASL actions used by the hub. */
export type Action = 'read' | 'manage' | 'enqueue' | 'create' | 'update' | 'review' | 'export' | 'verify' | 'explain';

/** CASL subjects of operations (personal values are a separate ability: see compile.ts). */
export type Subject =
  | 'Organisation'
  | 'Principal'
  | 'JobRun'
  | 'PersonRecord'
  | 'SourceRecord'
  | 'Import'
  | 'MatchCandidate'
  | 'SharingAgreement'
  | 'ConsentEvent'
  | 'TierAssessment'
  | 'AccessLog'
  | 'UnknownsWorklist'
  | 'DropOutNotification'
  | 'DestinationReturn'
  | 'NotificationComplianceReport'
  | 'DestinationsReport'
  | 'Transfer'
  | 'PartnerKey'
  | 'StatusChange'
  | 'WebhookSubscription'
  | 'all';

/** A permission a role grants. */
export type Permission = readonly [Action, Subject];

/** What every authenticated principal may do. */
export const BASE_PERMISSIONS: readonly Permission[] = [
  ['read', 'Organisation'],
  ['read', 'SharingAgreement'],
];

/**
 * Reading individual young people's records (which values is then up to the sharing agreements), and
 * asking why one's own access is what it is.
 */
const INDIVIDUAL_RECORDS: readonly Permission[] = [
  ['read', 'PersonRecord'],
  ['explain', 'PersonRecord'],
];

/** What each role adds to the base permissions. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMIN: [['manage', 'all']],
  EPC: [
    ...INDIVIDUAL_RECORDS,
    ['create', 'ConsentEvent'],
    ['read', 'ConsentEvent'],
    ['review', 'MatchCandidate'],
    // The tier-1 unknowns worklist of the EPC's own LA, and its outcomes.
    ['read', 'UnknownsWorklist'],
    ['update', 'UnknownsWorklist'],
    ['read', 'DropOutNotification'],
    ['read', 'DestinationReturn'],
    ['read', 'DestinationsReport'],
    // Young people moving into or out of the EPC's LA, and accepting those moving in.
    ['read', 'Transfer'],
    ['update', 'Transfer'],
  ],
  LEAD_WORKER: [...INDIVIDUAL_RECORDS, ['create', 'ConsentEvent']],
  CW_ADVISER: [
    ...INDIVIDUAL_RECORDS,
    ['create', 'ConsentEvent'],
    ['create', 'TierAssessment'],
    // The advisers' queue of drop-out notifications: read, and closed by confirming the tier.
    ['read', 'DropOutNotification'],
    ['update', 'DropOutNotification'],
    ['read', 'DestinationReturn'],
    ['read', 'NotificationComplianceReport'],
    ['read', 'DestinationsReport'],
  ],
  PROVIDER_PASTORAL: [...INDIVIDUAL_RECORDS, ['create', 'ConsentEvent'], ['read', 'DropOutNotification']],
  IG_OFFICER: [
    // Explains access for any principal (the explain service lets others explain only themselves).
    ['explain', 'PersonRecord'],
    ['manage', 'SharingAgreement'],
    ['create', 'ConsentEvent'],
    ['read', 'ConsentEvent'],
    ['read', 'AccessLog'],
    ['export', 'AccessLog'],
    ['verify', 'AccessLog'],
  ],
  // Aggregates only, with small cells suppressed.
  ANALYST: [
    ['read', 'NotificationComplianceReport'],
    ['read', 'DestinationsReport'],
  ],
  // Staff beside a partner's system: admissions reads applicants' records; the data manager does by hand what the system does.
  ADMISSIONS_OFFICER: [...INDIVIDUAL_RECORDS],
  DATA_MANAGER: [
    ...INDIVIDUAL_RECORDS,
    ['create', 'SourceRecord'],
    ['create', 'Import'],
    ['read', 'Import'],
    ['read', 'DropOutNotification'],
    ['read', 'StatusChange'],
    ['read', 'WebhookSubscription'],
  ],
  PARTNER_SYSTEM: [
    ...INDIVIDUAL_RECORDS,
    ['create', 'ConsentEvent'],
    ['create', 'SourceRecord'],
    ['create', 'Import'],
    ['read', 'Import'],
    ['read', 'DropOutNotification'],
    // The change feed about its own learners, and its webhook subscription (docs/partners.md).
    ['read', 'StatusChange'],
    ['read', 'WebhookSubscription'],
    ['update', 'WebhookSubscription'],
  ],
};

/** Post-16 providers (school sixth forms, colleges, training providers) notify Careers Wales of drop-outs. */
const NOTIFIES_DROP_OUTS: Partial<Record<Role, readonly Permission[]>> = {
  PARTNER_SYSTEM: [['create', 'DropOutNotification']],
  PROVIDER_PASTORAL: [['create', 'DropOutNotification']],
  DATA_MANAGER: [['create', 'DropOutNotification']],
};

/** What a role adds only in one kind of organisation (a partner system acts for its organisation). */
export const ORGANISATION_ROLE_PERMISSIONS: Partial<Record<OrganisationKind, Partial<Record<Role, readonly Permission[]>>>> = {
  // Careers Wales's client database records tier assessments as its advisers do, and loads the destinations survey.
  CAREERS_WALES: { PARTNER_SYSTEM: [['create', 'TierAssessment'], ['create', 'DestinationReturn']] },
  FE_COLLEGE: NOTIFIES_DROP_OUTS,
  WBL_PROVIDER: NOTIFIES_DROP_OUTS,
  SCHOOL: NOTIFIES_DROP_OUTS,
};
