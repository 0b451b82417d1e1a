import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/policy/compile.js';
import { decide, valueFacts } from '../../src/policy/decide.js';
import type { ConsentEventFacts, Decision, PersonFacts } from '../../src/policy/policy.types.js';
import { REDACTION_REASONS } from '../../src/policy/redaction-reason.js';
import { caseArb, consentEventArb, ledgerCoveringAll, personArb, TODAY, type PolicyCase } from './arbitraries.js';
import { referenceDecide } from './reference-model.js';

const CONSENT_AGE = 16;
const RUNS = 10_000;
/** How often each outcome must be reached in RUNS cases for agreement on it to mean something. */
const AT_LEAST = 40;
/** The reasons a recipient may be told as they are (docs/sharing-rules.md §2), written out here on purpose. */
const TOLD_AS_IS = ['ROLE_NOT_PERMITTED', 'PURPOSE_EXCLUDED', 'NO_AGREEMENT', 'AGREEMENT_NOT_ACTIVE', 'PURPOSE_NOT_PERMITTED'];

function engine(k: PolicyCase, person: PersonFacts = k.person, clauses = k.clauses): Decision {
  const compiled = compilePolicy(k.requester, k.purpose, clauses, TODAY);
  return decide(compiled, k.provider, valueFacts(compiled, k.provider, person, k.category, CONSENT_AGE));
}

function reference(k: PolicyCase): Decision {
  return referenceDecide(k.requester, k.purpose, k.clauses, k.provider, k.person, k.category, TODAY, CONSENT_AGE);
}

/**
 * Where the engine disagrees with the page, the disagreement is reported to the engine's owner (issue 8)
 * instead of being copied into the model. Each entry names the field and the decisions it concerns; the
 * rest of those decisions is still compared, and the entry fails the test once it is no longer observed
 * (then the engine or the page has been fixed: update the model or drop the entry).
 */
const KNOWN_DISAGREEMENTS: ReadonlyArray<{ what: string; field: keyof Decision; concerns: (want: Decision) => boolean }> = [
  {
    what:
      'the precise agreement of a withheld value whose reason depends on the person: the page (§1, "for a withheld value ' +
      'it is given above, or null") names none, the engine reports one (the clause failing on its tier alone, else the ' +
      'first clause whose conditions hold, else the first applicable clause)',
    field: 'agreement',
    concerns: (want) => !want.allowed && want.recipientReason === 'WITHHELD',
  },
];

/** What the recipient is told about a value. */
const recipientPart = (d: Decision) => ({ recipientReason: d.recipientReason, recipientAgreement: d.recipientAgreement });

/**
 * The fields the page defines, in a fixed order (so a mismatch prints readably). What a recipient is told
 * is defined for a withheld value (its redaction entry); for a released value only that no reason is given.
 */
function comparable(d: Decision, want: Decision): Partial<Decision> {
  const all: Partial<Decision> = {
    allowed: d.allowed,
    reason: d.reason,
    agreement: d.agreement,
    flagOnly: d.flagOnly,
    recipientReason: d.recipientReason,
    recipientAgreement: d.recipientAgreement,
  };
  if (want.allowed) delete all.recipientAgreement;
  for (const k of KNOWN_DISAGREEMENTS) if (k.concerns(want)) delete all[k.field];
  return all;
}

