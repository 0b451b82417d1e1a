import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import { AccessBuffer, type ChangeRecord } from './access-buffer.js';
import { AUDIT_EVENTS } from './access-event.js';
import type { AccessEventConnectionType, AccessLogFilterInput, AccessLogVerificationType } from './access-event.type.js';
import { exportEventsCsv, listEvents, type LogScope } from './access-log.query.js';
import { AuditUnavailableError, appendEvents, changeEvent, eventsForOperation, type Actor } from './access-log.writer.js';
import { verifyAccessLog, type VerificationReport } from './chain-verifier.js';
import { GroupAppender } from './group-appender.js';
import { verificationKeys } from './signing-key.js';

/** A request context as recordChange needs it: who acted, the operation name (on its access buffer) and the config. */
export type RequestActor = Actor & Pick<RequestContext, 'config' | 'access'>;

/** Who made a change outside a request (a worker, for its submitter or the system), and the operation it ran. */
export type ChangeActor = Actor & { operation: string };

/** Rows per append statement when one transaction records very many changes (a bulk link of a whole cohort). */
const ROWS_PER_APPEND = 5000;

/** Connections the verifier uses at once (one per core of the machines this runs on). */
export const VERIFY_CONNECTIONS = 2;

/** Largest access-log page. */
export const MAX_LOG_PAGE = 200;

/** Largest CSV export, in rows. */
export const MAX_LOG_EXPORT = 50_000;

/**
 * The access log as a service: writes each operation's events (before its response leaves), records
 * changes in the caller's transaction, answers IG officers' searches and exports, and verifies the chain.
 */
export class AuditService {
  private readonly appenders = new WeakMap<DataSource, GroupAppender>();

  /** A new request's access buffer: what the request notes there is what recordOperation writes. */
  newBuffer(): AccessBuffer {
    return new AccessBuffer();
  }

  /**
   * Writes what the operation noted in `ctx.access`, in one multi-row insert (shared with operations that
   * finish at the same moment: group commit). Throws when the write fails: the caller (the audit plugin)
   * must then send no personal data.
   */
  async recordOperation(ctx: RequestContext, operation: string): Promise<void> {
    if (ctx.access.isEmpty) return;
    let appender = this.appenders.get(ctx.ds);
    if (!appender) {
      appender = new GroupAppender(ctx.ds);
      this.appenders.set(ctx.ds, appender);
    }
    await appender.append(eventsForOperation(ctx, operation));
  }

  /**
   * Records a change to personal data, an agreement, a consent or a tier inside the transaction that
   * makes it (`em` from `ds.transaction`): both commit or neither does. `change.change` holds ids,
   * versions and non-personal values only.
   */
  async recordChange(ctx: RequestActor | ChangeActor, em: EntityManager, change: ChangeRecord): Promise<void> {
    await this.recordChanges(ctx, em, [change]);
  }

  /**
   * The one way changes reach the access log, for requests, the CSV loader and the workers alike: every
   * change of one transaction in one multi-row append inside it, so the changes and their rows commit
   * together or not at all. Throws AuditUnavailableError when the rows cannot be written; the caller's
   * transaction then rolls back and nothing has changed. Write it last in the transaction: the append
   * holds the chain-head lock until the commit.
   */
  async recordChanges(actor: RequestActor | ChangeActor, em: EntityManager, changes: readonly ChangeRecord[]): Promise<void> {
    const request = 'access' in actor;
    if (!em.queryRunner?.isTransactionActive) throw new Error('recordChange must run inside the transaction that makes the change');
    if (changes.length === 0) return;
    const operation = request ? (actor.access.operation ?? 'unknown') : actor.operation;
    const events = changes.map((c) => changeEvent(actor, operation, c));
    try {
      for (let i = 0; i < events.length; i += ROWS_PER_APPEND) await appendEvents(em, events.slice(i, i + ROWS_PER_APPEND));
    } catch (err) {
      throw new AuditUnavailableError(err);
    }
  }

