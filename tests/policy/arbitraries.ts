// fast-check generators for principals, people, agreement sets and consent states over a small world.
import fc from 'fast-check';
import { DATA_CATEGORIES, type DataCategory } from '../../src/policy/data-category.js';
import type { ConsentEventFacts, PersonFacts, PolicyClause, ProviderFacts, Requester } from '../../src/policy/policy.types.js';
import { PURPOSES, type Purpose } from '../../src/policy/purpose.js';
import { ROLES, type Role } from '../../src/modules/principals/roles.js';
import type { OrganisationKind } from '../../src/modules/organisations/organisation-kind.js';
import { purposesOf } from '../../src/policy/purposes.policy.js';

/** The day the generated cases are decided on. */
export const TODAY = '2026-11-23';

/** A small world of organisations (ids are fixed so the SQL property test can create them). */
export const WORLD: ReadonlyArray<ProviderFacts & { code: string }> = [
  { organisationId: '00000000-0000-4000-a000-000000000001', code: 'pt.la.a', kind: 'LOCAL_AUTHORITY', laCode: 'cardiff' },
  { organisationId: '00000000-0000-4000-a000-000000000002', code: 'pt.la.b', kind: 'LOCAL_AUTHORITY', laCode: 'gwynedd' },
  { organisationId: '00000000-0000-4000-a000-000000000003', code: 'pt.school.a', kind: 'SCHOOL', laCode: 'cardiff' },
  { organisationId: '00000000-0000-4000-a000-000000000004', code: 'pt.school.b', kind: 'SCHOOL', laCode: 'gwynedd' },
  { organisationId: '00000000-0000-4000-a000-000000000005', code: 'pt.cw', kind: 'CAREERS_WALES', laCode: null },
  { organisationId: '00000000-0000-4000-a000-000000000006', code: 'pt.college.a', kind: 'FE_COLLEGE', laCode: 'cardiff' },
  { organisationId: '00000000-0000-4000-a000-000000000007', code: 'pt.voluntary', kind: 'VOLUNTARY', laCode: null },
];

const KINDS = [...new Set(WORLD.map((o) => o.kind))] as OrganisationKind[];
const org = fc.constantFrom(...WORLD);
const category = fc.constantFrom(...DATA_CATEGORIES);
const purpose = fc.constantFrom(...PURPOSES);
const someOf = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });

/** Days around TODAY, as ISO dates. */
const dayAround = (minDays: number, maxDays: number) =>
  fc.integer({ min: minDays, max: maxDays }).map((d) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10));

/** Who is asking. */
export const requesterArb: fc.Arbitrary<Requester> = fc
  .record({ o: org, roles: fc.subarray([...ROLES] as Role[], { minLength: 1, maxLength: 2 }) })
  .map(({ o, roles }) => ({ organisationId: o.organisationId, organisationKind: o.kind, laCode: o.laCode, roles }));

/** One clause of some agreement. */
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
    categories: someOf(DATA_CATEGORIES),
    purposes: someOf(PURPOSES),
    tierIn: fc.option(fc.subarray([1, 2, 3, 4, 5], { minLength: 1 }), { freq: 2 }),
    ageMin: fc.option(fc.integer({ min: 11, max: 18 }), { freq: 4 }),
    ageMax: fc.option(fc.integer({ min: 14, max: 25 }), { freq: 4 }),
    area: fc.option(fc.constantFrom('PROVIDER', 'PERSON' as const), { freq: 2 }),
    relationship: fc.option(fc.constantFrom('APPLICANT', 'ENROLLED' as const), { freq: 4 }),
    flag: fc.boolean(),
    consentRequired: fc.boolean(),
  })
  .map((g): PolicyClause => {
    const recipientKind = g.recipientOrg === null && g.recipientRole === null && g.recipientKind === null ? g.provider.kind : g.recipientKind;
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
      recipientKind,
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

/** A person's facts, with a date of birth that sometimes falls on a birthday today. */
export const personArb: fc.Arbitrary<PersonFacts> = fc
  .record({
    dob: fc.option(
      fc.oneof(
        dayAround(-20 * 366, -10 * 365),
        fc.integer({ min: 14, max: 18 }).map((y) => `${Number(TODAY.slice(0, 4)) - y}${TODAY.slice(4)}`),
      ),
      { freq: 6 },
    ),
    home: fc.option(fc.constantFrom('cardiff', 'gwynedd'), { freq: 4 }),
    tier: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 3 }),
    enrolled: fc.subarray(WORLD.map((o) => o.organisationId)),
    applicant: fc.subarray(WORLD.map((o) => o.organisationId)),
    events: fc.array(consentEventArb, { maxLength: 5 }),
  })
  .map((g) => ({
    personId: '10000000-0000-4000-a000-000000000000',
    dateOfBirth: g.dob,
    homeLaCode: g.home,
    currentTier: g.tier,
    relationships: new Map(WORLD.map((o) => [o.organisationId, new Set([...(g.enrolled.includes(o.organisationId) ? ['ENROLLED' as const] : []), ...(g.applicant.includes(o.organisationId) ? ['APPLICANT' as const] : [])])])),
    consentEvents: g.events.map((e, i) => ({ ...e, seq: i + 1 })),
  }));

/**
 * A whole case: principal, purpose, agreement set, person and consent state, supplier and field
 * category. Most clauses are bent towards the case (its supplier, recipient, category and purpose)
 * so that every outcome, not only "no agreement", is reached often.
 */
export const caseArb = fc
  .record({
    requester: requesterArb,
    purpose,
    clauses: fc.array(fc.tuple(clauseArb, fc.boolean(), fc.boolean(), fc.boolean()), { maxLength: 5 }),
    person: personArb,
    provider: org,
    category,
    aimPurpose: fc.nat(),
    aimEvents: fc.boolean(),
  })
  .map(({ clauses, aimPurpose, aimEvents, ...raw }) => {
    const usable = purposesOf(raw.requester.roles[0]!, raw.requester.organisationKind);
    const c = {
      ...raw,
      purpose: aimPurpose % 4 !== 0 && usable.length > 0 ? usable[aimPurpose % usable.length]! : raw.purpose,
      person: aimEvents
        ? { ...raw.person, consentEvents: raw.person.consentEvents.map((e) => ({ ...e, recipientOrganisationId: null, recipientKind: null, purpose: null, categories: null })) }
        : raw.person,
    };
    return {
    ...c,
    clauses: clauses.map(([k, aimProvider, aimRecipient, aimContent]): PolicyClause => ({
      ...k,
      ...(aimProvider ? { providerOrganisationId: null, providerKind: c.provider.kind } : {}),
      ...(aimRecipient ? { recipientOrganisationId: null, recipientKind: c.requester.organisationKind, recipientRole: null } : {}),
      ...(aimContent
        ? { categories: [...new Set([...k.categories, c.category])], purposes: [...new Set([...k.purposes, c.purpose])] }
        : {}),
    })),
  };
  });

/** The categories, for iteration. */
export const CATEGORIES: readonly DataCategory[] = DATA_CATEGORIES;
/** The purposes, for iteration. */
export const ALL_PURPOSES: readonly Purpose[] = PURPOSES;