describe('the sharing engine against the reference model of docs/sharing-rules.md', () => {
  it(`agrees on allowed, reason, agreement, flagOnly and what the recipient is told (${RUNS} generated cases)`, () => {
    const seen = new Map<string, number>();
    const disagreements = KNOWN_DISAGREEMENTS.map(() => 0);
    fc.assert(
      fc.property(caseArb, (k) => {
        const got = engine(k);
        const want = reference(k);
        expect(comparable(got, want)).toEqual(comparable(want, want));
        KNOWN_DISAGREEMENTS.forEach((d, i) => {
          if (d.concerns(want) && got[d.field] !== want[d.field]) disagreements[i]!++;
        });
        const outcome = got.allowed ? (got.flagOnly ? 'ALLOWED_FLAG' : 'ALLOWED_VALUE') : got.reason!;
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    // Every outcome is reached often, so agreement is not agreement on trivial cases.
    for (const outcome of ['ALLOWED_VALUE', 'ALLOWED_FLAG', ...REDACTION_REASONS]) {
      expect(seen.get(outcome) ?? 0, `${outcome} in ${JSON.stringify([...seen])}`).toBeGreaterThanOrEqual(AT_LEAST);
    }
    KNOWN_DISAGREEMENTS.forEach((d, i) => expect(disagreements[i], `still observed: ${d.what}`).toBeGreaterThan(0));
  });

  it(`denies by default: with no agreement, only the controller and the administrator see anything (${RUNS} cases)`, () => {
    let privilegedReleases = 0;
    fc.assert(
      fc.property(caseArb, (k) => {
        const got = engine(k, k.person, []);
        const privileged = k.requester.roles.includes('ADMIN') || k.provider.organisationId === k.requester.organisationId;
        if (!privileged) expect(got).toMatchObject({ allowed: false });
        if (!got.allowed) expect(got.reason).not.toBeNull();
        else privilegedReleases++;
      }),
      { numRuns: RUNS },
    );
    expect(privilegedReleases, 'the controller and the administrator are reached').toBeGreaterThan(AT_LEAST);
  });

  it(`never widens access when consent is withdrawn or refused or an objection is raised (${RUNS} cases)`, () => {
    const narrowing = consentEventArb
      .map((e) => ({ ...e, kind: e.kind === 'GIVEN' || e.kind === 'OBJECTION_LIFTED' ? ('WITHDRAWN' as const) : e.kind }));
    let narrowed = 0;
    fc.assert(
      fc.property(caseArb, narrowing, fc.boolean(), (k, extra, everyone) => {
        const before = engine(k);
        // The new event is scoped as generated, or covers every request (the earlier events stay as they were).
        const scope = everyone ? { recipientOrganisationId: null, recipientKind: null, purpose: null, categories: null } : {};
        const event: ConsentEventFacts = { ...extra, ...scope, seq: k.person.consentEvents.length + 1 };
        const after = engine(k, { ...k.person, consentEvents: [...k.person.consentEvents, event] });
        if (!before.allowed) expect(after.allowed).toBe(false);
        if (before.allowed && !after.allowed) narrowed++;
      }),
      { numRuns: RUNS },
    );
    expect(narrowed, 'the extra event withdraws something now and then').toBeGreaterThan(AT_LEAST);
  });

  it(`never tells the recipient a reason that depends on the young person (${RUNS} cases)`, () => {
    let neutral = 0;
    fc.assert(
      fc.property(caseArb, (k) => {
        const got = engine(k);
        if (got.allowed) expect(got.recipientReason).toBeNull();
        else if (TOLD_AS_IS.includes(got.reason!)) expect(got.recipientReason).toBe(got.reason);
        else {
          expect(got.recipientReason).toBe('WITHHELD');
          neutral++;
        }
      }),
      { numRuns: RUNS },
    );
    expect(neutral, 'person-dependent reasons are reached').toBeGreaterThan(AT_LEAST);
  });

  it(`tells the recipient the same thing about two people whose values are both withheld (${RUNS} pairs)`, () => {
    // Two people differing in tier, consent events, age, home area and relationships (or in one of them).
    const otherPerson = (k: PolicyCase) =>
      fc.oneof(
        personArb,
        personArb.map((p) => ({ ...k.person, currentTier: p.currentTier })),
        personArb.map((p) => ({ ...k.person, consentEvents: p.consentEvents })),
        personArb.map((p) => ({ ...k.person, dateOfBirth: p.dateOfBirth })),
        personArb.map((p) => ({ ...k.person, relationships: p.relationships })),
      );
    let differentPrecise = 0;
    fc.assert(
      fc.property(caseArb.chain((k) => fc.tuple(fc.constant(k), otherPerson(k), fc.boolean())), ([k, other, cover]) => {
        const a = engine(k);
        const b = engine(k, cover ? ledgerCoveringAll(other) : other);
        if (a.allowed || b.allowed) return;
        expect(recipientPart(b)).toEqual(recipientPart(a));
        if (a.reason !== b.reason) differentPrecise++;
      }),
      { numRuns: RUNS },
    );
    expect(differentPrecise, 'pairs withheld for different precise reasons are reached').toBeGreaterThan(AT_LEAST);
  });
});
