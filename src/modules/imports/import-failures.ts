// Imports that stop before their last row: closed as FAILED with a reason code and their access-log row, in one
// transaction. The rows they landed stay (already queued, they are matched); running the same file again opens
// a new import in which those rows come out UNCHANGED, so a re-run finishes the work without doing it twice.
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { ChangeRecord } from '../../audit/access-buffer.js';
import { AUDIT_EVENTS } from '../../audit/access-event.js';
import type { AuditService, ChangeActor } from '../../audit/audit.service.js';
import type { RequestContext } from '../../graphql/context.js';

/** Why an import was closed as FAILED: a code, never a value from the file. */
export type ImportFailureReason =
  /** Nothing received for IMPORT_STALE_AFTER_MS (the loader was killed or lost its connection). */
  | 'STALE_RECEIVING'
  /** The loader was stopped by a signal (Ctrl-C, SIGTERM) between two parts. */
  | 'INTERRUPTED'
  /** The file stopped being valid CSV part-way through. */
  | 'CSV_INVALID';

interface Failed {
  id: string;
  provider_organisation_id: string;
  total_rows: number;
  queued_for_matching: number;
}

/** Closes one open import of the caller's organisation as FAILED; returns false if it was not open any more. */
export async function failImport(ctx: RequestContext, importId: string, reason: ImportFailureReason): Promise<boolean> {
  const failed = await ctx.ds.transaction(async (em) => {
    const found = await closeAsFailed(em, reason, 'id = $2 AND provider_organisation_id = $3', [importId, ctx.principal.organisation.id]);
    await ctx.services.audit.recordChanges(ctx, em, found.map((f) => failureChange(f, reason)));
    return found;
  });
  return failed.length > 0;
}

/**
 * The reconciler's rule for abandoned imports: every import still receiving rows that has received nothing for
 * `staleAfterMs` is closed as FAILED (STALE_RECEIVING), with one `import.failed` row each naming the system as
 * the actor. Returns the ids of the imports it closed.
 */
export async function failStaleImports(ds: DataSource, audit: AuditService, staleAfterMs: number): Promise<string[]> {
  const actor: ChangeActor = { requestId: randomUUID(), principal: null, purpose: null, operation: 'job reconcile' };
  const failed = await ds.transaction(async (em) => {
    const found = await closeAsFailed(em, 'STALE_RECEIVING', `last_received_at < now() - make_interval(secs => $2::double precision / 1000)`, [staleAfterMs]);
    await audit.recordChanges(actor, em, found.map((f) => failureChange(f, 'STALE_RECEIVING')));
    return found;
  });
  return failed.map((f) => f.id);
}

/** Marks matching open imports FAILED and closed to more rows (an import is sealed once, by this or by seal). */
async function closeAsFailed(em: EntityManager, reason: ImportFailureReason, where: string, params: unknown[]): Promise<Failed[]> {
  // TypeORM answers an UPDATE … RETURNING with [rows, affected].
  const [found] = (await em.query(
    `UPDATE import_batch SET status = 'FAILED', sealed = true, failure_reason = $1, finished_at = now()
      WHERE status = 'RECEIVING' AND NOT sealed AND ${where}
      RETURNING id, provider_organisation_id, total_rows, queued_for_matching`,
    [reason, ...params],
  )) as [Failed[], number];
  return found;
}

function failureChange(f: Failed, reason: ImportFailureReason): ChangeRecord {
  return {
    personId: null,
    event: AUDIT_EVENTS.importFailed,
    providerIds: [f.provider_organisation_id],
    change: { importId: f.id, reason, rows: f.total_rows, queuedForMatching: f.queued_for_matching },
  };
}
