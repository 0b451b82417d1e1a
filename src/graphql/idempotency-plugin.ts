import type { ApolloServerPlugin } from '@apollo/server';
import { getArgumentValues, getVariableValues, GraphQLError } from 'graphql';
import type { RequestContext } from './context.js';
import { rootFieldNodes } from './root-fields.js';
import { IDEMPOTENCY_HEADER, parseIdempotencyKey, REPLAYED_HEADER, requestHash } from './idempotency.js';


/**
 * Reads `Idempotency-Key` on a mutation, before anything runs: refuses a malformed key (400) or a key on an
 * operation with more than one mutation (one key guards one change), and puts the key and the request's hash
 * (the mutation and its argument values) on the context, where `withIdempotency` takes the key in the
 * change's transaction. A query's key is ignored: queries change nothing. A replayed answer is marked with
 * the `Idempotent-Replayed: true` response header.
 */
export function idempotencyPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ request }) {
      const header = request.http?.headers.get(IDEMPOTENCY_HEADER);
      if (header === undefined) return;
      return {
        async didResolveOperation({ contextValue, document, operation, schema }) {
          if (operation?.operation !== 'mutation') return;
          const key = parseIdempotencyKey(header)!;
          const fields = rootFieldNodes(document, operation);
          if (fields.length !== 1) {
            throw new GraphQLError(`Idempotency-Key: one key guards one mutation; this operation has ${fields.length}`, {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
          const field = fields[0]!;
          const definition = schema.getMutationType()?.getFields()[field.name.value];
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          // Unknown fields and bad variables are refused by validation and execution; nothing runs, so no key is needed.
          if (!definition || variables.errors) return;
          let args: Record<string, unknown>;
          try {
            args = getArgumentValues(definition, field, variables.coerced);
          } catch {
            return; // a bad argument value: execution refuses it before the resolver runs
          }
          contextValue.idempotency = { key, operation: field.name.value, requestHash: requestHash(field.name.value, args), outcome: null };
        },
        async willSendResponse({ contextValue, response }) {
          if (contextValue.idempotency?.outcome === 'replayed') response.http.headers.set(REPLAYED_HEADER, 'true');
        },
      };
    },
  };
}