  /** A page of the access log, newest first (IG officers: their organisation's scope; admins: all). */
  async list(
    ctx: RequestContext,
    filter: AccessLogFilterInput | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<AccessEventConnectionType> {
    const scope = this.scopeFor(ctx);
    if (!Number.isInteger(first) || first < 1 || first > MAX_LOG_PAGE) throw badInput('first', `must be between 1 and ${MAX_LOG_PAGE}`);
    checkRange(filter);
    const page = await listEvents(ctx.ds, filter, scope, first, after);
    ctx.access.noteActivity({
      personId: filter?.personId ?? null,
      event: AUDIT_EVENTS.accessLogRead,
      detail: { filter: describeFilter(filter), first, after: after ?? null, returned: page.edges.length },
    });
    return page;
  }

  /** The access log as CSV, newest first, at most `max` rows. */
  async exportCsv(ctx: RequestContext, filter: AccessLogFilterInput | null | undefined, max: number): Promise<string> {
    const scope = this.scopeFor(ctx);
    if (!Number.isInteger(max) || max < 1 || max > MAX_LOG_EXPORT) throw badInput('max', `must be between 1 and ${MAX_LOG_EXPORT}`);
    checkRange(filter);
    const { csv, rows } = await exportEventsCsv(ctx.ds, filter, scope, max);
    ctx.access.noteActivity({
      personId: filter?.personId ?? null,
      event: AUDIT_EVENTS.accessLogExported,
      detail: { filter: describeFilter(filter), max, returned: rows },
    });
    return csv;
  }

  /** Walks the whole chain and checks the signed checkpoints (in one consistent snapshot). */
  async verify(ctx: RequestContext): Promise<AccessLogVerificationType> {
    const report = await this.verifyChain(ctx);
    ctx.access.noteActivity({
      personId: null,
      event: AUDIT_EVENTS.accessLogVerified,
      detail: { ok: report.ok, rowsChecked: report.rowsChecked, firstBadSeq: report.firstBadRow?.seq ?? null },
    });
    return {
      ok: report.ok,
      rowsChecked: report.rowsChecked,
      headSeq: String(report.head.seq),
      headHash: report.head.hash,
      checkpointsVerified: report.checkpoints.verified,
      lastCheckpointSeq: report.checkpoints.lastVerifiedSeq == null ? null : String(report.checkpoints.lastVerifiedSeq),
      lastCheckpointSignedAt: report.checkpoints.lastSignedAt ? new Date(report.checkpoints.lastSignedAt) : null,
      badCheckpointSignatures: report.checkpoints.badSignatures.length + report.checkpoints.unknownKeys.reduce((n, u) => n + u.checkpoints, 0),
      firstBadRow: report.firstBadRow
        ? { seq: String(report.firstBadRow.seq), problem: report.firstBadRow.problem, detail: report.firstBadRow.detail }
        : null,
      durationMs: report.durationMs,
    };
  }

  /**
   * The verifier's full report, without permission checks (for the CLI and the service above). Runs on
   * `connections` connections that share one REPEATABLE READ snapshot, so appends made meanwhile are not
   * seen and the batches are checked in parallel.
   */
  async verifyChain(ctx: Pick<RequestContext, 'ds' | 'config'>, connections = VERIFY_CONNECTIONS): Promise<VerificationReport> {
    // The embedded database has one session: a second connection would wait for the first's transaction to end.
    if (ctx.config.embedded.database) connections = 1;
    const publicKeys = await verificationKeys(ctx.config);
    const runners = Array.from({ length: Math.max(1, connections) }, () => ctx.ds.createQueryRunner());
    try {
      for (const r of runners) await r.connect();
      const [lead, ...rest] = runners;
      await lead!.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const [{ snapshot }] = (await lead!.query('SELECT pg_export_snapshot() AS snapshot')) as [{ snapshot: string }];
      for (const r of rest) {
        await r.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        await r.query(`SET TRANSACTION SNAPSHOT '${snapshot.replace(/[^0-9A-F-]/gi, '')}'`);
      }
      return await verifyAccessLog(lead!, { publicKeys, checkpointDir: ctx.config.audit.checkpointDir, parallel: rest });
    } finally {
      for (const r of runners) {
        await r.query('ROLLBACK').catch(() => undefined);
        await r.release();
      }
    }
  }

  /** Whose events the caller sees (who may search or export at all is declared on the operations): all for administrators, else their organisation's. */
  scopeFor(ctx: RequestContext): LogScope {
    if (ctx.ability.can('manage', 'all')) return { kind: 'all' };
    return { kind: 'organisation', organisationId: ctx.principal.organisation.id };
  }
}

function checkRange(filter: AccessLogFilterInput | null | undefined): void {
  if (filter?.from && filter.to && filter.from >= filter.to) throw badInput('filter.to', 'must be after filter.from');
}

/** The filter as recorded in the log-read event: which filters were used, with ids (never names). */
function describeFilter(filter: AccessLogFilterInput | null | undefined): Record<string, unknown> {
  if (!filter) return {};
  return Object.fromEntries(
    Object.entries(filter)
      .filter(([, v]) => v != null)
      .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  );
}
