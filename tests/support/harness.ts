import { startApi, type RunningApi } from '../../src/app.js';
import { signToken } from '../../src/auth/tokens.js';
import { bootInfrastructure, type Infrastructure } from '../../src/boot.js';
import { loadConfig } from '../../src/config/config.js';
import type { LogSink } from '../../src/logger.js';
import type { Logger as QueryLogger } from 'typeorm';
import { registeredByDocument } from './registered.js';

/** A booted API on a free port with its infrastructure. */
export interface TestApi {
  url: string;
  infra: Infrastructure;
  api: RunningApi;
  close(): Promise<void>;
}

/**
 * Boots the real API against the test database and Redis (or those `env` names); `logSink` receives its log lines,
 * `queryLogger` every SQL statement the API sends.
 */
export async function startTestApi(env: Record<string, string> = {}, options: { logSink?: LogSink; queryLogger?: QueryLogger } = {}): Promise<TestApi> {
  const infra = await bootInfrastructure(loadConfig({ ...process.env, ...env }), 'api-test', options);
  const api = await startApi(infra, 0);
  return {
    url: api.url,
    infra,
    api,
    async close() {
      await api.close();
      await infra.close();
    },
  };
}

/** A signed token for a seeded principal. */
export async function tokenFor(infra: Infrastructure, handle: string, ttl = '5m'): Promise<string> {
  const principal = await infra.services.principals.findByHandle(handle);
  if (!principal) throw new Error(`no seeded principal ${handle}`);
  return signToken(infra.config.authSecret, { principalId: principal.id, handle }, ttl);
}

/** The JSON body of a GraphQL response. */
export interface GqlBody<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/**
 * Posts a GraphQL operation over HTTP. A registered operation's document (tests/support/registered.ts) is sent by
 * its hash, as partner systems send it; anything else as text.
 */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  options: { token?: string; purpose?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: GqlBody<T>; headers: Headers }> {
  const op = registeredByDocument(query);
  const body = op
    ? { extensions: { persistedQuery: { version: 1, sha256Hash: op.sha256Hash } }, variables: options.variables }
    : { query, variables: options.variables };
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.purpose ? { 'x-purpose': options.purpose } : {}),
      ...options.headers,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as GqlBody<T>, headers: res.headers };
}

/** The hub's own id of a request (its access-log rows' `request_id`), from the `x-request-id` response header. */
export function requestIdOf(res: { headers: Headers }): string {
  const id = res.headers.get('x-request-id');
  if (!id) throw new Error('the response carries no x-request-id');
  return id;
}

/** The HTTP status the hub answers a failed operation with, by its error code. */
export const HTTP_STATUS_OF_CODE: Readonly<Record<string, number>> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  AUDIT_UNAVAILABLE: 503,
};
