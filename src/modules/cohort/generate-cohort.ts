// The synthetic Welsh cohort: a stream of young people, each with the records partners hold and the events they report.
import type { CohortOptions, GeneratedPersonWithRecords } from './cohort.types.js';
import { parseIsoDate } from './calendar.js';
import { CohortContext, drawPerson } from './draw-person.js';
import { plannedEvents } from './cohort-events.js';
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
  for (let i = 0; i < opts.people; i++) {
    const plan = drawPerson(ctx, i);
    const records = buildRecords(ctx, plan);
    yield { person: plan.person, records, ...plannedEvents(opts.seed, opts.asOf, plan, records) };
  }
}

/** The whole cohort as an array (for tests and small seeds; stream with `generateCohort` for large ones). */
export function generateCohortArray(opts: CohortOptions): GeneratedPersonWithRecords[] {
  return [...generateCohort(opts)];
}
