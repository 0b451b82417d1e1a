import { startApi } from './app.js';
import { bootInfrastructure } from './boot.js';
import { loadConfig } from './config/config.js';
import { exitOnStopSignals } from './shutdown.js';

/** API process entry: boot, listen, and on SIGTERM or SIGINT stop cleanly within SHUTDOWN_TIMEOUT_MS. */
async function main(): Promise<void> {
  const config = loadConfig();
  const infra = await bootInfrastructure(config, 'api');
  const api = await startApi(infra, config.port);
  infra.log.info('ready', { graphql: `http://localhost:${config.port}/graphql` });
  exitOnStopSignals({
    name: 'api',
    log: infra.log,
    timeoutMs: config.shutdownTimeoutMs,
    async stop() {
      const cut = await api.close(); // no new connections; requests in flight finish, with their access-log rows
      await infra.close(); // queues, Redis, then the pool
      return cut;
    },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`api failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
