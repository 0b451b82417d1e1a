import { startApi, type RunningApi } from '../../src/app.js';
import { signToken } from '../../src/auth/tokens.js';
import { bootInfrastructure, type Infrastructure } from '../../src/boot.js';
import { loadConfig } from '../../src/config/config.js';
import type { LogSink } from '../../src/logger.js';

/** A booted API on a free port with its infrastructure. */
export interface TestApi {
  url: string;
  infra: Infrastructure;
  api: RunningApi;
  close(): Promise<void>;
}

/** Boots the real API against the test database and Redis (or those `env` names); `logSink` receives its log lines. */
export async function startTestApi(env: Record<string, string> = {}, options: { logSink?: LogSink } = {}): Promise<TestApi> {
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

/** Posts a GraphQL operation over HTTP. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  options: { token?: string; purpose?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: GqlBody<T>; headers: Headers }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.purpose ? { 'x-purpose': options.purpose } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { status: res.status, body: (await res.json()) as GqlBody<T>, headers: res.headers };
}
