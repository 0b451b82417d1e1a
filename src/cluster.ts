import cluster, { type Worker } from 'node:cluster';
import { constants } from 'node:os';
import type { Logger } from './logger.js';
import { STOP_SIGNALS, type StopControl, type StopSignal } from './shutdown.js';

/**
 * The API on several processes (API_PROCESSES): a primary that runs no API itself, forks the processes that
 * do (they share the port; node's cluster module hands each new connection to the next one), restarts one
 * that dies unexpectedly after a growing pause, and relays a stop to all of them.
 *
 * Stopping: only the primary listens for signals. A Ctrl-C or a supervisor that signals the whole process
 * group reaches the API processes too; they take any signal as a request for a clean stop (once), and only
 * the primary's "exit" message, sent on its own second signal, makes them exit at once. So one Ctrl-C is
 * one clean stop, and two are an immediate exit, whether or not the signal reached the children directly.
 */

/** What the primary sends an API process. */
type StopMessage = { cyswlltStop: 'stop' | 'exit'; signal: StopSignal };

const isStopMessage = (m: unknown): m is StopMessage =>
  typeof m === 'object' && m !== null && 'cyswlltStop' in m && 'signal' in m && STOP_SIGNALS.includes((m as StopMessage).signal);

/** How long to wait before starting a process again after its `failures`-th exit in a row: 1 s, doubling, at most 30 s. */
export function restartDelayMs(failures: number, firstMs = 1000, maxMs = 30_000): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, failures - 1));
}

/** A process that ran this long before it died counts as having worked: its slot's back-off starts again. */
const STABLE_AFTER_MS = 60_000;
/** How long past SHUTDOWN_TIMEOUT_MS the primary waits for its processes before killing them and exiting 1. */
const PRIMARY_GRACE_MS = 5_000;

export interface PrimaryPlan {
  processes: number;
  log: Logger;
  /** SHUTDOWN_TIMEOUT_MS: each API process's own deadline; the primary waits a little longer. */
  timeoutMs: number;
}

/**
 * Runs the primary: forks `processes` API processes and keeps that many running until SIGTERM or SIGINT.
 * Then it relays the stop and exits 0 once every process has exited 0 (each finished its requests with
 * their access-log rows), 1 otherwise; a second signal makes them and the primary exit at once (128 + n).
 */
export function runPrimary(plan: PrimaryPlan): void {
  const { log } = plan;
  let stopping: StopSignal | null = null;
  let exitNow: StopSignal | null = null;
  let failed = false;
  let listening = 0;
  /** Per slot (0 … processes − 1): the process, when it started, and how many times in a row it has died. */
  const slots = Array.from({ length: plan.processes }, () => ({ worker: null as Worker | null, startedAt: 0, failures: 0, restart: null as NodeJS.Timeout | null }));

  const fork = (slot: number): void => {
    const s = slots[slot]!;
    s.restart = null;
    s.startedAt = Date.now();
    const worker = cluster.fork({ CYSWLLT_API_SLOT: String(slot) });
    s.worker = worker;
    worker.once('listening', () => {
      listening++;
      if (listening === plan.processes) log.info('api processes listening', { processes: plan.processes, pid: process.pid });
    });
    worker.once('exit', (code, signal) => {
      s.worker = null;
      const pid = worker.process.pid;
      if (stopping) {
        if (code !== 0) failed = true;
        log.info('api process exited', { pid, code, signal });
        if (slots.every((x) => x.worker === null)) finish();
        return;
      }
      s.failures = Date.now() - s.startedAt >= STABLE_AFTER_MS ? 1 : s.failures + 1;
      const delayMs = restartDelayMs(s.failures);
      log.error('api process exited unexpectedly: restarting it', { pid, code, signal, failuresInARow: s.failures, delayMs });
      s.restart = setTimeout(() => fork(slot), delayMs);
    });
  };

  const finish = (): void => {
    if (exitNow) process.exit(128 + constants.signals[exitNow]);
    log.info(failed ? 'api processes stopped, not all cleanly' : 'api processes stopped', { pid: process.pid });
    process.exit(failed ? 1 : 0);
  };

  const send = (message: StopMessage): void => {
    for (const s of slots) if (s.worker?.isConnected()) s.worker.send(message);
  };

  const onSignal = (signal: StopSignal): void => {
    if (stopping) {
      exitNow = signal;
      log.warn('second signal: api processes exit at once', { signal });
      send({ cyswlltStop: 'exit', signal });
      return;
    }
    stopping = signal;
    log.info('api processes shutting down', { signal, processes: plan.processes });
    for (const s of slots) if (s.restart) clearTimeout(s.restart);
    if (slots.every((x) => x.worker === null)) return finish();
    send({ cyswlltStop: 'stop', signal });
    setTimeout(() => {
      log.error('api processes still running past the shutdown deadline: killing them', { timeoutMs: plan.timeoutMs });
      for (const s of slots) s.worker?.process.kill('SIGKILL');
      process.exit(1);
    }, plan.timeoutMs + PRIMARY_GRACE_MS).unref();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => onSignal(signal));

  log.info('api primary starting processes', { processes: plan.processes, pid: process.pid });
  for (let slot = 0; slot < plan.processes; slot++) fork(slot);
}

/**
 * In an API process under the primary: any SIGTERM or SIGINT, and the primary's "stop", start one clean
 * stop; the primary's "exit" exits at once. (If the primary itself is killed, node's cluster exits its
 * processes at once: what they had answered was logged, since a response leaves only after its rows commit.)
 */
export function stopOnPrimaryRequest(control: StopControl): void {
  for (const signal of STOP_SIGNALS) process.on(signal, () => control.stop(signal));
  process.on('message', (m: unknown) => {
    if (!isStopMessage(m)) return;
    if (m.cyswlltStop === 'exit') control.exitNow(m.signal);
    else control.stop(m.signal);
  });
}
