// fast-check generators for principals, people, agreement sets and consent states over a small world.
// They import names (enumerations and types) from src, never a rule table: the aiming below is a bias.
import fc from 'fast-check';
import { DATA_CATEGORIES } from '../../src/policy/data-category.js';
import type { ConsentEventFacts, PersonFacts, PolicyClause, ProviderFacts, Relationship, Requester } from '../../src/policy/policy.types.js';
import { PURPOSES, type Purpose } from '../../src/policy/purpose.js';
import { ROLES, type Role } from '../../src/modules/principals/roles.js';
import type { OrganisationKind } from '../../src/modules/organisations/organisation-kind.js';
import { REFERENCE_PURPOSES_BY_ROLE } from './reference-model.js';

/** The day the generated cases are decided on. */
export const TODAY = '2026-11-23';

/** A small world of organisations, one or two of each kind (ids are fixed so the SQL test can create them). */
export const WORLD: ReadonlyArray<ProviderFacts & { code: string }> = [
  { organisationId: '00000000-0000-4000-a000-000000000001', code: 'pt.la.a', kind: 'LOCAL_AUTHORITY', laCode: 'cardiff' },
  { organisationId: '00000000-0000-4000-a000-000000000002', code: 'pt.la.b', kind: 'LOCAL_AUTHORITY', laCode: 'gwynedd' },
  { organisationId: '00000000-0000-4000-a000-000000000003', code: 'pt.school.a', kind: 'SCHOOL', laCode: 'cardiff' },
  { organisationId: '00000000-0000-4000-a000-000000000004', code: 'pt.school.b', kind: 'SCHOOL', laCode: 'gwynedd' },
  { organisationId: '00000000-0000-4000-a000-000000000005', code: 'pt.cw', kind: 'CAREERS_WALES', laCode: null },
  { organisationId: '00000000-0000-4000-a000-000000000006', code: 'pt.college.a', kind: 'FE_COLLEGE', laCode: 'cardiff' },
  { organisationId: '00000000-0000-4000-a000-000000000007', code: 'pt.voluntary', kind: 'VOLUNTARY', laCode: null },
  { organisationId: '00000000-0000-4000-a000-000000000008', code: 'pt.youth.a', kind: 'YOUTH_SERVICE', laCode: 'cardiff' },
  { organisationId: '00000000-0000-4000-a000-000000000009', code: 'pt.wbl', kind: 'WBL_PROVIDER', laCode: 'gwynedd' },
  { organisationId: '00000000-0000-4000-a000-00000000000a', code: 'pt.wg', kind: 'WELSH_GOVERNMENT', laCode: null },
];

/** The roles someone at each kind of organisation usually holds (a generator bias, not a rule). */
const USUAL_ROLES: Record<OrganisationKind, readonly Role[]> = {
  LOCAL_AUTHORITY: ['EPC', 'LEAD_WORKER', 'IG_OFFICER', 'PARTNER_SYSTEM'],
  SCHOOL: ['PROVIDER_PASTORAL', 'PARTNER_SYSTEM', 'IG_OFFICER'],
  CAREERS_WALES: ['CW_ADVISER', 'PARTNER_SYSTEM', 'LEAD_WORKER', 'IG_OFFICER'],
  FE_COLLEGE: ['PROVIDER_PASTORAL', 'PARTNER_SYSTEM', 'IG_OFFICER'],
  WBL_PROVIDER: ['PROVIDER_PASTORAL', 'PARTNER_SYSTEM'],
  VOLUNTARY: ['LEAD_WORKER', 'PARTNER_SYSTEM'],
  YOUTH_SERVICE: ['LEAD_WORKER', 'PARTNER_SYSTEM'],
  WELSH_GOVERNMENT: ['ANALYST', 'ADMIN'],
};

