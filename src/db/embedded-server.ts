import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * How many client connections the embedded server accepts at once: every process of the demo (the API's and
 * the worker's pools, BullMQ's queues and workers on PostgreSQL, the command-line tools) connects to it.
 */
const MAX_CONNECTIONS = 200;

/** A running embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served over the wire protocol. */
export interface EmbeddedPostgres {
  port: number;
  /** A connection URL for `user` (any user name is accepted; every connection is the one superuser session). */
  url(user: string): string;
  /** Stops accepting, closes every connection and closes the database cleanly (its files are then consistent). */
  stop(): Promise<void>;
}

/**
 * Opens (or creates: initdb takes a few seconds) the PGlite database in `dataDir` and serves it on
 * 127.0.0.1:`port` (0: any free port) with pglite-socket, so `pg`, TypeORM and the migrations work unchanged.
 * PGlite is one session: pglite-socket queues every connection's messages through it and keeps a
 * transaction's statements together, so transactions do not interleave, but they also never run side by
 * side, and a session setting made by one connection is seen by all. A second server on the same directory
 * is refused (two writers would corrupt it).
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedPostgres> {
  await mkdir(dirname(dataDir), { recursive: true });
  const lock = join(dirname(dataDir), 'server.pid');
  await takeLock(lock, dataDir);
  let db: PGlite | null = null;
  try {
    db = await PGlite.create({ dataDir });
    // BullMQ's PostgreSQL backend names its schema in a connection start-up option, which one shared session
    // cannot honour per connection: both schemas are on the session's path (the hub's tables first), and on
    // the database's, for the next start.
    await db.exec(`ALTER DATABASE postgres SET search_path TO public, bullmq; SET search_path TO public, bullmq`);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: MAX_CONNECTIONS });
    await server.start();
    const bound = Number(server.getServerConn().split(':').pop());
    const opened = db;
    return {
      port: bound,
      url: (user) => `postgres://${encodeURIComponent(user)}@127.0.0.1:${bound}/postgres`,
      async stop() {
        await server.stop();
        await opened.close();
        await rm(lock, { force: true });
      },
    };
  } catch (err) {
    await db?.close().catch(() => undefined);
    await rm(lock, { force: true });
    throw err;
  }
}

/** Claims the data directory for this process, or says which live process holds it. */
async function takeLock(lock: string, dataDir: string): Promise<void> {
  const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
  if (holder > 0 && holder !== process.pid && isAlive(holder)) {
    throw new Error(`the embedded database in ${dataDir} is in use by process ${holder}; stop it first (or use another EMBEDDED_DATA_DIR)`);
  }
  await writeFile(lock, `${process.pid}\n`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
