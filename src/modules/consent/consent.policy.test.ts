import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorityOn, consentState, objectionStands } from '../../policy/consent-state.js';
import { CONSENT_AUTHORITIES, CONSENT_EVENT_KINDS, type ConsentEventFacts } from '../../policy/policy.types.js';
import { recordingRefusal } from './consent.policy.js';

const TODAY = '2026-12-01';
const CONSENT_AGE = 16;
const dob = fc.option(fc.integer({ min: 11 * 365, max: 25 * 365 }).map((d) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - d * 86_400_000).toISOString().slice(0, 10)), { freq: 8 });
const kind = fc.constantFrom(...CONSENT_EVENT_KINDS);
const givenBy = fc.constantFrom(...CONSENT_AUTHORITIES);
const scope = { organisationId: 'o', organisationKind: 'LOCAL_AUTHORITY' as const, purpose: 'TRACKING' as const, category: 'IDENTITY' as const };

/** Replays a ledger through the recording rule: only the events the rule accepts are kept, as the service does. */
function record(events: Array<{ kind: ConsentEventFacts['kind']; givenBy: ConsentEventFacts['givenBy'] }>, birth: string | null): ConsentEventFacts[] {
  const authority = authorityOn(birth, TODAY, CONSENT_AGE);
  return events
    .filter((e) => recordingRefusal(e.kind, e.givenBy, authority) === null)
    .map((e, i) => ({ ...e, seq: i + 1, recipientOrganisationId: null, recipientKind: null, purpose: null, categories: null }));
}

describe('who may record a consent-ledger event (random ledgers and ages)', () => {
  it('accepts every kind from today\'s authority only, and nothing that widens access when the age is unknown', () => {
    fc.assert(
      fc.property(dob, kind, givenBy, (birth, k, by) => {
        const authority = authorityOn(birth, TODAY, CONSENT_AGE);
        const refusal = recordingRefusal(k, by, authority);
        if (authority === null) expect(refusal === null).toBe(k !== 'GIVEN' && k !== 'OBJECTION_LIFTED');
        else expect(refusal === null).toBe(by === authority);
      }),
      { numRuns: 2000 },
    );
  });

  it('a parent can never lift a young person\'s own objection, nor make consent valid, from the consent age on', () => {
    const adult = fc.integer({ min: 16 * 366, max: 25 * 365 }).map((d) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - d * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(adult, fc.array(fc.record({ kind, givenBy }), { maxLength: 8 }), (birth, tail) => {
        const ledger = record([{ kind: 'OBJECTION_RAISED', givenBy: 'YOUNG_PERSON' }, ...tail], birth);
        const parentsOnly = tail.every((e) => e.givenBy === 'PARENT_GUARDIAN');
        // Whatever a parent tries afterwards, the young person's objection stands and no consent is valid.
        if (parentsOnly) {
          expect(objectionStands(ledger, scope)).toBe(true);
          expect(consentState(ledger, scope, birth, TODAY, CONSENT_AGE)).not.toBe('VALID');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('with an unknown date of birth, no recorded ledger ever releases by consent or lifts an objection', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ kind, givenBy }), { maxLength: 8 }), (events) => {
        const ledger = record([{ kind: 'OBJECTION_RAISED', givenBy: 'PARENT_GUARDIAN' }, ...events], null);
        expect(objectionStands(ledger, scope)).toBe(true);
        expect(consentState(ledger, scope, null, TODAY, CONSENT_AGE)).not.toBe('VALID');
      }),
      { numRuns: 2000 },
    );
  });
});
