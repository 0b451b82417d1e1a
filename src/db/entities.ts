import { LocalAuthorityEntity } from '../modules/organisations/local-authority.entity.js';
import { OrganisationEntity } from '../modules/organisations/organisation.entity.js';
import { YoungPersonEntity } from '../modules/people/young-person.entity.js';
import { PrincipalEntity } from '../modules/principals/principal.entity.js';
import { SourceRecordEntity } from '../modules/sources/source-record.entity.js';
import { JobRunEntity } from '../queue/job-run.entity.js';

/** Every entity the DataSource knows. */
export const ENTITIES = [
  LocalAuthorityEntity,
  OrganisationEntity,
  PrincipalEntity,
  YoungPersonEntity,
  SourceRecordEntity,
  JobRunEntity,
];
