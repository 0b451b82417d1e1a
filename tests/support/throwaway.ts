import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where the throwaway servers' binaries are, found on this machine. */
export interface ServerBinaries {
  redisServer: string;
  /** The directory of initdb and postgres (the newest under /usr/lib/postgresql). */
  pgBin: string;
}

/** The binaries a fault test needs, or a sentence saying which are missing. */
export function findServerBinaries(): ServerBinaries | { missing: string } {
  const redisServer = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'].find((p) => existsSync(p));
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)).sort((a, b) => Number(b) - Number(a))
    : [];
  const missing = [!redisServer && 'redis-server', versions.length === 0 && 'initdb and postgres under /usr/lib/postgresql/*/bin'].filter(Boolean);
  if (missing.length > 0) return { missing: `not installed: ${missing.join(', ')}` };
  return { redisServer: redisServer!, pgBin: `/usr/lib/postgresql/${versions[0]}/bin` };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// A test process that dies (a timeout, a crash) must not leave its servers running: each running server
// registers a last-moment kill, removed when the test stops it.
const onExit = new Set<() => void>();
process.once('exit', () => {
  for (const kill of onExit) kill();
});

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

/** Resolves when `output()` contains `text`; rejects with the output after `timeoutMs` or when the process exits. */
function outputContains(child: ChildProcess, output: () => string, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (output().includes(text)) finish();
    };
    const fail = (why: string) => (): void => finish(new Error(`${why}:\n${output()}`));
    const onExit = fail('the server exited');
    const timer = setTimeout(fail(`the server did not say "${text}" within ${timeoutMs} ms`), timeoutMs);
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    };
    child.stdout?.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/** A Redis server of the test's own, on a free port, keeping nothing on disk. */
export class ThrowawayRedis {
  private child: ChildProcess | null = null;
  private out = '';

  private constructor(
    private readonly binary: string,
    readonly port: number,
  ) {}

  /** Starts one on a free port. */
  static async start(binary: string): Promise<ThrowawayRedis> {
    const redis = new ThrowawayRedis(binary, await freePort());
    await redis.start();
    return redis;
  }

  /** Its URL (database 0: the server is the test's alone). */
  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  /** Starts the server (again, after `kill`: empty, as a Redis that restarts without persistence). */
  async start(): Promise<void> {
    this.out = '';
    const child = spawn(this.binary, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (b: Buffer) => (this.out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (this.out += b.toString()));
    this.child = child;
    onExit.add(this.killNow);
    await outputContains(child, () => this.out, 'Ready to accept connections', 15_000);
  }

  /** Kills the server outright (SIGKILL), as a crash would. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    await exited(this.child);
    onExit.delete(this.killNow);
    this.child = null;
  }

  private readonly killNow = (): void => {
    this.child?.kill('SIGKILL');
  };
}

/** A PostgreSQL cluster of the test's own (initdb in a temporary directory, a free port, trust authentication). */
export class ThrowawayPostgres {
  private child: ChildProcess | null = null;
  private out = '';

  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  /** Creates the cluster and starts it. As root, the server runs as the `postgres` user (it refuses to run as root). */
  static async create(pgBin: string): Promise<ThrowawayPostgres> {
    const dir = await mkdtemp(join(tmpdir(), 'cyswllt-faults-pg-'));
    if (process.getuid?.() === 0) {
      const ids = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
      await chown(dir, ids('-u'), ids('-g'));
    }
    const pgServer = new ThrowawayPostgres(pgBin, dir, await freePort());
    const init = spawnSync(...pgServer.command('initdb', ['-D', pgServer.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']), { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
    await pgServer.start();
    return pgServer;
  }

  /** The connection URL of its `postgres` database. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private command(name: string, args: string[]): [string, string[]] {
    const binary = join(this.bin, name);
    return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  }

  /** Starts the server and resolves once it accepts connections. */
  async start(): Promise<void> {
    this.out = '';
    // Durability is not the point of a throwaway cluster: fsync off keeps start-up and migrations quick.
    const args = ['-D', this.dataDir, '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1',
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    const child = spawn(...this.command('postgres', args), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (b: Buffer) => (this.out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (this.out += b.toString()));
    this.child = child;
    onExit.add(this.stopNow);
    const until = Date.now() + 30_000;
    for (;;) {
      const client = new pg.Client({ connectionString: this.url });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (err) {
        await client.end().catch(() => undefined);
        if (child.exitCode !== null || Date.now() > until) throw new Error(`postgres did not start (${(err as Error).message}):\n${this.out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** Stops the server with a fast shutdown (SIGINT to the postmaster): open sessions are terminated (57P01). */
  async stop(): Promise<void> {
    if (!this.child) return;
    // Signalled directly (not through runuser, which need not pass signals on); its pid is in postmaster.pid.
    const pid = Number((await readFile(join(this.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGINT');
    await exited(this.child);
    onExit.delete(this.stopNow);
    this.child = null;
  }

  private readonly stopNow = (): void => {
    try {
      process.kill(Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGQUIT');
    } catch {
      // already gone
    }
  };

  /** Stops the server if it runs and deletes the cluster. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
