import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '../logger.js';

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
]);

/** Passes client errors through and hides everything else behind a generic message (no stack, no data). */
export function createErrorFormatter(log: Logger) {
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
    const original = error instanceof Error ? (error as Error & { originalError?: Error }).originalError ?? error : undefined;
    log.error('unexpected error in a GraphQL operation', {
      errorName: original?.name,
      path: formatted.path?.join('.'),
    });
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
