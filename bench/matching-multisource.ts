// A harder linkage set of our own: five sources drawn from the cohort generator, each holding each young person at
// most once (registers, declared so), with heavier corruption than the cohort's (typos, nicknames, swapped names,
// missing and wrong dates, moved postcodes, changed surnames: three times the usual rates) and no UPN or ULN, so
// that names, dates and addresses must carry the links; twins included. Scored on P/R/F1 over pairs, the largest
// cluster and the pairs of one source put into one person (the truth has none).
// Tuning stays honest: the link weight is chosen on one seed (in memory, with the same decision and clustering
// code) and the figures are reported on another seed, through the production pipeline (import service, the
// worker's `processQueue`, clustering in PostgreSQL).
// Usage: npx tsx bench/matching-multisource.ts [--people 10000] [--tune-seed ms-tune] [--seed ms-report] [--link <weight>]
import { parseArgs } from 'node:util';
import { TWIN_BIRTH_SHARE } from '../src/modules/cohort/cohort.data.js';
import { CohortContext, drawPerson, householdOf, noiseAlternatives, type Household } from '../src/modules/cohort/draw-person.js';
import { effectiveRate, NOISE_RATES, noisyIdentity, type NoiseKind, type NoiseSource } from '../src/modules/cohort/noise.js';
import type { PartnerRecordSubmission } from '../src/modules/imports/record-validation.js';
import { runPipeline } from '../src/modules/matching/engine/pipeline.js';
import { standardise } from '../src/modules/matching/engine/standardise.js';
import { loadMatchingConfig } from '../src/modules/matching/matching.config.js';
import { BENCH_DB, freshBenchInfrastructure, round } from './lib/bench-db.js';
import { createPartners, importAndMatch, peopleByReference, reviewPairs } from './lib/hub.js';
import { clusterFigures, scorePairs } from './lib/score.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '10000' },
    'tune-seed': { type: 'string', default: 'ms-tune' },
    seed: { type: 'string', default: 'ms-report' },
    link: { type: 'string' },
  },
});
const PEOPLE = Number(values.people);

/** The five sources: a noise profile of the generator, and the share of the cohort each holds. */
const SOURCES: ReadonlyArray<{ code: string; profile: NoiseSource; share: number }> = [
  { code: 'ms.school', profile: 'SCHOOL', share: 0.85 },
  { code: 'ms.careers', profile: 'CAREERS_WALES', share: 0.7 },
  { code: 'ms.college', profile: 'FE_COLLEGE', share: 0.6 },
  { code: 'ms.youth', profile: 'YOUTH_SERVICE', share: 0.5 },
  { code: 'ms.voluntary', profile: 'VOLUNTARY', share: 0.5 },
];

/** Three times each source's usual rate of every kind of corruption (at most one record in two). */
function heavier(profile: NoiseSource): Partial<Record<NoiseKind, number>> {
  return Object.fromEntries((Object.keys(NOISE_RATES) as NoiseKind[]).map((k) => [k, Math.min(0.5, effectiveRate(k, profile) * 3)]));
}

interface Row {
  source: string;
  truth: string;
  submission: PartnerRecordSubmission;
}

/** The five sources' records of `people` young people drawn with `seed`. */
function generate(seed: string): Row[] {
  const ctx = new CohortContext({ people: PEOPLE, seed, asOf: '2026-10-01' });
  const rows: Row[] = [];
  const counters = new Map<string, number>();
  let twinOf: Household | null = null;
  for (let i = 0; i < PEOPLE; i++) {
    const plan = drawPerson(ctx, i, twinOf ?? undefined);
    twinOf = twinOf === null && ctx.rng.chance(TWIN_BIRTH_SHARE) ? householdOf(plan) : null;
    const alternatives = noiseAlternatives(ctx, plan.person.laCode);
    for (const s of SOURCES) {
      if (!ctx.rng.chance(s.share)) continue;
      const noisy = noisyIdentity({ ...plan.identity, upn: null, uln: null }, s.profile, ctx.rng, alternatives, heavier(s.profile));
      const n = (counters.get(s.code) ?? 0) + 1;
      counters.set(s.code, n);
      rows.push({ source: s.code, truth: plan.person.truthId, submission: { partnerReference: `R${String(n).padStart(7, '0')}`, ...noisy, otherIdentifier: null } });
    }
  }
  return rows;
}

const thresholds = (link: number) => {
  const review = Math.min(Number(process.env['MATCH_REVIEW_WEIGHT'] ?? -6), link);
  const config = loadMatchingConfig({ ...process.env, MATCH_LINK_WEIGHT: String(link), MATCH_REVIEW_WEIGHT: String(review) });
  return { link, review: config.reviewWeight, conflict: config.conflictWeight, identifierFloor: config.identifierFloor };
};

