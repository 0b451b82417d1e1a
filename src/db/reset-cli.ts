import { rm } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { publicKeyFileOf } from '../audit/signing-key.js';
import { loadConfig } from '../config/config.js';
import { redactUrl } from '../config/redact-url.js';
import { ensureDatabase } from './ensure-database.js';

/**
 * `npm run demo -- --reset` (this runs before the migrations): drops and recreates the database DATABASE_URL
 * names, and removes what belonged to it outside it, so nothing stale outlives it: the signed checkpoints
 * (AUDIT_CHECKPOINT_DIR), the generated signing key and its public half, and the queue's keys in Redis
 * (QUEUE_PREFIX). An inline AUDIT_SIGNING_KEY is the operator's and is kept. Refused in production. The
 * embedded database cannot be dropped (PGlite holds one): the demo removes its files instead.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.isProduction) throw new Error('refused: a reset drops the database, and NODE_ENV is production');
  const say = (line: string): void => void process.stdout.write(`[reset] ${line}\n`);

  if (config.embedded.database) {
    say('embedded database: the demo removed its files before starting it'); // PGlite has one database, which cannot be dropped
  } else {
    await ensureDatabase(config.migrationDatabaseUrl, { recreate: true });
    say(`database dropped and created again: ${redactUrl(config.migrationDatabaseUrl)}`);
  }
  await rm(config.audit.checkpointDir, { recursive: true, force: true });
  say(`checkpoints removed: ${config.audit.checkpointDir}`);
  if (config.audit.signingKeyPem) {
    say('signing key kept: it is given inline (AUDIT_SIGNING_KEY)');
  } else {
    await rm(config.audit.signingKeyFile, { force: true });
    await rm(publicKeyFileOf(config.audit.signingKeyFile), { force: true });
    say(`signing key removed (a new one is made on first use): ${config.audit.signingKeyFile}`);
  }
  if (config.queueBackend === 'redis') say(await clearQueues(config.redisUrl, config.queuePrefix));
  else say('queues: BullMQ keeps them in the database, so they went with it');
}

/** Deletes the queue's keys (`<prefix>:*`) from Redis; says so, or why it could not. */
async function clearQueues(url: string, prefix: string): Promise<string> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 3_000, retryStrategy: () => null });
  redis.on('error', () => undefined); // reported below, once
  try {
    await redis.connect();
    let removed = 0;
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) removed += await redis.unlink(...keys);
    }
    return `queue keys removed from ${redactUrl(url)}: ${removed} under ${prefix}:`;
  } catch (err) {
    return `queue keys not removed: Redis at ${redactUrl(url)} did not answer (${(err as Error).message})`;
  } finally {
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`reset failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
