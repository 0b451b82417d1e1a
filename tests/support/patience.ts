import { availableParallelism, loadavg } from 'node:os';

/**
 * How many times slower than a quiet machine this one runs now: `TEST_PATIENCE` when set, else the load per
 * core over the last minute (at least 1, at most 10). Every deadline a test waits on is scaled by it, so a
 * busy machine makes the suite slower, never red.
 */
export const PATIENCE = ((): number => {
  const given = Number(process.env['TEST_PATIENCE']);
  if (Number.isFinite(given) && given > 0) return given;
  return Math.min(10, Math.max(1, loadavg()[0]! / availableParallelism()));
})();

/** A deadline of `ms` on a quiet machine, scaled to this one (see PATIENCE). */
export function patient(ms: number): number {
  return Math.round(ms * PATIENCE);
}
