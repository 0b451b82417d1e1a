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

/** The two ways a process is asked to stop: cleanly (the first signal), or at once (a second). */
export interface StopControl {
  /** Starts a clean stop; asking again while stopping does nothing. */
  stop(signal: StopSignal): void;
  /** Exits at once with 128 + the signal's number, as a shell reports a process killed by it. */
  exitNow(signal: StopSignal): void;
  /** Whether a clean stop has started. */
  readonly stopping: boolean;
}

/**
 * The stop of one process, without deciding where the requests to stop come from: `stop` runs `plan.stop`,
 * then exits 0, or 1 when it fails, cut work short, or the deadline passes first.
 */
export function stopControl(plan: ShutdownPlan): StopControl {
  const host = plan.host ?? { on: (signal: StopSignal, listener: () => void) => process.on(signal, listener), exit: (code: number) => process.exit(code) };
  let stopping = false;
  return {
    get stopping() {
      return stopping;
    },
    exitNow(signal) {
      plan.log.warn('second signal: exiting at once', { signal });
      host.exit(128 + constants.signals[signal]);
    },
    stop(signal) {
      if (stopping) return;
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
    },
  };
}

/**
 * Stops the process cleanly on the first SIGTERM or SIGINT (`stopControl`). A second signal exits at once
 * (128 + the signal's number), for the operator who will not wait.
 */
export function exitOnStopSignals(plan: ShutdownPlan): void {
  const host = plan.host ?? { on: (signal: StopSignal, listener: () => void) => process.on(signal, listener), exit: (code: number) => process.exit(code) };
  const control = stopControl({ ...plan, host });
  const onSignal = (signal: StopSignal): void => (control.stopping ? control.exitNow(signal) : control.stop(signal));
  for (const signal of STOP_SIGNALS) host.on(signal, () => onSignal(signal));
}
