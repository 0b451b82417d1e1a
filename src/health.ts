import type { Infrastructure } from './boot.js';
import { databaseErrorReason, isDatabaseUnavailable } from './db/data-source.js';
import { QUEUE_NAMES } from './queue/jobs.js';
import { withinMs } from './queue/redis.js';

/** Each dependency's check gets this long (both run at once), so /healthz answers within a second whatever hangs. */
const CHECK_TIMEOUT_MS = 800;

/** One dependency as GET /healthz reports it. */
export type ComponentStatus = 'ok' | 'unavailable';

/** What GET /healthz reports. */
export interface HealthReport {
  /** `ok` when both dependencies answer, `degraded` otherwise. */
  status: 'ok' | 'degraded';
  postgres: ComponentStatus;
  /** The queue store: Redis, or PostgreSQL itself when QUEUE_BACKEND is postgres (see `queue.backend`). */
  redis: ComponentStatus;
  database: { ok: boolean; latencyMs: number | null; pendingMigrations: boolean | null };
  queue: { backend: 'redis' | 'postgres'; ok: boolean; latencyMs: number | null; workers: number | null; waiting: number | null; failed: number | null };
}

const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const start = performance.now();
  const value = await fn();
  return { value, ms: Math.round((performance.now() - start) * 10) / 10 };
};

async function checkDatabase(infra: Infrastructure): Promise<HealthReport['database']> {
  try {
    return await withinMs(
      (async () => {
        const { ms } = await timed(() => infra.ds.query('SELECT 1'));
        infra.dependencies.postgres.up();
        return { ok: true, latencyMs: ms, pendingMigrations: await infra.ds.showMigrations() };
      })(),
      CHECK_TIMEOUT_MS,
    );
  } catch (err) {
    if (isDatabaseUnavailable(err)) infra.dependencies.postgres.down(databaseErrorReason(err));
    return { ok: false, latencyMs: null, pendingMigrations: null };
  }
}

async function checkQueue(infra: Infrastructure): Promise<HealthReport['queue']> {
  // A disconnected queue connection refuses commands at once; the check says so without trying.
  const backend = infra.queues.backend.kind;
  if (!infra.queues.connected) return { backend, ok: false, latencyMs: null, workers: null, waiting: null, failed: null };
  try {
    return await withinMs(
      (async () => {
        const { ms } = await timed(() => infra.queues.backend.ping());
        let workers = 0;
        let waiting = 0;
        let failed = 0;
        for (const name of QUEUE_NAMES) {
          const q = infra.queues.get(name);
          workers += await q.getWorkersCount();
          const counts = await q.getJobCounts('waiting', 'failed');
          waiting += counts['waiting'] ?? 0;
          failed += counts['failed'] ?? 0;
        }
        return { backend, ok: true, latencyMs: ms, workers, waiting, failed };
      })(),
      CHECK_TIMEOUT_MS,
    );
  } catch {
    return { backend, ok: false, latencyMs: null, workers: null, waiting: null, failed: null };
  }
}

/** Checks PostgreSQL and Redis/BullMQ at once, each within a bounded time; never throws. */
export async function checkHealth(infra: Infrastructure): Promise<HealthReport> {
  const [database, queue] = await Promise.all([checkDatabase(infra), checkQueue(infra)]);
  return {
    status: database.ok && queue.ok ? 'ok' : 'degraded',
    postgres: database.ok ? 'ok' : 'unavailable',
    redis: queue.ok ? 'ok' : 'unavailable',
    database,
    queue,
  };
}

/**
 * The HTTP status of a report: 503 only when PostgreSQL is unavailable (nothing can be served). With Redis
 * down the API still serves reads and accepts writes (queued work waits in PostgreSQL), so it stays in
 * service: 200, with `status: "degraded"`.
 */
export function healthHttpStatus(report: HealthReport): number {
  return report.postgres === 'ok' ? 200 : 503;
}
