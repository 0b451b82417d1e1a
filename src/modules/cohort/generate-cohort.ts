// The synthetic Welsh cohort: a stream of young people, each with the records partners hold and the events they report.
import type { CohortOptions, GeneratedPersonWithRecords } from './cohort.types.js';
import { parseIsoDate } from './calendar.js';
import { TWIN_BIRTH_SHARE } from './cohort.data.js';
import { CohortContext, drawPerson, householdOf, type Household } from './draw-person.js';
import { plannedEvents } from './cohort-events.js';
import { LeaverReferences, leaverRecord } from './leaver-records.js';
import { buildRecords } from './source-records.js';

/** The date ages are computed on unless another is given, so that a seed always gives the same cohort. */
export const DEFAULT_AS_OF = '2026-10-01';

/** Streams `opts.people` young people with their partners' records; the same options always give the same cohort. */
export function generateCohort(opts: CohortOptions): Generator<GeneratedPersonWithRecords> {
  if (!Number.isInteger(opts.people) || opts.people < 0) {
    throw new RangeError(`people must be a non-negative integer, got ${opts.people}`);
  }
  parseIsoDate(opts.asOf);
  return stream(opts);
}

function* stream(opts: CohortOptions): Generator<GeneratedPersonWithRecords> {
  const ctx = new CohortContext(opts);
  const leavers = new LeaverReferences(opts.seed);
  let twinOf: Household | null = null;
  for (let i = 0; i < opts.people; i++) {
    // A twin follows its sibling: the same household, another child (TWIN_BIRTH_SHARE of births).
    const plan = drawPerson(ctx, i, twinOf ?? undefined);
    twinOf = twinOf === null && ctx.rng.chance(TWIN_BIRTH_SHARE) ? householdOf(plan) : null;
    const records = buildRecords(ctx, plan);
    // Drawn apart from the main stream, so the other records of a seed are the same with or without them.
    const leaver = leaverRecord(ctx, plan, leavers, opts.seed);
    const all = leaver ? [...records, leaver] : records;
    yield { person: plan.person, records: all, ...plannedEvents(opts.seed, opts.asOf, plan, all) };
  }
}

/** The whole cohort as an array (for tests and small seeds; stream with `generateCohort` for large ones). */
export function generateCohortArray(opts: CohortOptions): GeneratedPersonWithRecords[] {
  return [...generateCohort(opts)];
}
