import { startApi } from './app.js';
import { bootInfrastructure } from './boot.js';
import { loadConfig } from './config/config.js';

/** API process entry: boot, listen, shut down cleanly on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const infra = await bootInfrastructure(config, 'api');
  const api = await startApi(infra, config.port);
  infra.log.info('ready', { graphql: `http://localhost:${config.port}/graphql` });
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    infra.log.info('shutting down', { signal });
    await api.close();
    await infra.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`api failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
