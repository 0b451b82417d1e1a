import { describe, expect, it } from 'vitest';
import { ageOn } from './age.js';
import { authorityOn, consentState, objectionStands, type ConsentScope } from './consent-state.js';
import type { ConsentEventFacts } from './policy.types.js';

const scope: ConsentScope = { organisationId: 'la', organisationKind: 'LOCAL_AUTHORITY', purpose: 'TRACKING', category: 'INVOLVEMENT' };
const ev = (seq: number, kind: ConsentEventFacts['kind'], over: Partial<ConsentEventFacts> = {}): ConsentEventFacts => ({
  seq, kind, recipientOrganisationId: null, recipientKind: null, purpose: null, categories: null, givenBy: 'YOUNG_PERSON', ...over,
});

describe('ageOn', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2010-11-23', '2026-11-22')).toBe(15);
    expect(ageOn('2010-11-23', '2026-11-23')).toBe(16);
  });
  it('puts a 29 February birthday on 1 March in common years, as PostgreSQL age() does', () => {
    expect(ageOn('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageOn('2008-02-29', '2024-02-29')).toBe(16);
    expect(ageOn('2008-02-29', '2025-02-28')).toBe(16);
    expect(ageOn('2007-02-28', '2023-02-28')).toBe(16);
    expect(ageOn('2008-02-29', '2023-02-28')).toBe(14);
    expect(ageOn('2008-02-29', '2023-03-01')).toBe(15);
  });
});

describe('consent authority and state', () => {
  it('switches authority on the birthday', () => {
    expect(authorityOn('2010-11-24', '2026-11-23', 16)).toBe('PARENT_GUARDIAN');
    expect(authorityOn('2010-11-23', '2026-11-23', 16)).toBe('YOUNG_PERSON');
    expect(authorityOn(null, '2026-11-23', 16)).toBeNull();
  });

  it('a consent is valid only from today’s authority', () => {
    const parent = [ev(1, 'GIVEN', { givenBy: 'PARENT_GUARDIAN' })];
    expect(consentState(parent, scope, '2011-01-01', '2026-11-23', 16)).toBe('VALID');
    expect(consentState(parent, scope, '2010-01-01', '2026-11-23', 16)).toBe('STALE');
    expect(consentState(parent, scope, null, '2026-11-23', 16)).toBe('STALE');
  });

  it('the latest covering event decides; events scoped elsewhere are ignored', () => {
    const events = [ev(1, 'GIVEN'), ev(2, 'WITHDRAWN', { recipientKind: 'CAREERS_WALES' }), ev(3, 'WITHDRAWN', { categories: ['ATTENDANCE'] })];
    expect(consentState(events, scope, '2008-01-01', '2026-11-23', 16)).toBe('VALID');
    expect(consentState([...events, ev(4, 'WITHDRAWN', { purpose: 'TRACKING' })], scope, '2008-01-01', '2026-11-23', 16)).toBe('WITHDRAWN');
  });

  it('a refusal stands until consent is given; a later withdrawal does not undo it', () => {
    expect(objectionStands([ev(1, 'REFUSED')], scope)).toBe(true);
    expect(objectionStands([ev(1, 'REFUSED'), ev(2, 'WITHDRAWN')], scope)).toBe(true);
    expect(objectionStands([ev(1, 'REFUSED'), ev(2, 'GIVEN')], scope)).toBe(false);
    expect(objectionStands([ev(1, 'OBJECTION_RAISED'), ev(2, 'OBJECTION_LIFTED')], scope)).toBe(false);
    expect(objectionStands([ev(1, 'OBJECTION_RAISED', { recipientOrganisationId: 'someone-else' })], scope)).toBe(false);
  });
});
