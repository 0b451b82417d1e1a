import { AsyncLocalStorage } from 'node:async_hooks';

// Per request, the job runs whose push to Redis was deferred: the services that push do not see the
// request, so the API collects them here and tells the client its work is queued in PostgreSQL.
const current = new AsyncLocalStorage<Set<string>>();

/** Runs `fn` (one HTTP request) with its own record of deferred pushes. */
export function collectDeferredPushes<T>(fn: () => T): T {
  return current.run(new Set(), fn);
}

/** Notes that a job run stays queued in PostgreSQL only, to be pushed by the reconciler when Redis returns. */
export function noteDeferredPush(jobRunId: string): void {
  current.getStore()?.add(jobRunId);
}

/** The job runs deferred so far in the current request (none outside a request). */
export function deferredPushes(): string[] {
  return [...(current.getStore() ?? [])];
}
