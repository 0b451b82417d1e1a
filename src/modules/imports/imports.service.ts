import type { DataSource, EntityManager } from 'typeorm';
import type { ChangeRecord } from '../../audit/access-buffer.js';
import { AUDIT_EVENTS } from '../../audit/access-event.js';
import type { RequestContext } from '../../graphql/context.js';
import { badInput, forbidden, notFound } from '../../graphql/errors.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import type { JobRunsService } from '../../queue/job-runs.service.js';
import type { MatchingService } from '../matching/matching.service.js';
import { rows } from '../matching/match-store.js';
import { reviewQueueWarning } from '../matching/review-bound.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { ingestRows, type RowResult } from './ingest.js';
import type { ImportRowResultType, ImportType } from './import.type.js';
import type { PartnerRecordSubmission } from './record-validation.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Counts of one call that added rows to an import. */
export interface AddRowsSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  results: RowResult[];
}

interface ImportRow {
  id: string;
  provider_organisation_id: string;
  channel: string;
  status: string;
  sealed: boolean;
  total_rows: number;
  created_rows: number;
  updated_rows: number;
  unchanged_rows: number;
  rejected_rows: number;
  queued_for_matching: number;
  created_at: Date;
  finished_at: Date | null;
  failure_reason: string | null;
  review_own_held: number;
}

