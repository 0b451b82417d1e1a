import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { rolesMayUse } from '../policy/purposes.policy.js';
import type { RequestContext } from './context.js';
import { rootFieldNodes } from './root-fields.js';

/**
 * The root fields an operation asks for, through fragments and inline fragments, whatever the operation
 * is called (a client chooses the name, so the name proves nothing). Fields under @skip/@include count.
 */
export function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  return rootFieldNodes(document, operation).map((f) => f.name.value);
}

/**
 * Refuses, before anything runs, a mutation that declares a purpose its role may not use (HTTP 403, logged
 * as ROLE_NOT_PERMITTED): a change is never made, nor logged, under a purpose the principal may not claim.
 * Mutations whose answer reads personal data also require a purpose; their services ask for it first.
 */
export function assertMutationPurposePermitted(ctx: RequestContext): void {
  if (!ctx.purpose || rolesMayUse(ctx.principal.roles, ctx.principal.organisation.kind, ctx.purpose)) return;
  ctx.access.noteRefusal(null, 'ROLE_NOT_PERMITTED');
  throw new GraphQLError(
    `Role ${ctx.principal.roles.join(', ')} at a ${ctx.principal.organisation.kind} may not use purpose ${ctx.purpose} (ROLE_NOT_PERMITTED)`,
    { extensions: { code: 'FORBIDDEN', http: { status: 403 } } },
  );
}

/**
 * Refuses a request whose purpose is limited to some operations when it asks for others (the policy service
 * decides), and a mutation declaring a purpose its role may not use.
 */
export function purposeOperationsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation }) {
          // Apollo has already refused a document without a resolvable operation; nothing is resolved then.
          if (!operation) return;
          contextValue.services.policy.assertPurposeCoversOperations(contextValue, rootFieldsOf(document, operation));
          if (operation.operation === 'mutation') assertMutationPurposePermitted(contextValue);
        },
      };
    },
  };
}
