import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService, type ChangeActor } from '../../audit/audit.service.js';
import type { Logger } from '../../logger.js';
import type { JobRunsService } from '../../queue/job-runs.service.js';
import { bulkLink } from './bulk-linker.js';
import { linkChunk, type LinkStats } from './linker.js';
import type { MatchingConfig } from './matching.config.js';
import { lockMatching, rows, standardiseRecords } from './match-store.js';
import { modelInForce, populationSize, shouldTrain, trainAndActivate, type ModelInForce } from './model-store.js';
import { personChanges } from './person-changes.js';
import { NO_BOUND, type ReviewBoundConfig } from './review-bound.js';
import { uuidFromName } from './uuid.js';

/** Progress of the matching work of one import, or of everything queued. */
export interface MatchingProgress {
  /** Records still waiting to be matched. */
  remaining: number;
}

/** Runs the matching pipeline for queued records: standardise → (train) → link and cluster, chunk by chunk. */
export class MatchingService {
  constructor(
    private readonly ds: DataSource,
    private readonly jobRuns: JobRunsService,
    readonly config: MatchingConfig,
    /** How many review pairs one import may add (src/config, REVIEW_QUEUE_MAX_PER_IMPORT). */
    readonly reviewBound: ReviewBoundConfig = NO_BOUND,
    private readonly audit: AuditService = new AuditService(),
  ) {}

  /**
   * Who the access log names for a matching run: the principal that submitted the import (the work is done
   * on its behalf), or the system for a backlog run that no one in particular asked for. The request id is
   * the job run's id, so log rows and `job_run` join; work run in-process without a job gets a fresh one.
   */
  async runActor(importId: string | null, runId?: string): Promise<ChangeActor> {
    const requestId = runId ?? randomUUID();
    const operation = importId ? 'job matching.import' : 'job matching.backlog';
    const [submitter] = importId
      ? await rows<{ id: string; roles: string[]; organisation_id: string }>(
          this.ds.manager,
          'SELECT p.id, p.roles, p.organisation_id FROM import_batch ib JOIN principal p ON p.id = ib.submitted_by WHERE ib.id = $1',
          [importId],
        )
      : [];
    const principal = submitter ? { id: submitter.id, roles: submitter.roles, organisation: { id: submitter.organisation_id } } : null;
    return { requestId, principal, purpose: null, operation };
  }

  /** Queues records (at their versions) for matching inside the caller's transaction. */
  async queue(em: EntityManager, records: ReadonlyArray<{ id: string; version: number }>, importId: string | null): Promise<void> {
    if (records.length === 0) return;
    await em.query(
      `INSERT INTO match_queue (source_record_id, version, import_id) SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[])
       ON CONFLICT (source_record_id) DO UPDATE SET version = EXCLUDED.version, import_id = EXCLUDED.import_id, queued_at = now()`,
      [records.map((r) => r.id), records.map((r) => r.version), records.map(() => importId)],
    );
  }

  /**
   * Records the job that will match an import's queued records, inside the caller's transaction. The job id
   * is derived from the import and its part number, so retrying the same submission never queues twice.
   * Returns the id to push once the transaction has committed.
   */
  async recordImportJob(em: EntityManager, importId: string, part: number, requestedBy: string | null): Promise<string> {
    const id = uuidFromName(`matching.import:${importId}:${part}`);
    await this.jobRuns.record(em, id, 'matching', 'matching.import', requestedBy, importId);
    return id;
  }

  /** Enqueues a backlog run (every record never matched), unless one is already waiting or running. */
  async enqueueBacklog(requestedBy: string | null): Promise<string> {
    const [open] = await rows<{ id: string }>(
      this.ds.manager,
      `SELECT id FROM job_run WHERE name = 'matching.backlog' AND status IN ('QUEUED','RUNNING') ORDER BY created_at LIMIT 1`,
    );
    if (open) {
      await this.jobRuns.pushById(open.id);
      return open.id;
    }
    return (await this.jobRuns.enqueue('matching', 'matching.backlog', requestedBy)).id;
  }

  /** Enqueues re-estimation of the model. */
  async enqueueTraining(requestedBy: string | null): Promise<string> {
    return (await this.jobRuns.enqueue('matching', 'matching.train', requestedBy)).id;
  }

