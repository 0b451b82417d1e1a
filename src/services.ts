import type { DataSource } from 'typeorm';
import { ImportsService } from './modules/imports/imports.service.js';
import { loadMatchingConfig } from './modules/matching/matching.config.js';
import { MatchReviewService } from './modules/matching/match-review.service.js';
import { MatchingService } from './modules/matching/matching.service.js';
import { OrganisationsService } from './modules/organisations/organisations.service.js';
import { PeopleService } from './modules/people/people.service.js';
import { PrincipalsService } from './modules/principals/principals.service.js';
import { JobRunsService } from './queue/job-runs.service.js';
import type { QueueRegistry } from './queue/queue-registry.js';

/** The services of one process; the API and the workers build the same set. */
export interface Services {
  organisations: OrganisationsService;
  people: PeopleService;
  principals: PrincipalsService;
  jobRuns: JobRunsService;
  matching: MatchingService;
  matchReview: MatchReviewService;
  imports: ImportsService;
}

/** Builds the services over one DataSource and queue registry. */
export function createServices(ds: DataSource, queues: QueueRegistry): Services {
  const jobRuns = new JobRunsService(ds, queues);
  const matching = new MatchingService(ds, jobRuns, loadMatchingConfig());
  return {
    organisations: new OrganisationsService(),
    people: new PeopleService(),
    principals: new PrincipalsService(ds),
    jobRuns,
    matching,
    matchReview: new MatchReviewService(ds, matching.config),
    imports: new ImportsService(ds, matching, jobRuns),
  };
}
