import cluster from 'node:cluster';
import { startApi } from './app.js';
import { bootInfrastructure } from './boot.js';
import { runPrimary, stopOnPrimaryRequest } from './cluster.js';
import { loadConfig } from './config/config.js';
import { createLogger } from './logger.js';
import { exitOnStopSignals, stopControl, type ShutdownPlan } from './shutdown.js';

/**
 * API process entry: boot, listen, and on SIGTERM or SIGINT stop cleanly within SHUTDOWN_TIMEOUT_MS.
 * With API_PROCESSES above 1 this process is the primary (src/cluster.ts): it forks that many API
 * processes, which run the same steps and take their stop from it.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.apiProcesses > 1 && cluster.isPrimary) {
    runPrimary({ processes: config.apiProcesses, log: createLogger('api-primary', config.logLevel), timeoutMs: config.shutdownTimeoutMs });
    return;
  }
  const infra = await bootInfrastructure(config, 'api');
  const api = await startApi(infra, config.port);
  infra.log.info('ready', { graphql: `http://localhost:${config.port}/graphql`, pid: process.pid });
  const plan: ShutdownPlan = {
    name: 'api',
    log: infra.log,
    timeoutMs: config.shutdownTimeoutMs,
    async stop() {
      const cut = await api.close(); // no new connections; requests in flight finish, with their access-log rows
      await infra.close(); // queues, Redis, then the pool
      return cut;
    },
  };
  if (cluster.isWorker) stopOnPrimaryRequest(stopControl(plan));
  else exitOnStopSignals(plan);
}

main().catch((err: unknown) => {
  process.stderr.write(`api failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
