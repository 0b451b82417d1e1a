import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../logger.js';
import { exitOnStopSignals } from '../shutdown.js';
import { startEmbeddedPostgres } from './embedded-server.js';

/**
 * `tsx src/db/embedded-cli.ts [--ready-file path]`: the embedded PostgreSQL of `npm run demo` when no server
 * answers. Serves EMBEDDED_DATA_DIR on EMBEDDED_PORT (0: a free port) until SIGTERM or SIGINT; once it
 * listens, writes the owner's connection URL to the ready file (so the demo can hand it to the other
 * processes) and logs it.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'ready-file': { type: 'string' } } });
  const config = loadConfig();
  const log = createLogger('embedded-postgres', config.logLevel);
  const started = Date.now();
  const server = await startEmbeddedPostgres(config.embedded.dataDir, config.embedded.port);
  const url = server.url('postgres');
  if (values['ready-file']) await writeFile(values['ready-file'], `${url}\n`);
  log.info('embedded PostgreSQL ready', { url, dataDir: config.embedded.dataDir, ms: Date.now() - started });
  exitOnStopSignals({
    name: 'embedded PostgreSQL',
    log,
    timeoutMs: config.shutdownTimeoutMs,
    async stop() {
      await server.stop();
      return 0;
    },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`embedded PostgreSQL failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
