import { constants } from 'node:os';
import type { Logger } from './logger.js';

/** The signals that stop the API and the workers: SIGTERM from a supervisor, SIGINT from Ctrl-C. */
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** One of the signals that stop a process. */
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** How a process stops when asked. */
export interface ShutdownPlan {
  /** What is stopping (`api`, `worker`), as its log lines say. */
  name: string;
  log: Logger;
  /** The most a clean stop may take (SHUTDOWN_TIMEOUT_MS); past it the process exits with status 1. */
  timeoutMs: number;
  /**
   * Stops accepting work, lets the work in progress finish and closes the pools and Redis; resolves with
   * how many pieces of work (requests, jobs) it had to cut short, 0 for a clean stop.
   */
  stop(): Promise<number>;
  /** Where signals come from and how the process exits (the process itself, except in unit tests). */
  host?: { on(signal: StopSignal, listener: () => void): unknown; exit(code: number): void };
}

/**
 * Stops the process cleanly on the first SIGTERM or SIGINT: runs `stop`, then exits 0, or 1 when `stop`
 * fails, cut work short, or the deadline passes first. A second signal exits at once (128 + the signal's number, as a shell
 * reports a process killed by it), for the operator who will not wait.
 */
export function exitOnStopSignals(plan: ShutdownPlan): void {
  const host = plan.host ?? { on: (signal: StopSignal, listener: () => void) => process.on(signal, listener), exit: (code: number) => process.exit(code) };
  let stopping = false;
  const onSignal = (signal: StopSignal): void => {
    if (stopping) {
      plan.log.warn('second signal: exiting at once', { signal });
      host.exit(128 + constants.signals[signal]);
      return;
    }
    stopping = true;
    const started = Date.now();
    plan.log.info(`${plan.name} shutting down`, { signal, timeoutMs: plan.timeoutMs });
    const deadline = setTimeout(() => {
      plan.log.error('shutdown deadline passed: exiting with work unfinished', { timeoutMs: plan.timeoutMs });
      host.exit(1);
    }, plan.timeoutMs);
    plan.stop().then(
      (unfinished) => {
        clearTimeout(deadline);
        if (unfinished > 0) {
          plan.log.error(`${plan.name} stopped with work cut short`, { unfinished, ms: Date.now() - started });
          host.exit(1);
          return;
        }
        plan.log.info(`${plan.name} stopped`, { ms: Date.now() - started });
        host.exit(0);
      },
      (err: unknown) => {
        clearTimeout(deadline);
        plan.log.error('shutdown failed', { errorName: err instanceof Error ? err.name : 'unknown' });
        host.exit(1);
      },
    );
  };
  for (const signal of STOP_SIGNALS) host.on(signal, () => onSignal(signal));
}
