import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { documentHash, type RegisteredOperations } from '../modules/partners/registered-operations.js';
import type { RequestContext } from './context.js';

/** The rule a refusal names. */
export const REGISTERED_OPERATIONS_ONLY = 'REGISTERED_OPERATIONS_ONLY';

/** Access-log event of a refused unregistered operation (no person, no document: it may quote anything). */
export const OPERATION_NOT_REGISTERED = 'OPERATION_NOT_REGISTERED';

class OperationNotRegistered extends GraphQLError {}

/** Apollo's persisted-query cache type (from its options, rather than from a package the hub does not depend on). */
type PersistedQueryCache = NonNullable<Exclude<ApolloServerOptions<RequestContext>['persistedQueries'], false | undefined>['cache']>;

/** The refusal a partner system gets for anything but a registered operation (HTTP 403). */
function notRegistered(kind: string): OperationNotRegistered {
  return new OperationNotRegistered(
    `Partner systems may run only the operations registered for them, and this document is not registered for ${kind} systems: ` +
      'send the sha256 of a document in operations/manifest.json as extensions.persistedQuery.sha256Hash or as documentId ' +
      `(docs/partners.md; ${REGISTERED_OPERATIONS_ONLY})`,
    { extensions: { code: 'FORBIDDEN', rule: REGISTERED_OPERATIONS_ONLY, http: { status: 403 } } },
  );
}

/**
 * Apollo's persisted-query cache, read from the manifest only: a registered document is found by its hash (for
 * people as for systems), and nothing a client sends is ever stored, so no client can register a document.
 */
export function manifestCache(registered: RegisteredOperations): PersistedQueryCache {
  return {
    // Apollo prefixes its keys (`apq:<hash>`).
    async get(key) {
      return registered.get(key.slice(key.lastIndexOf(':') + 1))?.document;
    },
    async set() {},
    async delete() {
      return false;
    },
  };
}

/**
 * Takes a persisted-documents `documentId` (`sha256:<hex>`, or the bare hex) as Apollo's persisted-query
 * extension, so that both conventions reach the same lookup; and refuses, as a malformed request (400
 * BAD_REQUEST, like a body that is not JSON), a persisted query of another version or whose hash is not that of
 * the query sent with it (Apollo's own refusals of these carry no code, and would reach the client as a 500).
 */
export function persistedDocumentsMiddleware(): RequestHandler {
  return (req, res, next) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return next();
    const extensions = (typeof body['extensions'] === 'object' && body['extensions'] !== null ? body['extensions'] : {}) as Record<string, unknown>;
    if (typeof body['documentId'] === 'string') {
      body['extensions'] = { ...extensions, persistedQuery: { version: 1, sha256Hash: body['documentId'].replace(/^sha256:/i, '').toLowerCase() } };
      delete body['documentId'];
      return next();
    }
    const persisted = extensions['persistedQuery'] as { version?: unknown; sha256Hash?: unknown } | undefined;
    if (!persisted) return next();
    const refuse = (message: string): void => {
      res.status(400).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    };
    if (persisted.version !== 1) return refuse('extensions.persistedQuery.version must be 1');
    if (typeof persisted.sha256Hash !== 'string') return refuse('extensions.persistedQuery.sha256Hash must be the hex SHA-256 of a registered document');
    if (typeof body['query'] === 'string' && documentHash(body['query']) !== persisted.sha256Hash.toLowerCase()) {
      return refuse('extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it');
    }
    next();
  };
}

/**
 * Partner systems (principals of kind SYSTEM) run only the operations registered for their kind of organisation
 * (design §8): the document's SHA-256, whether it was sent by hash or in full, must be in the manifest for that
 * kind. Anything else is refused before it is parsed, in every mode, with HTTP 403 naming the rule, and the refusal
 * gets its access-log row. People keep ad-hoc queries within the query limits.
 */
export function registeredOperationsPlugin(registered: RegisteredOperations): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveSource({ contextValue, queryHash }) {
          const { kind, organisation } = contextValue.principal;
          if (kind === 'SYSTEM' && !registered.allows(organisation.kind, queryHash)) throw notRegistered(organisation.kind);
        },
      };
    },
    // An error thrown before parsing reaches only this hook: the refusal is logged, then rethrown so that Apollo
    // sends it as it is (403) rather than as a 500.
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      if (!(error instanceof OperationNotRegistered)) return;
      const ctx = requestContext.contextValue;
      ctx.access.noteActivity({ personId: null, event: 'operation.refused', detail: { refused: OPERATION_NOT_REGISTERED } });
      try {
        await ctx.services.audit.recordOperation(ctx, 'unregistered operation');
      } catch (err) {
        // Nothing is sent but the refusal, so the refusal stands; the failure is for the operators.
        ctx.log.error('access log write failed for a refused unregistered operation', { requestId: ctx.requestId, errorName: err instanceof Error ? err.name : 'unknown' });
      }
      throw error;
    },
  };
}
