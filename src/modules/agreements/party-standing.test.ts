import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../policy/compile.js';
import { decide, valueFacts } from '../../policy/decide.js';
import type { PersonFacts, ProviderFacts, Requester } from '../../policy/policy.types.js';
import { effectiveClauses, type LoadedClause, type OrganisationFacts, type PartyDecision } from './party-standing.js';

const TODAY = '2026-03-01';
const ORGS: OrganisationFacts[] = [
  { id: 'la-cardiff', kind: 'LOCAL_AUTHORITY' },
  { id: 'la-gwynedd', kind: 'LOCAL_AUTHORITY' },
  { id: 'cw', kind: 'CAREERS_WALES' },
  { id: 'school-a', kind: 'SCHOOL' },
  { id: 'school-b', kind: 'SCHOOL' },
];
const clause = (over: Partial<LoadedClause>): LoadedClause => ({
  clauseId: 'c1', agreementId: 'a1', agreement: 'DDA-T@1', agreementStatus: 'ACTIVE', effectiveFrom: '2025-01-01', reviewBy: '2030-01-01',
  lawfulBasis: 'PUBLIC_TASK', providerOrganisationId: null, providerKind: null, recipientOrganisationId: null, recipientKind: null,
  recipientRole: null, categories: ['ATTENDANCE'], purposes: ['TRACKING'], conditions: {}, consentRequired: false, disclosure: 'VALUE', ...over,
});
const standings = (decisions: Record<string, PartyDecision>) => new Map([['a1', new Map(Object.entries(decisions))]]);
const epc = (organisationId: string): Requester => ({ organisationId, organisationKind: 'LOCAL_AUTHORITY', laCode: organisationId.slice(3), roles: ['EPC'] });
const cwAdviser: Requester = { organisationId: 'cw', organisationKind: 'CAREERS_WALES', laCode: null, roles: ['CW_ADVISER'] };
const provider = (organisationId: string): ProviderFacts => ({ organisationId, kind: ORGS.find((o) => o.id === organisationId)!.kind, laCode: null });
const person: PersonFacts = { personId: 'p', dateOfBirth: '2009-01-01', homeLaCode: null, transferLaCode: null, currentTier: 3, relationships: new Map(), consentEvents: [] };

/** What the unchanged engine decides for one ATTENDANCE value from `from`, asked for by `who` for TRACKING. */
function engine(clauses: ReturnType<typeof effectiveClauses>, who: Requester, from: string): { allowed: boolean; reason: string | null } {
  const compiled = compilePolicy(who, 'TRACKING', clauses, TODAY);
  const d = decide(compiled, provider(from), valueFacts(compiled, provider(from), person, 'ATTENDANCE', 16));
  return { allowed: d.allowed, reason: d.reason };
}

describe('effective clauses: a provider approves, a party suspends', () => {
  it('a clause naming a provider organisation grants only once that organisation has approved', () => {
    const c = clause({ providerOrganisationId: 'cw', recipientOrganisationId: 'la-cardiff' });
    const drafterOnly = effectiveClauses([c], standings({ 'la-cardiff': 'APPROVED' }), ORGS);
    expect(drafterOnly.map((k) => k.agreementStatus)).toEqual(['DRAFT']);
    expect(engine(drafterOnly, epc('la-cardiff'), 'cw')).toEqual({ allowed: false, reason: 'AGREEMENT_NOT_ACTIVE' });
    const approved = effectiveClauses([c], standings({ 'la-cardiff': 'APPROVED', cw: 'APPROVED' }), ORGS);
    expect(engine(approved, epc('la-cardiff'), 'cw')).toEqual({ allowed: true, reason: null });
    expect(approved).toEqual([expect.objectContaining({ agreementStatus: 'ACTIVE', providerOrganisationId: 'cw' })]);
  });

  it('a clause naming a kind of provider grants the data of the organisations of that kind that approved, and only theirs', () => {
    const c = clause({ providerKind: 'SCHOOL', recipientKind: 'LOCAL_AUTHORITY' });
    const { agreementId: _, ...plain } = c;
    expect(effectiveClauses([c], standings({ 'school-a': 'APPROVED', 'school-b': 'APPROVED' }), ORGS)).toEqual([plain]);
    const one = effectiveClauses([c], standings({ 'school-a': 'APPROVED', 'la-cardiff': 'APPROVED' }), ORGS);
    expect(one.map((k) => [k.providerOrganisationId ?? k.providerKind, k.agreementStatus])).toEqual([['school-a', 'ACTIVE'], ['SCHOOL', 'DRAFT']]);
    expect(engine(one, epc('la-cardiff'), 'school-a')).toEqual({ allowed: true, reason: null });
    expect(engine(one, epc('la-cardiff'), 'school-b')).toEqual({ allowed: false, reason: 'AGREEMENT_NOT_ACTIVE' });
  });

  it("a party's suspension stops its own provision and its own receipt, and no one else's", () => {
    const toLas = clause({ clauseId: 'c1', providerKind: 'SCHOOL', recipientKind: 'LOCAL_AUTHORITY' });
    const fromLas = clause({ clauseId: 'c2', providerKind: 'LOCAL_AUTHORITY', recipientKind: 'CAREERS_WALES' });
    const every: Record<string, PartyDecision> = Object.fromEntries(ORGS.map((o) => [o.id, 'APPROVED' as const]));
    const before = effectiveClauses([toLas, fromLas], standings(every), ORGS);
    const after = effectiveClauses([toLas, fromLas], standings({ ...every, 'la-cardiff': 'SUSPENDED' }), ORGS);
    for (const [clauses, cardiffReceives] of [[before, true], [after, false]] as const) {
      expect(engine(clauses, epc('la-cardiff'), 'school-a').allowed).toBe(cardiffReceives);
      expect(engine(clauses, cwAdviser, 'la-cardiff').allowed).toBe(cardiffReceives);
      expect(engine(clauses, epc('la-gwynedd'), 'school-a')).toEqual({ allowed: true, reason: null });
      expect(engine(clauses, cwAdviser, 'la-gwynedd')).toEqual({ allowed: true, reason: null });
    }
    expect(engine(after, epc('la-cardiff'), 'school-a').reason).toBe('AGREEMENT_NOT_ACTIVE');
    expect(engine(after, cwAdviser, 'la-cardiff').reason).toBe('AGREEMENT_NOT_ACTIVE');
  });

  it('leaves the clauses of an agreement that is not ACTIVE as they are, whatever the parties decided', () => {
    const c = clause({ agreementStatus: 'SUSPENDED', providerOrganisationId: 'cw', recipientOrganisationId: 'la-cardiff' });
    const { agreementId: _, ...plain } = c;
    expect(effectiveClauses([c], standings({ cw: 'APPROVED' }), ORGS)).toEqual([plain]);
    expect(effectiveClauses([c], new Map(), ORGS)).toEqual([plain]);
  });
});
