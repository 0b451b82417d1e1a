import type { Infrastructure } from './boot.js';
import { QUEUE_NAMES } from './queue/jobs.js';

/** What GET /healthz reports. */
export interface HealthReport {
  status: 'ok' | 'degraded';
  database: { ok: boolean; latencyMs: number | null; pendingMigrations: boolean | null };
  queue: { ok: boolean; latencyMs: number | null; workers: number | null; waiting: number | null; failed: number | null };
}

const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const start = performance.now();
  const value = await fn();
  return { value, ms: Math.round((performance.now() - start) * 10) / 10 };
};

/** Checks PostgreSQL and Redis/BullMQ; never throws. */
export async function checkHealth(infra: Infrastructure): Promise<HealthReport> {
  const database: HealthReport['database'] = { ok: false, latencyMs: null, pendingMigrations: null };
  try {
    const { ms } = await timed(() => infra.ds.query('SELECT 1'));
    database.ok = true;
    database.latencyMs = ms;
    database.pendingMigrations = await infra.ds.showMigrations();
  } catch {
    database.ok = false;
  }
  const queue: HealthReport['queue'] = { ok: false, latencyMs: null, workers: null, waiting: null, failed: null };
  try {
    const { ms } = await timed(() => infra.redis.ping());
    queue.ok = true;
    queue.latencyMs = ms;
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
    Object.assign(queue, { workers, waiting, failed });
  } catch {
    queue.ok = false;
  }
  return { status: database.ok && queue.ok ? 'ok' : 'degraded', database, queue };
}
