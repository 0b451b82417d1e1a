// Synthetic Welsh cohort, end to end through PostgreSQL: the seed writes unlinked records (not timed),
// the matching service links them as a worker would (timed: records per second, peak RSS), the links are
// exported and scored against the cohort's ground truth (precision, recall, F1 over pairs; the largest
// cluster; pairs of one register put into one person; twins merged), and blocking's pair completeness is
// measured per rule and for the union. Then, with `--import-rows N`, the import path: a CSV of N rows (half
// new copies of known people, half new people) loaded into that population with the real `npm run import`
// (CSV → validated → landed → matched), timed end to end against the batch figure of the same run.
// Usage: npx tsx bench/matching-cohort.ts [--people 10000] [--seed bench-cohort] [--import-rows 10000]
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCohort } from '../src/modules/cohort/generate-cohort.js';
import { REGISTER_KINDS } from '../src/modules/organisations/organisation-kind.js';
import { seedCohort } from '../src/modules/cohort/seed.service.js';
import { BLOCKING_RULES, candidatePairs, packPair, pairCompleteness } from '../src/modules/matching/engine/blocking.js';
import type { StandardRecord } from '../src/modules/matching/engine/standardise.js';
import { linksCsv } from '../src/modules/matching/links-export.js';
import { BENCH_DB, BENCH_REDIS, freshBenchInfrastructure, round } from './lib/bench-db.js';
import { clusterFigures, scorePairs, truePairSet } from './lib/score.js';

const { values } = parseArgs({
  options: { people: { type: 'string', default: '10000' }, seed: { type: 'string', default: 'bench-cohort' }, 'import-rows': { type: 'string', default: '0' } },
});
const PEOPLE = Number(values.people);
const SEED = values.seed ?? 'bench-cohort';
const IMPORT_ROWS = Number(values['import-rows']);

/** Twin pairs of the cohort (by truth id): consecutive people sharing family name, date of birth and postcode. */
function twinPairs(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let previous: { truthId: string; familyName: string; dateOfBirth: string; postcode: string } | null = null;
  for (const { person } of generateCohort({ people: PEOPLE, seed: SEED, asOf: '2026-10-01' })) {
    if (previous && previous.familyName === person.familyName && previous.dateOfBirth === person.dateOfBirth && previous.postcode === person.postcode) {
      out.push([previous.truthId, person.truthId]);
    }
    previous = person;
  }
  return out;
}

