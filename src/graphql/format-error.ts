import type { GraphQLFormattedError } from 'graphql';
import { databaseErrorReason, isDatabaseUnavailable } from '../db/data-source.js';
import type { DependencyState, Logger } from '../logger.js';
import { DATABASE_UNAVAILABLE } from './errors.js';

const SAFE_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COSTLY',
  'DATABASE_UNAVAILABLE',
  'RATE_LIMITED',
]);

/**
 * Passes client errors through and hides everything else behind a generic message (no stack, no data). An
 * error that means PostgreSQL is unreachable becomes DATABASE_UNAVAILABLE (the API answers such a response
 * with HTTP 503) and is reported to `postgres`, which logs the outage once rather than once per request.
 */
export function createErrorFormatter(log: Logger, postgres: DependencyState) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && SAFE_CODES.has(code)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // A validation-rule rejection (query limits) carries no code but is safe to show.
    if (code === undefined && formatted.locations && !formatted.path) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    }
    if (isDatabaseUnavailable(error)) {
      postgres.down(databaseErrorReason(error));
      return { message: DATABASE_UNAVAILABLE.message, path: formatted.path, extensions: { code: DATABASE_UNAVAILABLE.code } };
    }
    const original = error instanceof Error ? (error as Error & { originalError?: Error }).originalError ?? error : undefined;
    log.error('unexpected error in a GraphQL operation', {
      errorName: original?.name,
      path: formatted.path?.join('.'),
    });
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
