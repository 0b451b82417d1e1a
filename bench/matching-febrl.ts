// FEBRL 1–4 (../shared/linkage-data/febrl), with and without soc_sec_id. The matcher never sees rec_id:
// each row reaches it under an opaque reference, and rec_id is used only to score the result.
// Two modes per data set:
//   engine — the matching engine in memory on every row (dates kept as supplied, impossible ones too);
//   hub    — end to end through the hub: rows submitted through ingest (rows with an impossible date
//            of birth are rejected, as the hub rejects them, and their pairs count as misses), matched
//            by the matching service in PostgreSQL, people exported and scored.
// Usage: npx tsx bench/matching-febrl.ts [--mode both|engine|hub]
import { parseArgs } from 'node:util';
import { runPipeline } from '../src/modules/matching/engine/pipeline.js';
import { candidatePairs, packPair, pairCompleteness } from '../src/modules/matching/engine/blocking.js';
import { standardise } from '../src/modules/matching/engine/standardise.js';
import { contextForHandle } from '../src/modules/imports/cli-context.js';
import { loadMatchingConfig } from '../src/modules/matching/matching.config.js';
import { BENCH_DB, freshBenchInfrastructure, round } from './lib/bench-db.js';
import { FEBRL_TASKS, readFebrl, type FebrlRow } from './lib/febrl.js';
import { scorePairs, truePairSet } from './lib/score.js';

const { values } = parseArgs({ options: { mode: { type: 'string', default: 'both' } } });
const config = loadMatchingConfig();

interface TaskRows {
  name: string;
  rows: FebrlRow[];
  partnerOf: string[];
  /** Pairs counted: across the two files for FEBRL4 (a linkage task), all pairs otherwise. */
  keep: (a: number, b: number) => boolean;
}

function load(withIdentifier: boolean): TaskRows[] {
  return FEBRL_TASKS.map((task) => {
    const rows = task.files.flatMap(([file, tag]) => readFebrl(file, tag, withIdentifier));
    const partnerOf = rows.map((r) => (r.reference.startsWith('f4b') ? 'bench.febrl-b' : 'bench.febrl-a'));
    const keep = task.name === 'febrl4' ? (a: number, b: number) => partnerOf[a] !== partnerOf[b] : () => true;
    return { name: task.name, rows, partnerOf, keep };
  });
}

function engine(t: TaskRows): Record<string, unknown> {
  const started = performance.now();
  const records = t.rows.map((r) => standardise(r.identity));
  const result = runPipeline(records, { thresholds: { link: config.linkWeight, review: config.reviewWeight }, maxBlock: config.maxBlock, identifierFloor: config.identifierFloor });
  const seconds = (performance.now() - started) / 1000;
  const truth = t.rows.map((r) => r.truthEntity);
  const completeness = pairCompleteness(truePairSet(truth, packPair, t.keep), candidatePairs(records, { maxBlock: config.maxBlock }).pairs);
  return {
    ...scorePairs(truth, result.groups.map(String), t.keep),
    records: t.rows.length,
    recordsPerSecond: Math.round(t.rows.length / seconds),
    pairCompleteness: round(completeness.completeness, 4),
    candidatePairs: result.candidatePairs,
  };
}

async function hub(tasks: TaskRows[]): Promise<Record<string, Record<string, unknown>>> {
  const infra = await freshBenchInfrastructure(`${BENCH_DB}_febrl`);
  const out: Record<string, Record<string, unknown>> = {};
  try {
    for (const code of ['bench.febrl-a', 'bench.febrl-b']) {
      await infra.ds.query(`INSERT INTO organisation (code, name, kind) VALUES ($1, $1, 'VOLUNTARY')`, [code]);
      await infra.ds.query(
        `INSERT INTO principal (handle, display_name, kind, organisation_id, roles) SELECT $1, $1, 'SYSTEM', id, ARRAY['PARTNER_SYSTEM'] FROM organisation WHERE code = $1`,
        [code],
      );
    }
    for (const t of tasks) {
      await infra.ds.query('TRUNCATE source_record, young_person, import_batch, match_model, person_lineage CASCADE');
      const started = performance.now();
      let rejected = 0;
      for (const partner of ['bench.febrl-a', 'bench.febrl-b']) {
        const mine = t.rows.filter((_, i) => t.partnerOf[i] === partner);
        if (mine.length === 0) continue;
        const ctx = await contextForHandle(infra, partner);
        const importId = await infra.services.imports.open(ctx, 'CSV');
        for (let i = 0; i < mine.length; i += config.importMaxBatch) {
          const part = mine.slice(i, i + config.importMaxBatch).map((r) => ({ partnerReference: r.reference, ...r.identity }));
          rejected += (await infra.services.imports.addRows(ctx, importId, part, i + 1)).rejected;
        }
        await infra.services.imports.seal(ctx, importId);
      }
      await infra.services.matching.processBacklog();
      const seconds = (performance.now() - started) / 1000;
      const people = new Map(
        ((await infra.ds.query('SELECT partner_reference AS ref, person_id FROM source_record')) as Array<{ ref: string; person_id: string }>).map((r) => [r.ref, r.person_id]),
      );
      const predicted = t.rows.map((r) => people.get(r.reference) ?? `rejected:${r.reference}`);
      out[t.name] = {
        ...scorePairs(t.rows.map((r) => r.truthEntity), predicted, t.keep),
        records: t.rows.length,
        rejectedRows: rejected,
        recordsPerSecond: Math.round(t.rows.length / seconds),
      };
    }
  } finally {
    await infra.close();
  }
  return out;
}

async function main(): Promise<void> {
  const mode = values.mode ?? 'both';
  const report: Record<string, unknown> = {
    bench: 'matching-febrl',
    thresholds: { linkWeight: config.linkWeight, reviewWeight: config.reviewWeight },
    note: 'pairs over all records of each task; FEBRL4 counts A–B pairs only; without soc_sec_id is the headline',
  };
  for (const withIdentifier of [false, true]) {
    const tasks = load(withIdentifier);
    const label = withIdentifier ? 'withSocSecId' : 'withoutSocSecId';
    const section: Record<string, unknown> = {};
    if (mode === 'both' || mode === 'engine') section['engine'] = Object.fromEntries(tasks.map((t) => [t.name, engine(t)]));
    if (mode === 'both' || mode === 'hub') section['hub'] = await hub(tasks);
    report[label] = section;
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
