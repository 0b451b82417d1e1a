import { GraphQLError } from 'graphql';

// Each helper carries its HTTP status in `extensions.http`: Apollo sends it (and strips it from the body)
// when the operation failed as a whole; `httpStatusPlugin` keeps a partial answer at 200.

/** The caller is not authenticated (HTTP 401). */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** The caller is authenticated but may not do this; says why without revealing data (HTTP 403). */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

/** A named input field is invalid (HTTP 400); the message names the field and the rule, never the value. */
export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } } });
}

/** Nothing with this id exists, or the caller may not know that it does (HTTP 404). */
export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND', http: { status: 404 } } });
}

/** The request itself is malformed (a missing or unknown header, say) (HTTP 400). */
export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
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
