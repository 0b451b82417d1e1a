import { CreateOrganisationsAndPrincipals1763900000000 } from './1763900000000-CreateOrganisationsAndPrincipals.js';
import { CreateYoungPeopleAndSourceRecords1763900100000 } from './1763900100000-CreateYoungPeopleAndSourceRecords.js';
import { CreateJobRuns1763900200000 } from './1763900200000-CreateJobRuns.js';
import { CreateImports1763960000000 } from './1763960000000-CreateImports.js';
import { CreateMatching1763960100000 } from './1763960100000-CreateMatching.js';

/** Every migration, in order (an explicit list: globs do not load .ts files under vitest). */
export const MIGRATIONS = [
  CreateOrganisationsAndPrincipals1763900000000,
  CreateYoungPeopleAndSourceRecords1763900100000,
  CreateJobRuns1763900200000,
  CreateImports1763960000000,
  CreateMatching1763960100000,
];
