/** Structured JSON logging. Callers pass ids and counts only: never names, dates of birth or other personal data. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A minimal structured logger writing one JSON line per event. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Where a logger's lines go: by default stdout, and stderr for warnings and errors. */
export type LogSink = (line: string, level: Exclude<LogLevel, 'silent'>) => void;

const standardStreams: LogSink = (line, level) => {
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
};

/** Creates a logger for one process component (`api`, `worker`, `seed` …). */
export function createLogger(component: string, level: LogLevel = 'info', sink: LogSink = standardStreams): Logger {
  const write = (at: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[at] < ORDER[level]) return;
    sink(JSON.stringify({ time: new Date().toISOString(), level: at, component, msg, ...fields }), at);
  };
  return {
    debug: (msg, fields) => write('debug', msg, fields),
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}

/**
 * Whether one dependency (PostgreSQL, Redis) is reachable, as the process last saw it. Clients report every
 * failure and every success; only a change of state is logged, as one line, so a dependency that is down for
 * an hour costs two log lines, not one per reconnection attempt.
 */
export interface DependencyState {
  readonly name: string;
  readonly available: boolean;
  /** Reports a failure to reach the dependency; `reason` is an error code or a fixed label, never a message with data. */
  down(reason: string): void;
  /** Reports that the dependency answered. */
  up(): void;
}

/** Tracks one dependency, starting as available, and logs `dependency unavailable` / `dependency available` on each change. */
export function trackDependency(log: Logger, name: string): DependencyState {
  let available = true;
  let since = Date.now();
  return {
    name,
    get available() {
      return available;
    },
    down(reason) {
      if (!available) return;
      since = Date.now();
      available = false;
      log.error('dependency unavailable', { dependency: name, reason });
    },
    up() {
      if (available) return;
      available = true;
      log.info('dependency available', { dependency: name, unavailableMs: Date.now() - since });
    },
  };
}
