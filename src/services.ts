import type { DataSource } from 'typeorm';
import { OrganisationsService } from './modules/organisations/organisations.service.js';
import { PeopleService } from './modules/people/people.service.js';
import { PrincipalsService } from './modules/principals/principals.service.js';
import { JobRunsService } from './queue/job-runs.service.js';
import type { QueueRegistry } from './queue/queue-registry.js';
import { AuditService } from './audit/audit.service.js';
import { SubjectAccessService } from './audit/subject-access.service.js';
import { SourcesService } from './modules/sources/sources.service.js';

/** The services of one process; the API and the workers build the same set. */
export interface Services {
  organisations: OrganisationsService;
  people: PeopleService;
  principals: PrincipalsService;
  jobRuns: JobRunsService;
  audit: AuditService;
  subjectAccess: SubjectAccessService;
  sources: SourcesService;
}

/** Builds the services over one DataSource and queue registry. */
export function createServices(ds: DataSource, queues: QueueRegistry): Services {
  return {
    organisations: new OrganisationsService(),
    people: new PeopleService(),
    principals: new PrincipalsService(ds),
    jobRuns: new JobRunsService(ds, queues),
    audit: new AuditService(),
    subjectAccess: new SubjectAccessService(),
    sources: new SourcesService(),
  };
}
