// FEBRL 1–4 (../shared/linkage-data/febrl), with and without soc_sec_id. The matcher never sees rec_id:
// each row reaches it under an opaque reference, and rec_id is used only to score the result.
// Two modes per data set:
//   hub    — the headline: the production pipeline end to end. Each file is one partner's import through the
//            import service (field-level validation: no row is lost for a bad field), matched as its worker job
//            would (`processQueue`: standardise, block, score, the one linking decision, clustering in
//            PostgreSQL); the people are read back and scored. FEBRL4's two files are registers (each holds each
//            person once), as such partners declare.
//   engine — a diagnostic: the same decision and clustering code in memory (engine/pipeline.ts), no database.
// Besides P/R/F1 every task reports the largest cluster (against the truth's) and, for FEBRL4, the pairs of
// records of one file put into one person.
// Usage: npx tsx bench/matching-febrl.ts [--mode hub|engine|both]
import { parseArgs } from 'node:util';
import { runPipeline } from '../src/modules/matching/engine/pipeline.js';
import { candidatePairs, packPair, pairCompleteness } from '../src/modules/matching/engine/blocking.js';
import { standardise } from '../src/modules/matching/engine/standardise.js';
import { loadMatchingConfig } from '../src/modules/matching/matching.config.js';
import { BENCH_DB, freshBenchInfrastructure, round } from './lib/bench-db.js';
import { jaroWinkler } from '../src/modules/matching/engine/similarity.js';
import { unpackPair } from '../src/modules/matching/engine/blocking.js';
import { FEBRL_TASKS, readFebrl, type FebrlRow } from './lib/febrl.js';
import { createPartners, importAndMatch, peopleByReference, reviewPairs } from './lib/hub.js';
import { clusterFigures, scorePairs, truePairSet } from './lib/score.js';

const { values } = parseArgs({ options: { mode: { type: 'string', default: 'hub' } } });
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

/** Cluster figures: the largest predicted and true clusters, and (FEBRL4) pairs of one file in one person. */
function shape(t: TaskRows, predicted: readonly string[]): Record<string, number> {
  const truth = t.rows.map((r) => r.truthEntity);
  const figures = clusterFigures(predicted, t.partnerOf, truth);
  const trueLargest = clusterFigures(truth, t.partnerOf, truth).largestCluster;
  return t.name === 'febrl4'
    ? { largestCluster: figures.largestCluster, trueLargestCluster: trueLargest, withinSourcePairs: figures.withinSourcePairs }
    : { largestCluster: figures.largestCluster, trueLargestCluster: trueLargest };
}

function engine(t: TaskRows): Record<string, unknown> {
  const started = performance.now();
  const records = t.rows.map((r) => standardise(r.identity));
  const register = t.name === 'febrl4';
  const result = runPipeline(records, {
    thresholds: { link: config.linkWeight, review: config.reviewWeight, conflict: config.conflictWeight },
    maxBlock: config.maxBlock,
    identifierFloor: config.identifierFloor,
    registerOf: register ? (i) => t.partnerOf[i]! : undefined,
  });
  const seconds = (performance.now() - started) / 1000;
  const truth = t.rows.map((r) => r.truthEntity);
  const completeness = pairCompleteness(truePairSet(truth, packPair, t.keep), candidatePairs(records, { maxBlock: config.maxBlock }).pairs);
  const predicted = result.groups.map(String);
  return {
    ...scorePairs(truth, predicted, t.keep),
    ...shape(t, predicted),
    records: t.rows.length,
    recordsPerSecond: Math.round(t.rows.length / seconds),
    pairCompleteness: round(completeness.completeness, 4),
    candidatePairs: result.candidatePairs,
  };
}

/**
 * The plain rule the issue measured (F1 0.990 on FEBRL4 without the identifier): a pair links when a majority of the
 * fields both records hold agree (names by Jaro–Winkler ≥ 0.85, the rest exactly), over the same candidate pairs the
 * matcher blocks on, clustered transitively. The baseline of the same run.
 */
