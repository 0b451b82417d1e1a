import type { DataSource } from 'typeorm';
import type { AppConfig } from './config/config.js';
import { AgreementsService } from './modules/agreements/agreements.service.js';
import { ConsentService } from './modules/consent/consent.service.js';
import { ImportsService } from './modules/imports/imports.service.js';
import { loadMatchingConfig } from './modules/matching/matching.config.js';
import { MatchReviewService } from './modules/matching/match-review.service.js';
import { MatchingService } from './modules/matching/matching.service.js';
import { OrganisationsService } from './modules/organisations/organisations.service.js';
import { PeopleService } from './modules/people/people.service.js';
import { PrincipalsService } from './modules/principals/principals.service.js';
import { ExplainService } from './policy/explain.service.js';
import { PolicyService } from './policy/policy.service.js';
import { PolicyBasisSource } from './policy/subject-basis.js';
import { TiersService } from './modules/tiers/tiers.service.js';
import { TierHistoryService } from './modules/tiers/tier-history.service.js';
import { PersonStatusService } from './modules/tiers/person-status.service.js';
import { loadWorklistConfig } from './modules/worklist/worklist.config.js';
import { WorklistService } from './modules/worklist/worklist.service.js';
import { JobRunsService } from './queue/job-runs.service.js';
import type { QueueRegistry } from './queue/queue-registry.js';
import { AuditService } from './audit/audit.service.js';
import { SubjectAccessService } from './audit/subject-access.service.js';
import { SourcesService } from './modules/sources/sources.service.js';
import { ComplianceReportService } from './modules/notifications/compliance-report.service.js';
import { loadNotificationsConfig } from './modules/notifications/notifications.config.js';
import { NotificationsService } from './modules/notifications/notifications.service.js';
import { DestinationsReportService } from './modules/destinations/destinations-report.service.js';
import { DestinationsService } from './modules/destinations/destinations.service.js';
import { TransfersService } from './modules/moves/transfers.service.js';
import { LeadWorkersService } from './modules/lead-workers/lead-workers.service.js';
import { LearnerStatusService } from './modules/partners/learner-status.service.js';
import { PartnerKeysService } from './modules/partner-credentials/partner-keys.service.js';
import { StatusChangesService } from './modules/status-changes/status-changes.service.js';
import { WebhooksService } from './modules/status-changes/webhooks.service.js';

/** The services of one process; the API and the workers build the same set. */
export interface Services {
  organisations: OrganisationsService;
  people: PeopleService;
  principals: PrincipalsService;
  jobRuns: JobRunsService;
  policy: PolicyService;
  agreements: AgreementsService;
  consent: ConsentService;
  tiers: TiersService;
  /** The event-sourced tier history: `tierHistory.record(ctx, em, event)` appends (with its access-log row). */
  tierHistory: TierHistoryService;
  personStatus: PersonStatusService;
  /** Current lead-worker allocations, from the partners' records (LEAD_WORKER) through checked views. */
  leadWorkers: LeadWorkersService;
  /** Partners' status lookups by their own reference, ULN or UPN. */
  learnerStatus: LearnerStatusService;
  /** Partner systems' registered public keys (docs/partners.md). */
  partnerKeys: PartnerKeysService;
  /** The change feed about partners' own learners. */
  statusChanges: StatusChangesService;
  /** Partners' webhook subscriptions, deliveries and dead letters. */
  webhooks: WebhooksService;
  worklist: WorklistService;
  explain: ExplainService;
  audit: AuditService;
  subjectAccess: SubjectAccessService;
  sources: SourcesService;

  matching: MatchingService;
  matchReview: MatchReviewService;
  imports: ImportsService;

  /** Drop-out notifications from post-16 providers and Careers Wales's queue of them. */
  notifications: NotificationsService;
  /** Provider compliance with the notification limit (aggregate). */
  complianceReport: ComplianceReportService;
  /** Careers Wales's destinations survey returns. */
  destinations: DestinationsService;
  /** Destinations by LA, year group and destination (aggregate). */
  destinationsReport: DestinationsReportService;
  /** Young people moving between LAs: the transfers their EPCs see and accept. */
  transfers: TransfersService;
}

/** Builds the services over one DataSource and queue registry, with the process's configuration. */
export function createServices(ds: DataSource, queues: QueueRegistry, config: Pick<AppConfig, 'consentAge' | 'reviewQueue'>): Services {
  const { consentAge } = config;
  const jobRuns = new JobRunsService(ds, queues);
  const matching = new MatchingService(ds, jobRuns, loadMatchingConfig(), config.reviewQueue);
  const audit = new AuditService();
  const notificationsConfig = loadNotificationsConfig();
  return {
    organisations: new OrganisationsService(),
    people: new PeopleService(),
    principals: new PrincipalsService(ds),
    jobRuns,
    policy: new PolicyService(ds, consentAge),
    agreements: new AgreementsService(),
    consent: new ConsentService(),
    tiers: new TiersService(),
    tierHistory: new TierHistoryService(audit),
    personStatus: new PersonStatusService(),
    leadWorkers: new LeadWorkersService(),
    learnerStatus: new LearnerStatusService(),
    partnerKeys: new PartnerKeysService(ds),
    statusChanges: new StatusChangesService(),
    webhooks: new WebhooksService(ds),
    worklist: new WorklistService(loadWorklistConfig()),
    explain: new ExplainService(),
    audit,
    subjectAccess: new SubjectAccessService(new PolicyBasisSource()),
    sources: new SourcesService(),
    matching,
    matchReview: new MatchReviewService(ds, matching.config),
    imports: new ImportsService(ds, matching, jobRuns),
    notifications: new NotificationsService(notificationsConfig),
    complianceReport: new ComplianceReportService(notificationsConfig),
    destinations: new DestinationsService(),
    destinationsReport: new DestinationsReportService(),
    transfers: new TransfersService(),
  };
}