const KINDS = [...new Set(WORLD.map((o) => o.kind))];
const org = fc.constantFrom(...WORLD);
const category = fc.constantFrom(...DATA_CATEGORIES);
const purpose = fc.constantFrom(...PURPOSES);
const someOf = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });
/** `arb` about `percent`% of the time, else null (fc.option cannot make null the likelier). */
const sometimes = <T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(null) }, { weight: percent, arbitrary: arb });

/** The ISO date `days` from TODAY. */
export const dayFromToday = (days: number): string => new Date(Date.parse(`${TODAY}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Days around TODAY, with TODAY itself and its neighbours often (the boundaries of every date rule). */
const dayAround = (minDays: number, maxDays: number) =>
  fc.oneof({ weight: 3, arbitrary: fc.integer({ min: minDays, max: maxDays }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 0, 1) }).map(dayFromToday);

/** Who is asking: usually a role its organisation's kind holds, sometimes any role anywhere. */
export const requesterArb: fc.Arbitrary<Requester> = fc
  .record({
    o: org,
    usual: fc.integer({ min: 0, max: 3 }),
    extra: fc.option(fc.constantFrom(...ROLES), { freq: 3 }),
    pick: fc.nat(),
    any: fc.constantFrom(...ROLES),
  })
  .map(({ o, usual, extra, pick, any }) => {
    const first = usual > 0 ? USUAL_ROLES[o.kind][pick % USUAL_ROLES[o.kind].length]! : any;
    const roles = extra === null || extra === first ? [first] : [first, extra];
    return { organisationId: o.organisationId, organisationKind: o.kind, laCode: o.laCode, roles };
  });

/** One clause of some agreement (now and then with no recipient field at all: it then describes everyone). */
export const clauseArb: fc.Arbitrary<PolicyClause> = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }),
    status: fc.constantFrom('DRAFT', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'SUSPENDED', 'EXPIRED' as const),
    from: dayAround(-800, 30),
    to: dayAround(-30, 800),
    lawfulBasis: fc.constantFrom('PUBLIC_TASK', 'PUBLIC_TASK', 'CONSENT', 'LEGAL_OBLIGATION', 'VITAL_INTERESTS' as const),
    providerByOrg: fc.boolean(),
    provider: org,
    recipientOrg: fc.option(org, { freq: 3 }),
    recipientKind: fc.option(fc.constantFrom(...KINDS), { freq: 2 }),
    recipientRole: fc.option(fc.constantFrom(...ROLES), { freq: 3 }),
    nobody: fc.integer({ min: 0, max: 19 }),
    categories: someOf(DATA_CATEGORIES),
    purposes: someOf(PURPOSES),
    tierIn: sometimes(fc.subarray([1, 2, 3, 4, 5], { minLength: 1 }), 35),
    ageMin: sometimes(fc.integer({ min: 11, max: 18 }), 20),
    ageMax: sometimes(fc.integer({ min: 14, max: 25 }), 20),
    area: sometimes(fc.constantFrom('PROVIDER', 'PERSON', 'TRANSFER' as const), 25),
    relationship: sometimes(fc.constantFrom('APPLICANT', 'ENROLLED' as const), 25),
    flag: fc.boolean(),
    consentRequired: fc.boolean(),
  })
  .map((g): PolicyClause => {
    const noRecipient = g.recipientOrg === null && g.recipientRole === null && g.recipientKind === null;
    return {
      clauseId: `c-${g.n}`,
      agreement: `PT-AGREEMENT-${g.n}@1`,
      agreementStatus: g.status,
      effectiveFrom: g.from,
      reviewBy: g.to < g.from ? g.from : g.to,
      lawfulBasis: g.lawfulBasis,
      providerOrganisationId: g.providerByOrg ? g.provider.organisationId : null,
      providerKind: g.providerByOrg ? null : g.provider.kind,
      recipientOrganisationId: g.recipientOrg?.organisationId ?? null,
      recipientKind: noRecipient && g.nobody > 0 ? g.provider.kind : g.recipientKind,
      recipientRole: g.recipientRole,
      categories: g.categories,
      purposes: g.purposes,
      conditions: {
        ...(g.tierIn ? { tierIn: g.tierIn } : {}),
        ...(g.ageMin !== null ? { ageMin: g.ageMin } : {}),
        ...(g.ageMax !== null ? { ageMax: g.ageMax } : {}),
        ...(g.area ? { area: g.area } : {}),
        ...(g.relationship ? { relationship: g.relationship } : {}),
      },
      consentRequired: g.consentRequired,
      disclosure: g.flag ? 'FLAG' : 'VALUE',
    };
  });

/** One consent-ledger event (seq is assigned by the person generator). */
export const consentEventArb: fc.Arbitrary<Omit<ConsentEventFacts, 'seq'>> = fc.record({
  kind: fc.constantFrom('GIVEN', 'GIVEN', 'REFUSED', 'WITHDRAWN', 'WITHDRAWN', 'OBJECTION_RAISED', 'OBJECTION_LIFTED' as const),
  recipientOrganisationId: fc.option(org.map((o) => o.organisationId), { freq: 2 }),
  recipientKind: fc.constant(null),
  purpose: fc.option(purpose, { freq: 2 }),
  categories: fc.option(fc.subarray([...DATA_CATEGORIES], { minLength: 1, maxLength: 4 }), { freq: 2 }),
  givenBy: fc.constantFrom('YOUNG_PERSON', 'PARENT_GUARDIAN' as const),
}).chain((e) =>
  // Scope to a kind instead of an organisation, sometimes (never both).
  e.recipientOrganisationId === null ? fc.option(fc.constantFrom(...KINDS), { freq: 3 }).map((k) => ({ ...e, recipientKind: k })) : fc.constant(e),
);

/** What an organisation has earned with a person: nothing, applicant, or enrolled (an enrolled learner has applied). */
const earnedArb: fc.Arbitrary<Relationship[]> = fc.constantFrom([], [], ['APPLICANT'], ['APPLICANT', 'ENROLLED']);

/** A person's facts, with a date of birth that sometimes falls on a birthday today. */
export const personArb: fc.Arbitrary<PersonFacts> = fc
  .record({
    // Never after today: ingest refuses a date of birth in the future.
    dob: fc.option(
      fc.oneof(
        fc.integer({ min: 10 * 365, max: 20 * 366 }).map((d) => dayFromToday(-d)),
        fc.integer({ min: 11, max: 25 }).chain((y) => fc.constantFrom(-1, 0, 1).map((d) => dayFromToday(d).replace(/^\d{4}/, String(Number(TODAY.slice(0, 4)) - y)))),
      ),
      { freq: 6 },
    ),
    home: fc.option(fc.constantFrom('cardiff', 'gwynedd'), { freq: 4 }),
    // A move between LAs awaiting acceptance or accepted, into this LA (often the other one).
    transfer: fc.option(fc.constantFrom('cardiff', 'gwynedd'), { freq: 2 }),
    tier: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 3 }),
    earned: fc.array(earnedArb, { minLength: WORLD.length, maxLength: WORLD.length }),
    events: fc.array(consentEventArb, { maxLength: 5 }),
  })
  .map((g) => ({
    personId: '10000000-0000-4000-a000-000000000000',
    dateOfBirth: g.dob,
    homeLaCode: g.home,
    transferLaCode: g.transfer,
    currentTier: g.tier,
    relationships: new Map(WORLD.map((o, i) => [o.organisationId, new Set(g.earned[i])])),
    consentEvents: g.events.map((e, i) => ({ ...e, seq: i + 1 })),
  }));

/** Widens a person's ledger to cover every request (so that consent and objections bite often). */
export function ledgerCoveringAll(person: PersonFacts): PersonFacts {
  return { ...person, consentEvents: person.consentEvents.map((e) => ({ ...e, recipientOrganisationId: null, recipientKind: null, purpose: null, categories: null })) };
}

/** A purpose some role of the requester may declare at its kind of organisation, by the reference table (a bias). */
export function usablePurpose(r: Requester, pick: number): Purpose | null {
  const usable = r.roles.flatMap((role) => [...(REFERENCE_PURPOSES_BY_ROLE[role]['*'] ?? []), ...(REFERENCE_PURPOSES_BY_ROLE[role][r.organisationKind] ?? [])]);
  return usable.length === 0 ? null : usable[pick % usable.length]!;
}

/** Whether to bend one part of a clause towards the case (three times in four). */
const aimed = fc.integer({ min: 0, max: 3 }).map((n) => n > 0);

/**
 * A whole case: principal, purpose, agreement set, person and consent state, supplier and field
 * category. Most clauses are bent towards the case (its supplier, recipient, category and purpose)
 * so that every outcome, not only "no agreement", is reached often; the supplier is sometimes the
 * requester's own organisation (the controller rule), and sometimes every clause needs consent.
 */
export const caseArb = fc
  .record({
    requester: requesterArb,
    purpose,
    clauses: fc.array(fc.tuple(clauseArb, aimed, aimed, aimed), { maxLength: 5 }),
    person: personArb,
    provider: org,
    category,
    aimPurpose: fc.nat(),
    aimEvents: fc.boolean(),
    own: fc.integer({ min: 0, max: 7 }),
    allNeedConsent: fc.integer({ min: 0, max: 3 }),
    twin: sometimes(fc.record({ before: fc.boolean(), flipConsent: fc.boolean(), flipDisclosure: fc.boolean() }), 30),
  })
  .map(({ clauses, aimPurpose, aimEvents, own, allNeedConsent, twin, ...raw }) => {
    const aimed = aimPurpose % 4 !== 0 ? usablePurpose(raw.requester, aimPurpose) : null;
    const c = {
      ...raw,
      purpose: aimed ?? raw.purpose,
      provider: own === 0 ? WORLD.find((o) => o.organisationId === raw.requester.organisationId)! : raw.provider,
      person: aimEvents ? ledgerCoveringAll(raw.person) : raw.person,
    };
    const bent = clauses.map(([k, aimProvider, aimRecipient, aimContent]): PolicyClause => ({
      ...k,
      ...(allNeedConsent === 0 ? { consentRequired: true } : {}),
      ...(aimProvider ? { providerOrganisationId: null, providerKind: c.provider.kind } : {}),
      ...(aimRecipient ? { recipientOrganisationId: null, recipientKind: c.requester.organisationKind, recipientRole: null } : {}),
      ...(aimContent
        ? { categories: [...new Set([...k.categories, c.category])], purposes: [...new Set([...k.purposes, c.purpose])] }
        : {}),
    }));
    // Twins: the first clause made in force and aimed at the case, and a copy in another agreement
    // differing in consent or disclosure: which of two clauses that both hold releases the value, and
    // whether the value or the flag wins.
    const first = bent[0];
    if (twin === null || first === undefined) return { ...c, clauses: bent };
    const one: PolicyClause = {
      ...first,
      agreementStatus: 'ACTIVE',
      effectiveFrom: dayFromToday(-1),
      reviewBy: dayFromToday(1),
      providerOrganisationId: null,
      providerKind: c.provider.kind,
      recipientOrganisationId: null,
      recipientKind: c.requester.organisationKind,
      recipientRole: null,
      categories: [c.category],
      purposes: [c.purpose],
    };
    const other: PolicyClause = {
      ...one,
      clauseId: 'c-twin',
      agreement: 'PT-AGREEMENT-TWIN@1',
      consentRequired: twin.flipConsent ? !one.consentRequired : one.consentRequired,
      lawfulBasis: twin.flipConsent && one.lawfulBasis === 'CONSENT' ? 'PUBLIC_TASK' : one.lawfulBasis,
      disclosure: twin.flipDisclosure === (one.disclosure === 'VALUE') ? 'FLAG' : 'VALUE',
    };
    const rest = bent.slice(1);
    return { ...c, clauses: twin.before ? [other, one, ...rest] : [one, ...rest, other] };
  });

/** One generated case. */
export type PolicyCase = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

