import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.js';
import { exitOnStopSignals, type StopSignal } from './shutdown.js';

/** A process stand-in: signals are raised by hand, exits are recorded. */
function fakeHost() {
  const listeners = new Map<StopSignal, () => void>();
  const exits: number[] = [];
  return {
    exits,
    raise: (signal: StopSignal) => listeners.get(signal)!(),
    host: { on: (signal: StopSignal, listener: () => void) => listeners.set(signal, listener), exit: (code: number) => void exits.push(code) },
  };
}

describe('exitOnStopSignals', () => {
  const lines: string[] = [];
  const log = createLogger('test', 'info', (line) => void lines.push(line));
  beforeEach(() => {
    vi.useFakeTimers();
    lines.length = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('exits 0 once a clean stop finishes, and stops only once', async () => {
    const f = fakeHost();
    const stop = vi.fn(async () => 0);
    exitOnStopSignals({ name: 'api', log, timeoutMs: 10_000, stop, host: f.host });
    f.raise('SIGTERM');
    await vi.waitFor(() => expect(f.exits).toEqual([0]));
    expect(stop).toHaveBeenCalledTimes(1);
    expect(lines.join('\n')).toMatch(/"msg":"api shutting down","signal":"SIGTERM","timeoutMs":10000/);
  });

  it('exits 1 when work was cut short or the stop failed', async () => {
    for (const stop of [async () => 2, async () => Promise.reject(new Error('redis'))]) {
      const f = fakeHost();
      exitOnStopSignals({ name: 'worker', log, timeoutMs: 10_000, stop, host: f.host });
      f.raise('SIGINT');
      await vi.waitFor(() => expect(f.exits).toEqual([1]));
    }
    expect(lines.join('\n')).toMatch(/worker stopped with work cut short","unfinished":2/);
    expect(lines.join('\n')).toMatch(/"msg":"shutdown failed","errorName":"Error"/);
  });

  it('exits 1 at the deadline when the stop hangs, and not before', () => {
    const f = fakeHost();
    exitOnStopSignals({ name: 'api', log, timeoutMs: 3_000, stop: () => new Promise<number>(() => undefined), host: f.host });
    f.raise('SIGTERM');
    vi.advanceTimersByTime(2_999);
    expect(f.exits).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(f.exits).toEqual([1]);
    expect(lines.join('\n')).toContain('shutdown deadline passed');
  });

  it('exits at once on a second signal, with the status a shell gives a process killed by it', () => {
    const f = fakeHost();
    exitOnStopSignals({ name: 'api', log, timeoutMs: 10_000, stop: () => new Promise<number>(() => undefined), host: f.host });
    f.raise('SIGINT');
    expect(f.exits).toEqual([]);
    f.raise('SIGINT');
    f.raise('SIGTERM');
    expect(f.exits).toEqual([130, 143]);
  });
});
