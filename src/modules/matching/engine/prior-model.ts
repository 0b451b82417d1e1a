// The model used before there are enough records to estimate one by EM: m and u per level set by
// hand from what partner data usually looks like (kept as data). EM replaces it once the population
// reaches MATCH_MIN_TRAINING_RECORDS.
import { COMPARISONS, levelCount } from './criteria.js';
import type { FsModel } from './model.js';

/** Hand-set m and u per comparison key, level by level (the last level is "different"). */
const PRIOR: Readonly<Record<string, { m: number[]; u: number[] }>> = {
  givenName: { m: [0.86, 0.04, 0.04, 0.01, 0.01, 0.01, 0.005, 0.025], u: [0.02, 0.004, 0.006, 0.01, 0.03, 0.02, 0.0005, 0.9095] },
  middleNames: { m: [0.85, 0.1, 0.05], u: [0.03, 0.07, 0.9] },
  familyName: { m: [0.86, 0.04, 0.04, 0.01, 0.01, 0.005, 0.035], u: [0.02, 0.005, 0.005, 0.01, 0.03, 0.0005, 0.9295] },
  dateOfBirth: { m: [0.9, 0.02, 0.02, 0.01, 0.03, 0.02], u: [0.0005, 0.0001, 0.003, 0.01, 0.08, 0.9064] },
  sex: { m: [0.97, 0.03], u: [0.5, 0.5] },
  postcode: { m: [0.75, 0.05, 0.05, 0.02, 0.13], u: [0.001, 0.01, 0.05, 0.005, 0.934] },
  houseNumber: { m: [0.8, 0.2], u: [0.05, 0.95] },
  street: { m: [0.75, 0.05, 0.05, 0.15], u: [0.002, 0.003, 0.01, 0.985] },
  locality: { m: [0.85, 0.05, 0.1], u: [0.05, 0.01, 0.94] },
  upn: { m: [0.99, 0.01], u: [0.00001, 0.99999] },
  uln: { m: [0.99, 0.01], u: [0.00001, 0.99999] },
  otherIdentifier: { m: [0.9, 0.04, 0.02, 0.04], u: [0.0001, 0.001, 0.005, 0.9939] },
  email: { m: [0.8, 0.2], u: [0.0001, 0.9999] },
  phone: { m: [0.7, 0.3], u: [0.0001, 0.9999] },
};

/** The prior model: no term-frequency tables; one pair in a hundred is a match (a small population's prior). */
export function priorModel(): FsModel {
  return {
    comparisons: COMPARISONS.map((spec) => {
      const p = PRIOR[spec.key];
      if (!p || p.m.length !== levelCount(spec) || p.u.length !== levelCount(spec)) {
        throw new Error(`The prior model has no m and u of the right length for ${spec.key}`);
      }
      return { key: spec.key, m: p.m, u: p.u };
    }),
    lambda: 0.01,
    termFrequencies: {},
    training: { records: 0, pairs: 0, patterns: 0, iterations: 0, converged: true, method: 'prior (hand-set, before enough records for EM)' },
  };
}
