import type { ApolloServerPlugin } from '@apollo/server';
import { deferredPushes } from '../queue/deferred-pushes.js';
import type { RequestContext } from './context.js';
import { DATABASE_UNAVAILABLE } from './errors.js';

/** What a response says when its work was saved in PostgreSQL but could not be handed to the queue. */
export const QUEUE_DEFERRED_MESSAGE =
  'The job queue is unavailable: the work is saved and will be queued automatically when it returns.';

/**
 * Tells the client how a response was degraded: HTTP 503 when any error says the database is unavailable
 * (a resolver's error carries no HTTP status of its own), and `extensions.queue` (status DEFERRED and the
 * job run ids) when a push to Redis was deferred to the reconciler.
 */
export function degradedPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.errors?.some((e) => e.extensions?.['code'] === DATABASE_UNAVAILABLE.code)) response.http.status = 503;
          const deferred = deferredPushes();
          if (deferred.length > 0) {
            result.extensions = { ...result.extensions, queue: { status: 'DEFERRED', jobRunIds: deferred, message: QUEUE_DEFERRED_MESSAGE } };
          }
        },
      };
    },
  };
}
