import type { Infrastructure } from '../boot.js';
import { failStaleImports } from '../modules/imports/import-failures.js';

/** What one reconciler pass did. */
export interface ReconcileReport {
  /** Imports closed as FAILED (STALE_RECEIVING) because they had received nothing for too long. */
  failedImports: string[];
  /** Unfinished job runs pushed to their queues again. */
  requeued: number;
}

/**
 * One pass of the reconciler (the worker runs it at boot and every minute): closes imports abandoned mid-file
 * (nothing received for `staleImportAfterMs`, default IMPORT_STALE_AFTER_MS) as FAILED, keeping the rows they
 * landed, then re-pushes every unfinished job run, so those rows are matched even if their push was lost.
 */
export async function reconcile(infra: Pick<Infrastructure, 'ds' | 'services' | 'config'>, staleImportAfterMs = infra.config.imports.staleAfterMs): Promise<ReconcileReport> {
  const failedImports = await failStaleImports(infra.ds, infra.services.audit, staleImportAfterMs);
  const requeued = await infra.services.jobRuns.reconcile();
  return { failedImports, requeued };
}