const CSV_HEADER = 'Ref,Forename,Middle,Surname,DOB,Sex,Address,Town,Postcode,UPN,ULN,Email,Phone';
const CSV_MAPPING = {
  partnerReference: 'Ref', givenName: 'Forename', middleNames: 'Middle', familyName: 'Surname', dateOfBirth: { columns: 'DOB', format: 'YYYY-MM-DD' },
  sex: 'Sex', addressLine: 'Address', locality: 'Town', postcode: 'Postcode', upn: 'UPN', uln: 'ULN', email: 'Email', phone: 'Phone',
};
const field = (v: string | null): string => (v === null ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Loads `rows` rows with the real CSV loader into the population just matched; seconds end to end and peak RSS. */
async function importPath(rows: number): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'cyswllt-bench-cohort-'));
  try {
    // Half: another partner's copy of people already known (a record of theirs, under a new reference); half: new people.
    const lines = [CSV_HEADER];
    let n = 0;
    const take = (seed: string, count: number, step: number): void => {
      let i = 0;
      for (const p of generateCohort({ people: PEOPLE, seed, asOf: '2026-10-01' })) {
        if (i++ % step !== 0 || !p.records[0]) continue;
        const r = p.records[0];
        lines.push([`IMP-${++n}`, r.givenName, r.middleNames, r.familyName, r.dateOfBirth, r.sex, r.addressLine, r.locality, r.postcode, r.upn, r.uln, r.email, r.phone].map(field).join(','));
        if (--count === 0) return;
      }
    };
    take(SEED, Math.floor(rows / 2), Math.max(1, Math.floor(PEOPLE / rows)));
    take(`${SEED}-new-people`, rows - Math.floor(rows / 2), 1);
    const file = join(dir, 'import.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    await writeFile(join(dir, 'map.json'), JSON.stringify(CSV_MAPPING));
    const started = performance.now();
    const run = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(
        '/usr/bin/time',
        ['-v', process.execPath, '--import', 'tsx', 'src/modules/imports/import-cli.ts', '--partner', 'voluntary.cardiff', '--file', file, '--map', join(dir, 'map.json'), '--max-rejected', String(rows)],
        { env: { ...process.env, DATABASE_URL: `${BENCH_DB}`, REDIS_URL: BENCH_REDIS, QUEUE_PREFIX: 'cyswllt-bench-matching', LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
    const seconds = (performance.now() - started) / 1000;
    if (run.code !== 0) throw new Error(`the loader failed (${run.code}): ${run.stdout.slice(-1000)} ${run.stderr.split('\tCommand being timed')[0]!.slice(-1500)}`);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1];
    return {
      rows: n,
      seconds: round(seconds, 2),
      rowsPerSecond: Math.round(n / seconds),
      loaderPeakRssMb: rss ? Math.round(Number(rss) / 1024) : null,
      summary: /\d+ rows — .*/.exec(run.stdout)?.[0] ?? null,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const infra = await freshBenchInfrastructure();
  try {
    const truthFile = `var/truth/bench-cohort-${SEED}-${PEOPLE}.csv`;
    const seeded = await seedCohort(infra.ds, { people: PEOPLE, seed: SEED, asOf: '2026-10-01' }, truthFile, 'none');
    await infra.ds.query('VACUUM ANALYZE');

    const started = performance.now();
    const stats = await infra.services.matching.processBacklog();
    const seconds = (performance.now() - started) / 1000;
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

    // Score the exported links against the truth, record by record (partner + reference).
    const parse = (csv: string): Map<string, string> =>
      new Map(csv.trim().split('\n').slice(1).map((line) => {
        const [partner, ref, person] = line.split(',');
        return [`${partner}|${ref}`, person ?? ''] as const;
      }));
    const truth = parse(await readFile(truthFile, 'utf8'));
    const links = parse(await linksCsv(infra.ds));
    const keys = [...truth.keys()];
    const truthLabels = keys.map((k) => truth.get(k)!);
    const predicted = keys.map((k) => links.get(k) || `unlinked:${k}`);
    const metrics = scorePairs(truthLabels, predicted);
    // The shape of the people made: largest cluster, pairs of one register in one person, twins merged.
    const kinds = new Map(((await infra.ds.query('SELECT code, kind FROM organisation')) as Array<{ code: string; kind: string }>).map((o) => [o.code, o.kind]));
    const partnerOf = keys.map((k) => k.split('|')[0]!);
    const all = clusterFigures(predicted, partnerOf, truthLabels);
    const registerKey = partnerOf.map((p, i) => (REGISTER_KINDS.includes(kinds.get(p) as never) ? p : `not-a-register:${i}`));
    const registers = clusterFigures(predicted, registerKey, truthLabels);
    const personOfTruth = new Map<string, Set<string>>();
    keys.forEach((_, i) => {
      const set = personOfTruth.get(truthLabels[i]!) ?? new Set<string>();
      set.add(predicted[i]!);
      personOfTruth.set(truthLabels[i]!, set);
    });
    const twins = twinPairs();
    const twinsMerged = twins.filter(([a, b]) => [...(personOfTruth.get(a) ?? [])].some((p) => personOfTruth.get(b)?.has(p))).length;

    // Pair completeness of blocking, per rule and unioned, on the stored standardised records.
    const features = (await infra.ds.query(
      `SELECT o.code || '|' || sr.partner_reference AS k, mr.features FROM match_record mr
         JOIN source_record sr ON sr.id = mr.source_record_id JOIN organisation o ON o.id = sr.provider_organisation_id`,
    )) as Array<{ k: string; features: StandardRecord }>;
    const records = features.map((f) => f.features);
    const featureTruth = features.map((f) => truth.get(f.k)!);
    const truePairs = truePairSet(featureTruth, packPair);
    const perRule: Record<string, number> = {};
    for (const rule of BLOCKING_RULES) perRule[rule.name] = round(pairCompleteness(truePairs, candidatePairs(records, { rules: [rule] }).pairs).completeness, 4);
    const union = candidatePairs(records);
    const [{ review }] = (await infra.ds.query(`SELECT count(*)::int AS review FROM match_candidate WHERE status = 'REVIEW'`)) as [{ review: number }];
    const batchRate = seeded.sourceRecords / seconds;
    const imported = IMPORT_ROWS > 0 ? await importPath(IMPORT_ROWS) : null;

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
          largestCluster: all.largestCluster,
          trueLargestCluster: clusterFigures(truthLabels, partnerOf, truthLabels).largestCluster,
          withinSourcePairs: all.withinSourcePairs,
          withinSourceTruePairs: all.withinSourceTruePairs,
          withinRegisterPairs: registers.withinSourcePairs,
          twinPairs: twins.length,
          twinPairsMerged: twinsMerged,
          batch: {
            seconds: round(seconds, 2),
            recordsPerSecond: Math.round(seeded.sourceRecords / seconds),
            peakRssMb,
            stageMs: stats.ms,
            trained: stats.trained,
          },
          importPath: imported && { ...imported, batchOverImportRatio: round(batchRate / (imported['rowsPerSecond'] as number), 2) },
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
