import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AgreementsResolver } from '../modules/agreements/agreements.resolver.js';
import { ConsentResolver } from '../modules/consent/consent.resolver.js';
import { ImportsResolver } from '../modules/imports/imports.resolver.js';
import { MatchReviewResolver } from '../modules/matching/match-review.resolver.js';
import { OrganisationsResolver } from '../modules/organisations/organisations.resolver.js';
import { TiersResolver } from '../modules/tiers/tiers.resolver.js';
import { PersonStatusResolver } from '../modules/tiers/person-status.resolver.js';
import { UnknownsWorklistConnectionResolver, WorklistResolver } from '../modules/worklist/worklist.resolver.js';
import { PeopleResolver, YoungPersonConnectionResolver } from '../modules/people/people.resolver.js';
import { MeResolver } from '../modules/principals/me.resolver.js';
import { guardPersonalFields } from '../policy/field-guard.js';
import { PolicyResolver } from '../policy/policy.resolver.js';
import { JobRunsResolver } from '../queue/job-runs.resolver.js';
import { AuditResolver } from '../audit/audit.resolver.js';
import { NotificationsResolver } from '../modules/notifications/notifications.resolver.js';
import { DestinationsResolver } from '../modules/destinations/destinations.resolver.js';
import { TransfersResolver } from '../modules/moves/transfers.resolver.js';
import { LearnerStatusResolver } from '../modules/partners/learner-status.resolver.js';
import { PartnerKeysResolver } from '../modules/partner-credentials/partner-keys.resolver.js';
import { StatusChangesResolver } from '../modules/status-changes/status-changes.resolver.js';
import { authChecker, requireOperationRules } from './auth-checker.js';
import { validateArgs } from './validate-args.js';

let built: Promise<GraphQLSchema> | undefined;

/** Builds the GraphQL schema from the code once per process (resolvers get services from the context); fails when an operation declares no @Allow. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [
      MeResolver,
      OrganisationsResolver,
      PeopleResolver,
      YoungPersonConnectionResolver,
      JobRunsResolver,
      AgreementsResolver,
      ConsentResolver,
      TiersResolver,
      PersonStatusResolver,
      WorklistResolver,
      UnknownsWorklistConnectionResolver,
      PolicyResolver,
      AuditResolver,
      ImportsResolver,
      MatchReviewResolver,
      NotificationsResolver,
      DestinationsResolver,
      TransfersResolver,
      LearnerStatusResolver,
      PartnerKeysResolver,
      StatusChangesResolver,
    ],
    // Every Query and Mutation declares who may call it (@Allow); the checker asks the request's CASL ability.
    authChecker,
    // class-validator rules, refused as BAD_USER_INPUT naming the field (never echoing the values).
    validateFn: validateArgs,
    emitSchemaFile: false,
  })
    .then(requireOperationRules)
    .then(guardPersonalFields);
  return built;
}

/** The schema as SDL, sorted so that the committed file changes only when the schema does. */
export async function schemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