  /** How much of an import's (or, with null, all) queued matching work is left. */
  async progress(importId: string | null): Promise<MatchingProgress> {
    const [r] = await rows<{ remaining: number }>(
      this.ds.manager,
      'SELECT count(*)::int AS remaining FROM match_queue WHERE ($1::uuid IS NULL OR import_id = $1)',
      [importId],
    );
    return { remaining: r!.remaining };
  }

  /** Records still waiting for matching, per import, for several imports in one query (imports with none are absent). */
  async remainingByImport(importIds: readonly string[]): Promise<Map<string, number>> {
    if (importIds.length === 0) return new Map();
    const found = await rows<{ import_id: string; remaining: number }>(
      this.ds.manager,
      'SELECT import_id, count(*)::int AS remaining FROM match_queue WHERE import_id = ANY($1::uuid[]) GROUP BY import_id',
      [[...importIds]],
    );
    return new Map(found.map((r) => [r.import_id, r.remaining]));
  }

  /** Queues every record never matched at its current version (records seeded or loaded outside an import). */
  async queueBacklog(): Promise<number> {
    const [row] = await rows<{ n: number }>(
      this.ds.manager,
      `WITH queued AS (
         INSERT INTO match_queue (source_record_id, version)
         SELECT sr.id, sr.version FROM source_record sr LEFT JOIN match_record mr ON mr.source_record_id = sr.id
          WHERE mr.source_record_id IS NULL OR mr.version <> sr.version
         ON CONFLICT (source_record_id) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM queued`,
    );
    return row!.n;
  }

  /**
   * Matches everything queued for one import (or, with null, everything queued). Idempotent: safe to run again
   * after a crash. Each transaction that links records writes their access-log rows (one per person touched) in
   * one append at its end; if that fails it rolls back and AuditUnavailableError is thrown (retry later).
   */
  async processQueue(
    importId: string | null,
    log?: Logger,
    signal?: AbortSignal,
    runId?: string,
  ): Promise<LinkStats & { trained: boolean; ms: Record<string, number> }> {
    const actor = await this.runActor(importId, runId);
    const context = importId ? { importId } : {};
    const total: LinkStats & { trained: boolean; ms: Record<string, number> } = {
      records: 0, candidatePairs: 0, linked: 0, review: 0, reviewHeld: 0, peopleCreated: 0, peopleMerged: 0, trained: false, ms: {},
    };
    const [{ queued }] = await rows<{ queued: number }>(
      this.ds.manager,
      'SELECT count(*)::int AS queued FROM match_queue WHERE ($1::uuid IS NULL OR import_id = $1)',
      [importId],
    ).then((r) => r as [{ queued: number }]);
    // Linking in bulk reads the whole population once; chunk by chunk costs a few milliseconds per record.
    // Bulk pays off for a batch of at least a fiftieth of the population.
    const population = queued >= this.config.bulkThreshold ? await populationSize(this.ds) : 0;
    if (queued >= this.config.bulkThreshold && queued * 50 >= population) {
      // A large batch: one pass in memory, written in bulk (one transaction, so a crash redoes it whole).
      signal?.throwIfAborted();
      const bulk = await this.ds.transaction(async (em) => {
        await lockMatching(em);
        const { people, reviewChanges, ...stats } = await bulkLink(em, importId, this.config, this.reviewBound);
        const started = performance.now();
        await this.audit.recordChanges(actor, em, [...personChanges(people, context), ...reviewChanges]);
        stats.ms['access log'] = Math.round(performance.now() - started);
        return stats;
      });
      // Fresh statistics after a bulk load that changed the tables' size markedly, so the planner keeps using the
      // indexes for one-record matching (a batch of a few per cent of the population leaves them true enough).
      if (queued * 10 >= population) await this.ds.query('ANALYZE source_record, match_record, match_candidate, young_person');
      log?.info('matching batch linked in bulk', { ...bulk });
      await this.finishImports(importId);
      return bulk;
    }
    let lap = performance.now();
    const timed = (stage: string): void => {
      const now = performance.now();
      total.ms[stage] = Math.round(now - lap);
      lap = now;
    };
    // 1. Standardise every queued record first, so that training and blocking see the whole population.
    for (let guard = 0; guard < 100_000; guard++) {
      const ids = (
        await rows<{ id: string }>(
          this.ds.manager,
          `SELECT q.source_record_id AS id FROM match_queue q LEFT JOIN match_record mr ON mr.source_record_id = q.source_record_id
            WHERE ($1::uuid IS NULL OR q.import_id = $1) AND (mr.source_record_id IS NULL OR mr.version <> q.version)
            LIMIT 5000`,
          [importId],
        )
      ).map((r) => r.id);
      if (ids.length === 0) break;
      signal?.throwIfAborted();
      await this.ds.transaction((em) => standardiseRecords(em, ids));
    }
    timed('standardise');
    // 2. Estimate the model when there is none yet or the population has outgrown it.
    let model = await modelInForce(this.ds);
    if ((await this.populationOutgrows(model, queued)) && shouldTrain(await populationSize(this.ds), model, this.config)) {
      const trained = await trainAndActivate(this.ds, this.config);
      log?.info('matching model trained', { modelId: trained.id, records: trained.model.training.records, pairs: trained.model.training.pairs });
      model = await modelInForce(this.ds);
      total.trained = true;
    }
    timed('train');
    // 3. Link chunk by chunk, each in its own transaction under the matching lock.
    for (let guard = 0; guard < 100_000; guard++) {
      const ids = (
        await rows<{ id: string }>(
          this.ds.manager,
          `SELECT q.source_record_id AS id FROM match_queue q JOIN source_record sr ON sr.id = q.source_record_id
             JOIN organisation o ON o.id = sr.provider_organisation_id
            WHERE ($1::uuid IS NULL OR q.import_id = $1)
            ORDER BY q.queued_at, o.code, sr.partner_reference LIMIT $2`, // ties in a stable order, run after run
          [importId, this.config.chunkSize],
        )
      ).map((r) => r.id);
      if (ids.length === 0) break;
      signal?.throwIfAborted();
      const stats = await this.ds.transaction(async (em) => {
        await lockMatching(em);
        const { people, reviewChanges, ...stats } = await linkChunk(em, ids, model, this.config, this.reviewBound);
        await this.audit.recordChanges(actor, em, [...personChanges(people, context), ...reviewChanges]);
        return stats;
      });
      for (const k of ['records', 'candidatePairs', 'linked', 'review', 'reviewHeld', 'peopleCreated', 'peopleMerged'] as const) total[k] += stats[k];
      log?.debug('matching chunk linked', { ...stats });
    }
    timed('link');
    await this.finishImports(importId);
    return total;
  }

