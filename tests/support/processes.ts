import { spawn, type ChildProcess } from 'node:child_process';

/** How a child process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A Node process of the hub (the API, a worker) that a test started. Stop it in a `finally`. */
export interface HubProcess {
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr together. */
  output(): string;
  /** Settles when it exits. */
  exited: Promise<Exit>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with how it ended. */
  stop(graceMs?: number): Promise<Exit>;
}

// A test process that dies (a timeout, a crash) must not leave the hub's processes running against the
// test database: each registers a last-moment kill, removed when it exits.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `node --import tsx <entry>` with the test environment and `env`, and resolves once its output
 * contains `readyText`; rejects (and kills it) if it exits first or `timeoutMs` passes.
 */
export async function startHubProcess(entry: string, readyText: string, env: Record<string, string> = {}, timeoutMs = 120_000): Promise<HubProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const handle: HubProcess = {
    child,
    output: () => out,
    exited,
    async stop(graceMs = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
  try {
    await outputContains(handle, readyText, timeoutMs);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }
  return handle;
}

/** Resolves once the process's output contains `text`; rejects with the output when it exits first or `timeoutMs` passes. */
export function outputContains(p: HubProcess, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (p.output().includes(text)) finish();
    };
    const timer = setTimeout(() => finish(new Error(`no "${text}" within ${timeoutMs} ms:\n${p.output()}`)), timeoutMs);
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      p.child.stdout!.off('data', check);
      p.child.stderr!.off('data', check);
      if (err) reject(err);
      else resolve();
    };
    p.child.stdout!.on('data', check);
    p.child.stderr!.on('data', check);
    void p.exited.then((e) => finish(new Error(`exited (${e.code ?? e.signal}) before "${text}":\n${p.output()}`)));
    check();
  });
}

/** Runs `node --import tsx <entry> <args>` to the end with the test environment and `env`; resolves with its exit code and output. */
export function runHubCommand(entry: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve({ code, output: out });
    });
  });
}
