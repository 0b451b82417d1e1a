import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { RequestContext } from '../graphql/context.js';
import { TokenError } from '../auth/tokens.js';
import { confirmOrRefuse } from '../auth/auth-cache.js';
import { DATABASE_UNAVAILABLE } from '../graphql/errors.js';
import { AuditUnavailableError } from './access-log.writer.js';

/** The error a client gets instead of its data when the access log cannot be written. */
export const AUDIT_UNAVAILABLE = {
  message: 'The access log could not be written, so no personal data was sent. Try again later.',
  extensions: { code: 'AUDIT_UNAVAILABLE' },
} as const;

/** The error a client gets when the agreements changed while its request was being answered. */
export const POLICY_CHANGED = {
  message: 'The sharing agreements changed while this request was answered, so nothing was sent. Send it again.',
  extensions: { code: 'POLICY_CHANGED' },
} as const;

/** How an operation is named in the access log: its name, else its root fields (never its arguments). */
export function describeOperation(op: OperationDefinitionNode | undefined, name: string | null | undefined): string {
  if (!op) return 'unparsed';
  if (name ?? op.name?.value) return `${op.operation} ${name ?? op.name!.value}`;
  const fields = op.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '…'));
  return `${op.operation} {${fields.join(',')}}`;
}

/**
 * Writes each operation's access events before its response leaves (Apollo awaits willSendResponse
 * before it writes the body), in one multi-row insert. Fails closed: when the write fails, or when a
 * change's own row could not be written in its transaction, the response is replaced by an error with
 * no data and no extensions, and HTTP 503.
 */
export function auditPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, operationName }) {
          contextValue.access.operation = describeOperation(operation, operationName);
          // A cached authentication is confirmed before anything changes (a query confirms before its response leaves).
          if (operation?.operation !== 'query' && contextValue.auth) await confirmOrRefuse(contextValue.auth);
        },
        async willSendResponse(rc: GraphQLRequestContextWillSendResponse<RequestContext>) {
          const ctx = rc.contextValue;
          // Nothing leaves for a principal revoked since its authentication was cached, nor under superseded rules.
          if (ctx?.auth) {
            try {
              await ctx.auth.confirm();
            } catch (err) {
              const revoked = err instanceof TokenError;
              const error = revoked ? { message: err.message, extensions: { code: 'UNAUTHENTICATED' } } : { message: DATABASE_UNAVAILABLE.message, extensions: { code: DATABASE_UNAVAILABLE.code } };
              rc.response.body = { kind: 'single', singleResult: { errors: [error] } };
              rc.response.http.status = revoked ? 401 : 503;
              return;
            }
            if (!ctx.auth.decidedUnderCurrentPolicy) {
              rc.response.body = { kind: 'single', singleResult: { data: null, errors: [POLICY_CHANGED] } };
              rc.response.http.status = 503;
              return;
            }
          }
          // A change whose row could not be written in its own transaction was rolled back: same answer.
          const failed = rc.errors?.find((e) => e.originalError instanceof AuditUnavailableError)?.originalError as AuditUnavailableError | undefined;
          if (failed) {
            ctx?.log.error('access log write failed: change rolled back', { requestId: ctx.requestId, errorName: failed.name, sqlState: failed.sqlState });
            rc.response.body = { kind: 'single', singleResult: { data: null, errors: [AUDIT_UNAVAILABLE] } };
            rc.response.http.status = 503;
            return;
          }
          if (!ctx?.access || ctx.access.isEmpty) return;
          try {
            await ctx.services.audit.recordOperation(ctx, ctx.access.operation ?? describeOperation(rc.operation, rc.operationName));
          } catch (err) {
            ctx.log.error('access log write failed: response withheld', {
              requestId: ctx.requestId,
              errorName: err instanceof Error ? err.name : 'unknown',
              sqlState: (err as { code?: unknown }).code,
            });
            rc.response.body = { kind: 'single', singleResult: { data: null, errors: [AUDIT_UNAVAILABLE] } };
            rc.response.http.status = 503;
          }
        },
      };
    },
  };
}

