import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from './context.js';

/** Adds `extensions.redactions` (one entry per withheld value: path, category, reason, agreement) to responses. */
export function redactionsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || contextValue.redactions.length === 0) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, redactions: contextValue.redactions };
        },
      };
    },
  };
}