/** Partner submissions: tracked imports with per-row results, landing valid rows and queueing them for matching. */
export class ImportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly matching: MatchingService,
    private readonly jobRuns: JobRunsService,
  ) {}

  /**
   * One GraphQL batch: validated row by row, landed, queued for matching and the import closed, all in one
   * transaction with its access-log rows, so that if the log cannot be written nothing lands and the caller
   * gets AUDIT_UNAVAILABLE. The import is returned with its results.
   */
  async submit(ctx: RequestContext, records: readonly PartnerRecordSubmission[]): Promise<ImportType> {
    const max = this.matching.config.importMaxBatch;
    if (records.length === 0) throw badInput('records', 'must hold at least one record');
    if (records.length > max) throw badInput('records', `holds ${records.length} records; at most ${max} may be sent at once`);
    const { id, jobId } = await this.ds.transaction((em) => withIdempotency(ctx, em, async () => {
      const opened = await this.insertImport(em, ctx, 'GRAPHQL');
      const landed = await this.land(em, ctx, opened.id, ctx.principal.organisation.id, records, 1);
      const sealed = await this.sealImport(em, opened.id);
      await ctx.services.audit.recordChanges(ctx, em, [opened.change, ...landed.changes, ...sealed]);
      return { id: opened.id, jobId: landed.jobId };
    }));
    if (jobId) await this.jobRuns.pushById(jobId);
    return this.get(ctx, id);
  }

  /** Opens an import that rows are added to in parts (the CSV loader). */
  async open(ctx: RequestContext, channel: 'GRAPHQL' | 'CSV'): Promise<string> {
    this.assertMaySubmit(ctx);
    return this.ds.transaction(async (em) => {
      const { id, change } = await this.insertImport(em, ctx, channel);
      await ctx.services.audit.recordChanges(ctx, em, [change]);
      return id;
    });
  }

  /**
   * Adds rows to an open import in one transaction: valid rows land, invalid ones are recorded with their
   * reasons, changed records are queued for matching and the matching job is recorded with a deterministic
   * id (import and first row), the access-log rows are written, then the job is pushed once committed.
   */
  async addRows(ctx: RequestContext, importId: string, submissions: readonly PartnerRecordSubmission[], firstRowNumber: number): Promise<AddRowsSummary> {
    this.assertMaySubmit(ctx);
    const imp = await this.loadOwn(ctx, importId);
    if (imp.sealed) throw badInput('importId', 'this import is closed');
    const { results, jobId } = await this.ds.transaction(async (em) => {
      const landed = await this.land(em, ctx, importId, imp.provider_organisation_id, submissions, firstRowNumber);
      await ctx.services.audit.recordChanges(ctx, em, landed.changes);
      return landed;
    });
    if (jobId) await this.jobRuns.pushById(jobId);
    const count = (o: string): number => results.filter((r) => r.outcome === o).length;
    return { rows: results.length, created: count('CREATED'), updated: count('UPDATED'), unchanged: count('UNCHANGED'), rejected: count('REJECTED'), results };
  }

  /** Closes an import: no more rows; it is done once matching has caught up. */
  async seal(ctx: RequestContext, importId: string): Promise<void> {
    await this.loadOwn(ctx, importId);
    await this.ds.transaction(async (em) => {
      await ctx.services.audit.recordChanges(ctx, em, await this.sealImport(em, importId));
    });
  }

  /** An import of the caller's organisation (any import for administrators), with progress. */
  async get(ctx: RequestContext, id: string): Promise<ImportType> {
    if (!UUID.test(id)) throw badInput('id', 'must be a UUID');
    const imp = await this.loadOwn(ctx, id);
    const provider = await ctx.ds.getRepository(OrganisationEntity).findOneByOrFail({ id: imp.provider_organisation_id });
    const { remaining } = await this.matching.progress(id);
    return {
      id: imp.id,
      provider,
      channel: imp.channel,
      status: imp.status,
      totalRows: imp.total_rows,
      createdRows: imp.created_rows,
      updatedRows: imp.updated_rows,
      unchangedRows: imp.unchanged_rows,
      rejectedRows: imp.rejected_rows,
      queuedForMatching: imp.queued_for_matching,
      matchedRecords: Math.max(0, imp.queued_for_matching - remaining),
      createdAt: imp.created_at,
      finishedAt: imp.finished_at,
      failureReason: imp.failure_reason,
      // Only what the partner's own records did: how its records compare with other organisations' is not its to know.
      warnings: [reviewQueueWarning(imp.review_own_held, this.matching.reviewBound.maxPerImport)].filter((w) => w !== null),
    };
  }

  /** Row results of an import, in row order; `problemsOnly` keeps rejected rows and rows with warnings. */
  async rowResults(ctx: RequestContext, importId: string, problemsOnly: boolean, first: number, afterRow: number): Promise<ImportRowResultType[]> {
    await this.loadOwn(ctx, importId);
    if (!Number.isInteger(first) || first < 1 || first > 1000) throw badInput('first', 'must be between 1 and 1000');
    const found = await rows<{ row_number: number; outcome: string; source_record_id: string | null; errors: ImportRowResultType['errors']; warnings: ImportRowResultType['warnings'] }>(
      this.ds.manager,
      `SELECT row_number, outcome, source_record_id, errors, warnings FROM import_row
        WHERE import_id = $1 AND row_number > $2 AND (NOT $3 OR outcome = 'REJECTED' OR warnings <> '[]'::jsonb)
        ORDER BY row_number LIMIT $4`,
      [importId, afterRow, problemsOnly, first],
    );
    return found.map((r) => ({ rowNumber: r.row_number, outcome: r.outcome, sourceRecordId: r.source_record_id, errors: r.errors, warnings: r.warnings }));
  }

  private async insertImport(em: EntityManager, ctx: RequestContext, channel: 'GRAPHQL' | 'CSV'): Promise<{ id: string; change: ChangeRecord }> {
    const provider = ctx.principal.organisation.id;
    const [row] = await rows<{ id: string }>(
      em,
      `INSERT INTO import_batch (provider_organisation_id, submitted_by, channel) VALUES ($1, $2, $3) RETURNING id`,
      [provider, ctx.principal.id, channel],
    );
    return { id: row!.id, change: { personId: null, event: AUDIT_EVENTS.importOpened, change: { importId: row!.id, channel }, providerIds: [provider] } };
  }

  /**
   * Lands one part of an import (see addRows) and returns the access-log changes to write with it: one
   * `record.received` for the part (row counts, the ids of records created or changed that no person holds
   * yet) and one `record.updated` per person whose records changed. Ids and counts, never values.
   */
  private async land(
    em: EntityManager,
    ctx: RequestContext,
    importId: string,
    providerId: string,
    submissions: readonly PartnerRecordSubmission[],
    firstRowNumber: number,
  ): Promise<{ results: RowResult[]; jobId: string | null; changes: ChangeRecord[] }> {
    const results = await ingestRows(em, providerId, submissions, firstRowNumber);
    await em.query(
      `INSERT INTO import_row (import_id, row_number, outcome, source_record_id, errors, warnings)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::uuid[], $5::jsonb[], $6::jsonb[])
       ON CONFLICT (import_id, row_number) DO UPDATE SET outcome = EXCLUDED.outcome, source_record_id = EXCLUDED.source_record_id,
         errors = EXCLUDED.errors, warnings = EXCLUDED.warnings`,
      [
        importId,
        results.map((r) => r.rowNumber),
        results.map((r) => r.outcome),
        results.map((r) => r.sourceRecordId),
        results.map((r) => JSON.stringify(r.errors)),
        results.map((r) => JSON.stringify(r.warnings)),
      ],
    );
    const changed = results.filter((r) => r.outcome === 'CREATED' || r.outcome === 'UPDATED');
    await this.matching.queue(em, changed.map((r) => ({ id: r.sourceRecordId!, version: r.version! })), importId);
    const count = (o: string): number => results.filter((r) => r.outcome === o).length;
    await em.query(
      `UPDATE import_batch SET total_rows = total_rows + $2, created_rows = created_rows + $3, updated_rows = updated_rows + $4,
         unchanged_rows = unchanged_rows + $5, rejected_rows = rejected_rows + $6, queued_for_matching = queued_for_matching + $7,
         last_received_at = now()
       WHERE id = $1`,
      [importId, results.length, count('CREATED'), count('UPDATED'), count('UNCHANGED'), count('REJECTED'), changed.length],
    );
    const jobId = changed.length > 0 ? await this.matching.recordImportJob(em, importId, firstRowNumber, ctx.principal.id) : null;

    const providerIds = [providerId];
    const changes: ChangeRecord[] = [
      {
        personId: null,
        event: AUDIT_EVENTS.recordReceived,
        providerIds,
        change: {
          importId,
          firstRow: firstRowNumber,
          rows: results.length,
          created: count('CREATED'),
          updated: count('UPDATED'),
          unchanged: count('UNCHANGED'),
          rejected: count('REJECTED'),
          sourceRecordIds: changed.filter((r) => r.personId === null).map((r) => r.sourceRecordId!),
        },
      },
    ];
    const byPerson = new Map<string, RowResult[]>();
    for (const r of changed) if (r.personId !== null) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
    for (const [personId, updated] of byPerson) {
      changes.push({
        personId,
        event: AUDIT_EVENTS.recordUpdated,
        providerIds,
        change: { importId, sourceRecordIds: updated.map((r) => r.sourceRecordId!), versions: updated.map((r) => r.version!) },
      });
    }
    return { results, jobId, changes };
  }

  /** Closes an import (once) and marks it done if nothing waits for matching; returns its access-log change, if it was open. */
  private async sealImport(em: EntityManager, importId: string): Promise<ChangeRecord[]> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [[sealed]] = (await em.query(
      `UPDATE import_batch SET sealed = true, status = CASE WHEN status = 'RECEIVING' THEN 'MATCHING' ELSE status END
        WHERE id = $1 AND NOT sealed RETURNING provider_organisation_id, total_rows, queued_for_matching`,
      [importId],
    )) as [Array<{ provider_organisation_id: string; total_rows: number; queued_for_matching: number }>, number];
    await this.matching.finishImports(importId, em);
    if (!sealed) return [];
    return [
      {
        personId: null,
        event: AUDIT_EVENTS.importSealed,
        providerIds: [sealed.provider_organisation_id],
        change: { importId, rows: sealed.total_rows, queuedForMatching: sealed.queued_for_matching },
      },
    ];
  }

  private assertMaySubmit(ctx: RequestContext): void {
    if (ctx.ability.cannot('create', 'SourceRecord')) throw forbidden('Only partner systems may submit records');
  }

  private async loadOwn(ctx: RequestContext, id: string): Promise<ImportRow> {
    const [imp] = await rows<ImportRow>(this.ds.manager, 'SELECT * FROM import_batch WHERE id = $1', [id]);
    if (!imp || (imp.provider_organisation_id !== ctx.principal.organisation.id && ctx.ability.cannot('manage', 'all'))) {
      throw notFound('Import');
    }
    return imp;
  }
}