/** Chooses the link weight on the tuning seed: the best F1 at precision ≥ 0.98 (the best F1 if none reaches it). */
function tune(rows: Row[]): { link: number; sweep: Array<Record<string, number>> } {
  const records = rows.map((r) => standardise({ ...blankIdentity(), ...r.submission } as Parameters<typeof standardise>[0]));
  const truth = rows.map((r) => r.truth);
  const sweep: Array<Record<string, number>> = [];
  // The model is estimated once (it does not depend on the thresholds), then every link weight is tried with it.
  const { model } = runPipeline(records, { thresholds: thresholds(0), registerOf: (i) => rows[i]!.source });
  for (const link of [-8, -6, -4, -2, 0, 2, 4]) {
    const result = runPipeline(records, { thresholds: thresholds(link), model, registerOf: (i) => rows[i]!.source });
    const predicted = result.groups.map(String);
    const m = scorePairs(truth, predicted);
    sweep.push({ link, precision: m.precision, recall: m.recall, f1: m.f1, largestCluster: clusterFigures(predicted, rows.map((r) => r.source), truth).largestCluster });
  }
  const precise = sweep.filter((s) => s.precision! >= 0.98);
  const best = (precise.length > 0 ? precise : sweep).reduce((a, b) => (b.f1! > a.f1! ? b : a));
  return { link: best.link!, sweep };
}

function blankIdentity(): Record<string, null> {
  return Object.fromEntries(
    ['givenName', 'middleNames', 'familyName', 'dateOfBirth', 'sex', 'postcode', 'addressLine', 'locality', 'upn', 'uln', 'otherIdentifier', 'email', 'phone'].map((k) => [k, null]),
  );
}

async function report(rows: Row[], link: number): Promise<Record<string, unknown>> {
  process.env['MATCH_LINK_WEIGHT'] = String(link);
  if (Number(process.env['MATCH_REVIEW_WEIGHT'] ?? -6) > link) process.env['MATCH_REVIEW_WEIGHT'] = String(link);
  const infra = await freshBenchInfrastructure(`${BENCH_DB}_multisource`);
  try {
    await createPartners(infra, SOURCES.map((s) => ({ code: s.code, register: true })));
    const started = performance.now();
    let importSeconds = 0;
    let matchSeconds = 0;
    let rejected = 0;
    for (const s of SOURCES) {
      const figures = await importAndMatch(infra, s.code, rows.filter((r) => r.source === s.code).map((r) => r.submission));
      importSeconds += figures.importSeconds;
      matchSeconds += figures.matchSeconds;
      rejected += figures.rejected;
    }
    const seconds = (performance.now() - started) / 1000;
    const people = await peopleByReference(infra);
    const predicted = rows.map((r) => people.get(`${r.source}|${r.submission.partnerReference}`) ?? `rejected:${r.source}|${r.submission.partnerReference}`);
    const truth = rows.map((r) => r.truth);
    return {
      ...scorePairs(truth, predicted),
      ...clusterFigures(predicted, rows.map((r) => r.source), truth),
      trueLargestCluster: clusterFigures(truth, rows.map((r) => r.source), truth).largestCluster,
      records: rows.length,
      rejectedRows: rejected,
      reviewPairs: await reviewPairs(infra),
      recordsPerSecond: Math.round(rows.length / seconds),
      seconds: { import: round(importSeconds, 1), match: round(matchSeconds, 1) },
    };
  } finally {
    await infra.close();
  }
}

async function main(): Promise<void> {
  const tuneSeed = values['tune-seed'] ?? 'ms-tune';
  const seed = values.seed ?? 'ms-report';
  if (values.link === undefined && tuneSeed === seed) throw new Error('tune on one seed and report on another');
  const tuned = values.link === undefined ? tune(generate(tuneSeed)) : { link: Number(values.link), sweep: [] };
  const rows = generate(seed);
  const out = {
    bench: 'matching-multisource',
    people: PEOPLE,
    sources: SOURCES.map((s) => ({ code: s.code, register: true, records: rows.filter((r) => r.source === s.code).length })),
    corruption: 'three times the cohort generator rates of every noise kind (at most 0.5); no UPN or ULN',
    tuning: { seed: tuneSeed, chosenLinkWeight: tuned.link, rule: 'best F1 at precision >= 0.98, in memory with the production decision and clustering code', sweep: tuned.sweep },
    report: { seed, through: 'import service + processQueue (the worker job) + clustering in PostgreSQL', ...(await report(rows, tuned.link)) },
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
