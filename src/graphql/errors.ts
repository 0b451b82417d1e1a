import { GraphQLError } from 'graphql';

/** The caller is not authenticated (HTTP 401). */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** The caller is authenticated but may not do this; says why without revealing data. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** A named input field is invalid. */
export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/** Nothing with this id exists, or the caller may not know that it does. */
export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
}

/** The request itself is malformed (a missing or unknown header, say). */
export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });
}

/** The message and code a client gets while PostgreSQL cannot be reached (HTTP 503: try again later). */
export const DATABASE_UNAVAILABLE = {
  message: 'The database is unavailable; try again later.',
  code: 'DATABASE_UNAVAILABLE',
} as const;

/** PostgreSQL cannot be reached: HTTP 503, with no detail of the underlying error. */
export function databaseUnavailable(): GraphQLError {
  return new GraphQLError(DATABASE_UNAVAILABLE.message, { extensions: { code: DATABASE_UNAVAILABLE.code, http: { status: 503 } } });
}