function majorityRule(t: TaskRows): Record<string, unknown> {
  const records = t.rows.map((r) => standardise(r.identity));
  const { pairs } = candidatePairs(records, { maxBlock: config.maxBlock });
  const parent = t.rows.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (const packed of pairs) {
    const [a, b] = unpackPair(packed);
    if (!t.keep(a, b)) continue;
    let compared = 0;
    let agree = 0;
    for (const [name, x] of Object.entries(t.rows[a]!.fields)) {
      const y = t.rows[b]!.fields[name];
      if (x === null || y === null || y === undefined) continue;
      compared++;
      if (name === 'given_name' || name === 'surname' ? jaroWinkler(x, y) >= 0.85 : x === y) agree++;
    }
    if (compared > 0 && agree * 2 > compared) parent[find(a)] = find(b);
  }
  return scorePairs(t.rows.map((r) => r.truthEntity), t.rows.map((_, i) => String(find(i))), t.keep) as unknown as Record<string, unknown>;
}

async function hub(tasks: TaskRows[]): Promise<Record<string, Record<string, unknown>>> {
  const infra = await freshBenchInfrastructure(`${BENCH_DB}_febrl`);
  const out: Record<string, Record<string, unknown>> = {};
  try {
    for (const t of tasks) {
      await infra.ds.query('TRUNCATE source_record, young_person, import_batch, match_model, person_lineage CASCADE');
      // FEBRL4's files each hold each person once (registers); FEBRL1–3 are single files with duplicates.
      await createPartners(infra, ['bench.febrl-a', 'bench.febrl-b'].map((code) => ({ code, register: t.name === 'febrl4' })));
      const started = performance.now();
      let rejected = 0;
      let warned = 0;
      let importSeconds = 0;
      let matchSeconds = 0;
      for (const partner of ['bench.febrl-a', 'bench.febrl-b']) {
        const mine = t.rows.filter((_, i) => t.partnerOf[i] === partner);
        if (mine.length === 0) continue;
        const figures = await importAndMatch(infra, partner, mine.map((r) => ({ partnerReference: r.reference, ...r.identity })));
        rejected += figures.rejected;
        warned += figures.warned;
        importSeconds += figures.importSeconds;
        matchSeconds += figures.matchSeconds;
      }
      const seconds = (performance.now() - started) / 1000;
      const people = await peopleByReference(infra);
      const predicted = t.rows.map((r, i) => people.get(`${t.partnerOf[i]}|${r.reference}`) ?? `rejected:${r.reference}`);
      out[t.name] = {
        ...scorePairs(t.rows.map((r) => r.truthEntity), predicted, t.keep),
        ...shape(t, predicted),
        records: t.rows.length,
        rejectedRows: rejected,
        rowsWithWarnings: warned,
        reviewPairs: await reviewPairs(infra),
        recordsPerSecond: Math.round(t.rows.length / seconds),
        seconds: { import: round(importSeconds, 2), match: round(matchSeconds, 2) },
      };
    }
  } finally {
    await infra.close();
  }
  return out;
}

async function main(): Promise<void> {
  const mode = values.mode ?? 'hub';
  const report: Record<string, unknown> = {
    bench: 'matching-febrl',
    thresholds: { linkWeight: config.linkWeight, reviewWeight: config.reviewWeight, conflictWeight: config.conflictWeight },
    note: 'pairs over all records of each task; FEBRL4 counts A–B pairs only; without soc_sec_id, through the hub, is the headline',
  };
  for (const withIdentifier of [false, true]) {
    const tasks = load(withIdentifier);
    const label = withIdentifier ? 'withSocSecId' : 'withoutSocSecId';
    const section: Record<string, unknown> = {};
    if (mode === 'both' || mode === 'engine') section['engine'] = Object.fromEntries(tasks.map((t) => [t.name, engine(t)]));
    if (mode === 'both' || mode === 'hub') section['hub'] = await hub(tasks);
    section['majorityRuleBaseline'] = Object.fromEntries(tasks.map((t) => [t.name, majorityRule(t)]));
    report[label] = section;
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
