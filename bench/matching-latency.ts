// Latency of matching one incoming record against an existing population (by default the one left by
// `bench/matching-cohort.ts --people 100000`): each record is submitted as its own import and matched
// incrementally, as a worker would, and the time is taken for matching alone and for ingest + matching.
// Half the records are new noisy copies of people already known (they should link), half are new people.
// Usage: npx tsx bench/matching-latency.ts [--samples 300] [--population-seed bench-cohort] [--population 100000]
import { parseArgs } from 'node:util';
import { generateCohort } from '../src/modules/cohort/generate-cohort.js';
import type { GeneratedSourceRecord } from '../src/modules/cohort/cohort.types.js';
import { contextForHandle } from '../src/modules/imports/cli-context.js';
import { bootBench, round } from './lib/bench-db.js';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '300' },
    'population-seed': { type: 'string', default: 'bench-cohort' },
    population: { type: 'string', default: '100000' },
  },
});
const SAMPLES = Number(values.samples);

function percentile(sorted: number[], q: number): number {
  return round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!, 2);
}

async function main(): Promise<void> {
  const infra = await bootBench();
  try {
    const [{ records, people }] = (await infra.ds.query(
      'SELECT (SELECT count(*)::int FROM match_record) AS records, (SELECT count(*)::int FROM young_person) AS people',
    )) as [{ records: number; people: number }];
    if (records === 0) throw new Error('The bench database has no matched population: run bench/matching-cohort.ts first');

    // Known people: records regenerated from the population's own seed (a partner sending another copy);
    // new people: a cohort from another seed.
    const known: GeneratedSourceRecord[] = [];
    let i = 0;
    for (const p of generateCohort({ people: Number(values.population), seed: values['population-seed'] ?? 'bench-cohort', asOf: '2026-10-01' })) {
      if (i++ % Math.max(1, Math.floor(Number(values.population) / SAMPLES)) === 0 && p.records[0]) known.push(p.records[0]);
      if (known.length >= SAMPLES / 2) break;
    }
    const fresh: GeneratedSourceRecord[] = [];
    for (const p of generateCohort({ people: SAMPLES, seed: 'latency-new-people', asOf: '2026-10-01' })) {
      if (p.records[0]) fresh.push(p.records[0]);
      if (fresh.length >= SAMPLES / 2) break;
    }
    const ctx = await contextForHandle(infra, 'school.cardiff');
    const matchMs: number[] = [];
    const totalMs: number[] = [];
    let linkedToExisting = 0;
    const run = Date.now().toString(36);
    const sample = [...known, ...fresh].sort((a, b) => (a.partnerReference < b.partnerReference ? -1 : 1));
    for (let n = 0; n < sample.length; n++) {
      const r = sample[n]!;
      const t0 = performance.now();
      const importId = await infra.services.imports.open(ctx, 'GRAPHQL');
      await infra.services.imports.addRows(ctx, importId, [{ ...r, partnerReference: `LAT-${run}-${n}` }], 1);
      await infra.services.imports.seal(ctx, importId);
      const t1 = performance.now();
      const stats = await infra.services.matching.processQueue(importId);
      const t2 = performance.now();
      if (n >= 10) {
        // The first few warm the caches (the model, prepared plans) and are not counted.
        matchMs.push(t2 - t1);
        totalMs.push(t2 - t0);
      }
      if (stats.linked > 0) linkedToExisting++;
    }
    // Leave the population as it was, so the bench can run again with the same meaning.
    await infra.ds.query(`DELETE FROM source_record WHERE partner_reference LIKE 'LAT-%'`);
    await infra.ds.query('DELETE FROM young_person yp WHERE NOT EXISTS (SELECT 1 FROM source_record sr WHERE sr.person_id = yp.id)');
    matchMs.sort((a, b) => a - b);
    totalMs.sort((a, b) => a - b);
    process.stdout.write(
      `${JSON.stringify(
        {
          bench: 'matching-latency',
          population: { records, people },
          samples: matchMs.length,
          knownPeopleInSample: known.length,
          linkedToExisting,
          matchOneRecordMs: { p50: percentile(matchMs, 0.5), p95: percentile(matchMs, 0.95), max: round(matchMs.at(-1)!, 2) },
          ingestAndMatchMs: { p50: percentile(totalMs, 0.5), p95: percentile(totalMs, 0.95) },
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
