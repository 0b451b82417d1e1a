// The production path for benchmarks: partners' rows go through the import service (validation, landing,
// queueing), and each import is matched by `MatchingService.processQueue`, exactly what the `matching.import`
// job runs on a worker (and what `npm run import` runs in-process when no worker listens). Nothing here
// decides a link: the people are read back from PostgreSQL.
import type { Infrastructure } from '../../src/boot.js';
import { contextForHandle } from '../../src/modules/imports/cli-context.js';
import type { PartnerRecordSubmission } from '../../src/modules/imports/record-validation.js';

/** A bench partner: an organisation with a partner-system principal of the same handle. */
export interface BenchPartner {
  code: string;
  /** Its records are a register (each person at most once). */
  register: boolean;
}

/** Creates the bench partners (organisation and principal each), idempotently. */
export async function createPartners(infra: Infrastructure, partners: readonly BenchPartner[]): Promise<void> {
  for (const p of partners) {
    await infra.ds.query(
      `INSERT INTO organisation (code, name, kind, unique_per_person) VALUES ($1, $1, 'VOLUNTARY', $2)
       ON CONFLICT (code) DO UPDATE SET unique_per_person = EXCLUDED.unique_per_person`,
      [p.code, p.register],
    );
    await infra.ds.query(
      `INSERT INTO principal (handle, display_name, kind, organisation_id, roles) SELECT $1, $1, 'SYSTEM', id, ARRAY['PARTNER_SYSTEM'] FROM organisation WHERE code = $1
       ON CONFLICT (handle) DO NOTHING`,
      [p.code],
    );
  }
}

/** What one partner's import did. */
export interface ImportFigures {
  rows: number;
  rejected: number;
  warned: number;
  importSeconds: number;
  matchSeconds: number;
}

/** Imports one partner's rows in parts of IMPORT_MAX_BATCH and matches the import as its worker job would. */
export async function importAndMatch(infra: Infrastructure, partner: string, rows: readonly PartnerRecordSubmission[]): Promise<ImportFigures> {
  const ctx = await contextForHandle(infra, partner, 'bench import');
  const t0 = performance.now();
  const importId = await infra.services.imports.open(ctx, 'CSV');
  const size = infra.services.matching.config.importMaxBatch;
  let rejected = 0;
  let warned = 0;
  for (let i = 0; i < rows.length; i += size) {
    const summary = await infra.services.imports.addRows(ctx, importId, rows.slice(i, i + size), i + 1);
    rejected += summary.rejected;
    warned += summary.results.filter((r) => r.outcome !== 'REJECTED' && r.warnings.length > 0).length;
  }
  await infra.services.imports.seal(ctx, importId);
  const t1 = performance.now();
  await infra.services.matching.processQueue(importId);
  const t2 = performance.now();
  return { rows: rows.length, rejected, warned, importSeconds: (t1 - t0) / 1000, matchSeconds: (t2 - t1) / 1000 };
}

/** The person of every record, keyed `partner|reference` (a rejected row has none). */
export async function peopleByReference(infra: Infrastructure): Promise<Map<string, string>> {
  const found = (await infra.ds.query(
    `SELECT o.code || '|' || sr.partner_reference AS k, sr.person_id FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id`,
  )) as Array<{ k: string; person_id: string | null }>;
  return new Map(found.filter((r) => r.person_id !== null).map((r) => [r.k, r.person_id!]));
}

/** Pairs waiting for review. */
export async function reviewPairs(infra: Infrastructure): Promise<number> {
  const [{ n }] = (await infra.ds.query(`SELECT count(*)::int AS n FROM match_candidate WHERE status = 'REVIEW'`)) as [{ n: number }];
  return n;
}
