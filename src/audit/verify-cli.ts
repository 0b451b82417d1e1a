import { bootInfrastructure } from '../boot.js';
import { loadConfig } from '../config/config.js';

/**
 * `npm run audit:verify`: walks the access log's hash chain and checks every signed checkpoint (from
 * the database and from AUDIT_CHECKPOINT_DIR); prints the JSON report, and its advice on stderr (a key it does
 * not hold, checkpoints of another database); exits 1 when the log is not intact or cannot be shown to be.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const infra = await bootInfrastructure(config, 'audit-verify');
  try {
    const report = await infra.services.audit.verifyChain(infra);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    // The same advice, as sentences, where a person reading the terminal sees it.
    for (const line of report.advice) process.stderr.write(`audit:verify: ${line}\n`);
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await infra.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`audit:verify failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