  /** Queues the backlog and matches everything queued (the access log names the system as the actor). */
  async processBacklog(log?: Logger, signal?: AbortSignal, runId?: string): Promise<LinkStats & { trained: boolean; ms: Record<string, number>; queued: number }> {
    const queued = await this.queueBacklog();
    return { ...(await this.processQueue(null, log, signal, runId)), queued };
  }

  /** Re-estimates the model on the whole standardised population. */
  async train(log?: Logger): Promise<string> {
    const { id, model } = await trainAndActivate(this.ds, this.config);
    log?.info('matching model trained', { modelId: id, records: model.training.records, pairs: model.training.pairs });
    return id;
  }

  private populationCheckedAt = 0;

  /**
   * Whether to count the population before this run: always for a batch, otherwise at most once a minute,
   * so matching one record does not pay for a count over every record.
   */
  private async populationOutgrows(model: ModelInForce, queued: number): Promise<boolean> {
    if (model.id !== null && queued < 100 && Date.now() - this.populationCheckedAt < 60_000) return false;
    this.populationCheckedAt = Date.now();
    return true;
  }

  /** Marks an unfinished import FAILED (its matching job failed for good); its records stay queued for a later run. */
  async failImport(importId: string): Promise<void> {
    await this.ds.query(
      `UPDATE import_batch SET status = 'FAILED', finished_at = now() WHERE id = $1 AND status IN ('RECEIVING','MATCHING')`,
      [importId],
    );
  }

  /** Marks sealed imports done once none of their records wait for matching (in the caller's transaction, if given). */
  async finishImports(importId: string | null, em: EntityManager = this.ds.manager): Promise<void> {
    await em.query(
      `UPDATE import_batch ib SET status = 'DONE', finished_at = now()
        WHERE ($1::uuid IS NULL OR ib.id = $1) AND ib.sealed AND ib.status IN ('RECEIVING','MATCHING')
          AND NOT EXISTS (SELECT 1 FROM match_queue q WHERE q.import_id = ib.id)`,
      [importId],
    );
  }
}
