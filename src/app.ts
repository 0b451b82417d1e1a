import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { auditPlugin } from './audit/audit.plugin.js';
import { AuthCache, type RequestAuth } from './auth/auth-cache.js';
import { TokenError } from './auth/tokens.js';
import type { Infrastructure } from './boot.js';
import type { RequestContext } from './graphql/context.js';
import { consoleRouter } from './console/console-router.js';
import { databaseErrorReason, isDatabaseUnavailable } from './db/data-source.js';
import { degradedPlugin } from './graphql/degraded-plugin.js';
import { databaseUnavailable, unauthenticated } from './graphql/errors.js';
import { createErrorFormatter } from './graphql/format-error.js';
import { graphiqlRouter } from './graphql/graphiql.js';
import { bodyErrorHandler, httpStatusPlugin } from './graphql/http-status.js';
import { idempotencyPlugin } from './graphql/idempotency-plugin.js';
import { queryLimits } from './graphql/limits.js';
import { parsePurposeHeader } from './graphql/purpose-header.js';
import { purposeOperationsPlugin } from './graphql/purpose-operations-plugin.js';
import { redactionsPlugin } from './graphql/redactions-plugin.js';
import { persistedDocumentsMiddleware, manifestCache, registeredOperationsPlugin } from './graphql/registered-operations-plugin.js';
import { RegisteredOperations } from './modules/partners/registered-operations.js';
import { requestIds } from './graphql/request-id.js';
import { getSchema } from './graphql/schema.js';
import { checkHealth, healthHttpStatus } from './health.js';
import { collectDeferredPushes } from './queue/deferred-pushes.js';
import { partnerCredentialCheck } from './modules/partner-credentials/credential-check.js';
import { PartnerRateLimiter, rateLimited } from './modules/partner-credentials/rate-limit.js';
import { tokenEndpoint } from './modules/partner-credentials/token-endpoint.js';

/** A running HTTP server and how to stop it. */
export interface RunningApi {
  url: string;
  server: Server;
  /** Stops accepting, lets requests in flight finish (within the drain grace); resolves with how many were cut short. */
  close(): Promise<number>;
}

/**
 * How long in-flight requests get to finish once the API is stopping: the shutdown timeout less what closing
 * the queues, Redis and the pool may need (a quarter of it, at most 2 s). Past it their connections are cut.
 */
export function drainGraceMs(shutdownTimeoutMs: number): number {
  return shutdownTimeoutMs - Math.min(2_000, Math.floor(shutdownTimeoutMs / 4));
}

/** Starts the API (GraphQL, /healthz, the console at /console and /consol and, outside production, GraphiQL) on the given port (0 = any free port). */
export async function startApi(infra: Infrastructure, port: number): Promise<RunningApi> {
  const { config, log } = infra;
  const app = express();
  app.disable('x-powered-by');
  const server = app.listen(port);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });

  const limits = queryLimits(config.isProduction);
  // Partner systems run only these (operations/manifest.json), in every mode; anyone may send them by hash.
  const registered = await RegisteredOperations.load();
  const apollo = new ApolloServer<RequestContext>({
    schema: await getSchema(),
    persistedQueries: { cache: manifestCache(registered), ttl: null },
    introspection: !config.isProduction,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // The process stops itself (src/shutdown.ts): Apollo's own signal handlers would race it for stop().
    stopOnTerminationSignals: false,
    validationRules: limits.validationRules,
    formatError: createErrorFormatter(log, infra.dependencies.postgres),
    plugins: [
      registeredOperationsPlugin(registered),
      ...limits.plugins,
      redactionsPlugin(),
      auditPlugin(),
      purposeOperationsPlugin(),
      degradedPlugin(),
      idempotencyPlugin(),
      httpStatusPlugin(),
      // On stop: refuse new connections, close idle ones, let requests in flight finish (and write their access-log rows).
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: drainGraceMs(config.shutdownTimeoutMs) }),
    ],
  });
  await apollo.start();

  // Requests whose connection closed before their response was finished: after a stop, those the drain cut.
  let open = 0;
  let cut = 0;
  app.use((_req, res, next) => {
    open++;
    res.once('close', () => {
      open--;
      if (!res.writableFinished) cut++;
    });
    next();
  });
  app.use(requestIds());

  app.get('/healthz', async (_req, res) => {
    const report = await checkHealth(infra);
    res.status(healthHttpStatus(report)).json(report);
  });

  // Partner systems: the client-assertion token endpoint, how their credentials are checked, their rate limits.
  const rateLimiter = new PartnerRateLimiter(config.partners, infra.queues.backend.redis ?? null, config.queuePrefix);
  const checkCredential = partnerCredentialCheck(config.partners, infra.services.partnerKeys);
  const authCache = new AuthCache(infra.services.principals, config.authSecret, checkCredential);
  app.use(
    tokenEndpoint({
      config,
      ds: infra.ds,
      log,
      principals: infra.services.principals,
      partnerKeys: infra.services.partnerKeys,
      audit: infra.services.audit,
      rateLimiter,
    }),
  );

  if (!config.isProduction) app.use(graphiqlRouter());
  app.use(consoleRouter({ config, principals: infra.services.principals }));

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    persistedDocumentsMiddleware(),
    (_req, _res, next) => collectDeferredPushes(next),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<RequestContext> => {
        let auth: RequestAuth;
        try {
          auth = await authCache.authenticate(req.get('authorization'));
        } catch (err) {
          if (err instanceof TokenError) throw unauthenticated(err.message);
          // Looking the principal up needs PostgreSQL: while it is away the client gets 503, not 500.
          if (isDatabaseUnavailable(err)) {
            infra.dependencies.postgres.down(databaseErrorReason(err));
            throw databaseUnavailable();
          }
          throw err;
        }
        if (auth.confirmed) infra.dependencies.postgres.up(); // the lookup answered
        const { principal, policyVersion } = auth;
        if (principal.kind === 'SYSTEM') {
          const decision = await rateLimiter.consume(principal);
          if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
        }
        return {
          requestId: String(res.locals['requestId']),
          clientRequestId: res.locals['clientRequestId'] as string | null,
          principal,
          auth,
          ability: auth.ability,
          purpose: parsePurposeHeader(req.get('x-purpose')),
          access: infra.services.audit.newBuffer(),
          policyVersion,
          redactions: [],
          ds: infra.ds,
          config,
          log,
          services: infra.services,
        };
      },
    }),
  );
  app.use('/graphql', bodyErrorHandler());

  const address = server.address() as AddressInfo;
  log.info('api listening', { port: address.port });
  return {
    url: `http://127.0.0.1:${address.port}`,
    server,
    async close() {
      const cutBefore = cut;
      await apollo.stop(); // drains the HTTP server (above), which stops listening
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      return cut - cutBefore + open;
    },
  };
}
