import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/policy/compile.js';
import { decide, valueFacts } from '../../src/policy/decide.js';
import type { ConsentEventFacts, PersonFacts, PolicyClause, ProviderFacts, Requester } from '../../src/policy/policy.types.js';
import type { DataCategory } from '../../src/policy/data-category.js';
import type { Purpose } from '../../src/policy/purpose.js';
import { REDACTION_REASONS } from '../../src/policy/redaction-reason.js';
import { caseArb, consentEventArb, TODAY } from './arbitraries.js';
import { referenceDecide } from './reference-model.js';

const ADULT = 16;
const RUNS = 10_000;

function engine(r: Requester, purpose: Purpose, clauses: PolicyClause[], p: ProviderFacts, person: PersonFacts, category: DataCategory) {
  const compiled = compilePolicy(r, purpose, clauses, TODAY);
  return decide(compiled, p, valueFacts(compiled, p, person, category, ADULT));
}

describe('the policy engine against the reference model of design §4', () => {
  it(`agrees on every decision and reason (${RUNS} generated cases)`, () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(caseArb, ({ requester, purpose, clauses, person, provider, category }) => {
        const got = engine(requester, purpose, clauses, provider, person, category);
        const want = referenceDecide(requester, purpose, clauses, provider, person, category, TODAY, ADULT);
        expect({ allowed: got.allowed, reason: got.reason }).toEqual(want);
        if (got.allowed) expect(got.reason).toBeNull();
        const key = got.allowed ? 'ALLOWED' : got.reason!;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    // The generated cases reach every outcome, so agreement is not agreement on trivial cases.
    for (const outcome of ['ALLOWED', ...REDACTION_REASONS]) expect(seen.get(outcome) ?? 0, `${outcome} in ${JSON.stringify([...seen])}`).toBeGreaterThan(5);
  });

  it(`denies by default: with no agreement, only the controller and the administrator see anything (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(caseArb, ({ requester, purpose, person, provider, category }) => {
        const got = engine(requester, purpose, [], provider, person, category);
        const privileged = requester.roles.includes('ADMIN') || provider.organisationId === requester.organisationId;
        if (!privileged) expect(got).toMatchObject({ allowed: false });
        if (!got.allowed) expect(got.reason).not.toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it(`never widens access when consent is withdrawn or an objection is raised (${RUNS} cases)`, () => {
    const narrowing = consentEventArb.map((e) => ({ ...e, kind: e.kind === 'GIVEN' || e.kind === 'OBJECTION_LIFTED' ? ('WITHDRAWN' as const) : e.kind }))
      .filter((e) => e.kind === 'WITHDRAWN' || e.kind === 'OBJECTION_RAISED' || e.kind === 'REFUSED');
    fc.assert(
      fc.property(caseArb, narrowing, ({ requester, purpose, clauses, person, provider, category }, extra) => {
        const before = engine(requester, purpose, clauses, provider, person, category);
        const event: ConsentEventFacts = { ...extra, seq: person.consentEvents.length + 1 };
        const after = engine(requester, purpose, clauses, provider, { ...person, consentEvents: [...person.consentEvents, event] }, category);
        if (!before.allowed) expect(after.allowed).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});
