// Synthetic Welsh cohort, end to end through PostgreSQL: the seed writes unlinked records (not timed),
// the matching service links them as a worker would (timed: records per second), the links are
// exported and scored against the cohort's ground truth (precision, recall, F1 over pairs), and
// blocking's pair completeness is measured per rule and for the union.
// Usage: npx tsx bench/matching-cohort.ts [--people 10000] [--seed bench-cohort]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { seedCohort } from '../src/modules/cohort/seed.service.js';
import { BLOCKING_RULES, candidatePairs, packPair, pairCompleteness } from '../src/modules/matching/engine/blocking.js';
import type { StandardRecord } from '../src/modules/matching/engine/standardise.js';
import { linksCsv } from '../src/modules/matching/links-export.js';
import { freshBenchInfrastructure, round } from './lib/bench-db.js';
import { scorePairs, truePairSet } from './lib/score.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '10000' }, seed: { type: 'string', default: 'bench-cohort' } } });
const PEOPLE = Number(values.people);
const SEED = values.seed ?? 'bench-cohort';

async function main(): Promise<void> {
  const infra = await freshBenchInfrastructure();
  try {
    const truthFile = `var/truth/bench-cohort-${SEED}-${PEOPLE}.csv`;
    const seeded = await seedCohort(infra.ds, { people: PEOPLE, seed: SEED, asOf: '2026-10-01' }, truthFile, 'none');
    await infra.ds.query('VACUUM ANALYZE');

    const started = performance.now();
    const stats = await infra.services.matching.processBacklog();
    const seconds = (performance.now() - started) / 1000;

    // Score the exported links against the truth, record by record (partner + reference).
    const parse = (csv: string): Map<string, string> =>
      new Map(csv.trim().split('\n').slice(1).map((line) => {
        const [partner, ref, person] = line.split(',');
        return [`${partner}|${ref}`, person ?? ''] as const;
      }));
    const truth = parse(await readFile(truthFile, 'utf8'));
    const links = parse(await linksCsv(infra.ds));
    const keys = [...truth.keys()];
    const metrics = scorePairs(keys.map((k) => truth.get(k)!), keys.map((k) => links.get(k) || `unlinked:${k}`));

    // Pair completeness of blocking, per rule and unioned, on the stored standardised records.
    const features = (await infra.ds.query(
      `SELECT o.code || '|' || sr.partner_reference AS k, mr.features FROM match_record mr
         JOIN source_record sr ON sr.id = mr.source_record_id JOIN organisation o ON o.id = sr.provider_organisation_id`,
    )) as Array<{ k: string; features: StandardRecord }>;
    const records = features.map((f) => f.features);
    const truthLabels = features.map((f) => truth.get(f.k)!);
    const truePairs = truePairSet(truthLabels, packPair);
    const perRule: Record<string, number> = {};
    for (const rule of BLOCKING_RULES) perRule[rule.name] = round(pairCompleteness(truePairs, candidatePairs(records, { rules: [rule] }).pairs).completeness, 4);
    const union = candidatePairs(records);
    const [{ review }] = (await infra.ds.query(`SELECT count(*)::int AS review FROM match_candidate WHERE status = 'REVIEW'`)) as [{ review: number }];

    process.stdout.write(
      `${JSON.stringify(
        {
          bench: 'matching-cohort',
          people: seeded.people,
          sourceRecords: seeded.sourceRecords,
          seed: SEED,
          ...metrics,
          peopleFound: new Set(links.values()).size,
          reviewPairs: review,
          batch: { seconds: round(seconds, 2), recordsPerSecond: Math.round(seeded.sourceRecords / seconds), stageMs: stats.ms, trained: stats.trained },
          blocking: {
            pairCompleteness: round(pairCompleteness(truePairs, union.pairs).completeness, 4),
            candidatePairs: union.pairs.size,
            skippedBlocks: union.skippedBlocks,
            perRule,
          },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await infra.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
