import { loadConfig } from '../config/config.js';
import { createDataSource } from '../db/data-source.js';
import { PrincipalsService } from '../modules/principals/principals.service.js';
import { signToken } from './tokens.js';

/** `npm run token -- <handle> [--ttl 8h]`: prints a bearer token for a seeded principal. */
async function main(): Promise<void> {
  const config = loadConfig();
  const handle = process.argv[2];
  if (!handle || handle.startsWith('-')) throw new Error('usage: npm run token -- <handle> [--ttl 8h]');
  const ttlIndex = process.argv.indexOf('--ttl');
  const ttl = ttlIndex > 0 ? (process.argv[ttlIndex + 1] ?? config.tokenTtl) : config.tokenTtl;
  const ds = await createDataSource(config.databaseUrl, 1).initialize();
  try {
    const principal = await new PrincipalsService(ds).findByHandle(handle);
    if (!principal) throw new Error(`No principal with handle "${handle}" (has the demo been seeded?)`);
    if (!principal.active) throw new Error(`Principal "${handle}" is inactive`);
    process.stdout.write(`${await signToken(config.authSecret, { principalId: principal.id, handle }, ttl)}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`token: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
