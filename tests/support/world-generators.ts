// Generators of worlds for the noninterference test: small value lists for identity, contact and payload
// categories, and one to three young people with records, tiers, consent events and match evidence, drawing
// more often on the providers that can release something to the principal under test.
import fc from 'fast-check';
import type { OrganisationKind } from '../../src/modules/organisations/organisation-kind.js';
import type { IdentityFields } from '../../src/modules/sources/identity-fields.js';
import type { CategorisedPayload } from '../../src/modules/sources/source-record.entity.js';
import { ageOn, isoToday } from '../../src/policy/age.js';
import { DATA_CATEGORIES, type DataCategory } from '../../src/policy/data-category.js';
import type { ConsentAuthority, ConsentEventKind } from '../../src/policy/policy.types.js';
import { PURPOSES } from '../../src/policy/purpose.js';
import { DEFAULT_CONSENT_AGE } from '../../src/policy/purposes.policy.js';
import { birthdayIn } from './factories.js';
import {
  CONTACT_COLUMNS,
  daysAgo,
  IDENTITY_COLUMNS,
  PAYLOAD_CATEGORIES,
  personId,
  PROVIDER_CODES,
  receivedAt,
  recordId,
  samePair,
  type World,
  type WorldConsent,
  type WorldLink,
  type WorldRecord,
} from './worlds.js';

/** Dates of birth around the consent age (16) and the YEPF range, and one unknown. */
export const DATES_OF_BIRTH: ReadonlyArray<string | null> = [
  birthdayIn(14, 100),
  birthdayIn(16, 1), // sixteen tomorrow: a parent still decides
  birthdayIn(16, 0), // sixteen today: the young person decides
  birthdayIn(17, 40),
  birthdayIn(19, -20),
  null,
];

/** Family names; the list probe searches by a prefix of one of them. */
export const FAMILY_NAMES = ['Jones', 'Prys', 'Pritchard', 'ap Dafydd', 'Evans', 'Williams'] as const;
const GIVEN_NAMES = ['Ffion', 'Osian', 'Gwenllian', 'Rhys', 'Carys', 'Dylan'] as const;

/** Alternative values for each identity and contact column (rewriting a withheld one picks among them). */
export const COLUMN_VALUES: Record<(typeof IDENTITY_COLUMNS)[number] | (typeof CONTACT_COLUMNS)[number], ReadonlyArray<string | null>> = {
  givenName: GIVEN_NAMES,
  middleNames: [null, 'Haf', 'Wyn'],
  familyName: FAMILY_NAMES,
  dateOfBirth: DATES_OF_BIRTH,
  sex: [null, 'F', 'M', 'X'],
  // Two valid identifiers each (the learner-status probes look people up by them) and one failing its check.
  upn: [null, 'H681406125001', 'X681406125002', 'A681406100001'],
  uln: [null, '1000000019', '1000000027', '1234567890'],
  otherIdentifier: [null, 'CW-000123', 'YLC-77'],
  postcode: [null, 'CF10 1AA', 'CF24 3DA', 'LL55 1SA'],
  addressLine: [null, '1 Heol y Deri', '22 Stryd Fawr'],
  locality: [null, 'Cardiff', 'Caernarfon'],
  email: [null, 'ffion@example.org', 'osian@example.org'],
  phone: [null, '07700900001', '07700900002'],
};

/** Enrolment statuses (the relationship ones and some others). */
export const ENROLMENT_STATUSES = ['APPLIED', 'OFFERED', 'ACCEPTED', 'ENROLLED', 'ENROLLED', 'WITHDRAWN', 'ON_ROLL'] as const;
/** Enrolment start dates: past, future, none, and malformed. */
export const START_DATES: ReadonlyArray<string | null> = [daysAgo(90), daysAgo(400), daysAgo(-20), null, '1st September'];

/** The categories a provider of each kind typically holds (the generator prefers them). */
const TYPICAL: Partial<Record<OrganisationKind, DataCategory[]>> = {
  SCHOOL: ['EDUCATION_ENROLMENT', 'ATTENDANCE', 'BEHAVIOUR', 'ATTAINMENT', 'EARLY_IDENTIFICATION_RISK', 'SUPPORT_NEEDS'],
  LOCAL_AUTHORITY: ['EDUCATION_ENROLMENT', 'CARE_STATUS', 'SUPPORT_NEEDS', 'YOUTH_JUSTICE', 'LEAD_WORKER'],
  CAREERS_WALES: ['TIER_STATUS', 'CAREERS_GUIDANCE', 'DESTINATION'],
  FE_COLLEGE: ['EDUCATION_ENROLMENT', 'EDUCATION_ENROLMENT', 'DESTINATION', 'ATTENDANCE'],
  WBL_PROVIDER: ['EDUCATION_ENROLMENT', 'DESTINATION'],
  VOLUNTARY: ['INVOLVEMENT', 'ATTENDANCE'],
  YOUTH_SERVICE: ['INVOLVEMENT', 'LEAD_WORKER'],
};

/** A payload value for a category, made from a number (so a mutation can make another one). */
export function payloadValue(category: DataCategory, n: number): Record<string, unknown> {
  switch (category) {
    case 'EDUCATION_ENROLMENT': {
      const startDate = START_DATES[Math.floor(n / ENROLMENT_STATUSES.length) % START_DATES.length];
      return { status: ENROLMENT_STATUSES[n % ENROLMENT_STATUSES.length], ...(startDate ? { startDate } : {}) };
    }
    case 'TIER_STATUS':
      return { tier: 1 + (n % 5), ...(n % 3 === 0 ? {} : { assessedOn: daysAgo(n % 200) }) };
    case 'ATTENDANCE':
      return { percent: 60 + (n % 40) };
    case 'BEHAVIOUR':
      return { fixedTermExclusions: n % 4 };
    case 'ATTAINMENT':
      return { ks4Points: 200 + n };
    case 'EARLY_IDENTIFICATION_RISK':
      return { band: ['RED', 'AMBER', 'GREEN'][n % 3] };
    case 'CAREERS_GUIDANCE':
      return { interviewCount: n % 6 };
    case 'SUPPORT_NEEDS':
      return { aln: n % 2 === 0, youngCarer: n % 3 === 0 };
    case 'CARE_STATUS':
      return { careExperienced: n % 2 === 0 };
    case 'YOUTH_JUSTICE':
      return { yosInvolvement: n % 2 === 0 };
    case 'LEAD_WORKER':
      return { leadWorkerName: `LW-${n % 7}`, organisation: ['Cardiff Youth Service', 'Youth Links'][n % 2], allocatedOn: daysAgo(n % 90), ...(n % 4 === 0 ? { endedOn: daysAgo(1) } : {}) };
    case 'INVOLVEMENT':
      return { programme: ['Next Steps group', 'Mentoring', 'Detached youth work'][n % 3] };
    case 'DESTINATION':
      return { destination: ['FE', 'EMPLOYMENT', 'NEET'][n % 3] };
    default:
      throw new Error(`not a payload category: ${category}`);
  }
}

/** Identity and contact columns drawn from the small value lists. */
export const identityArb: fc.Arbitrary<IdentityFields> = fc.record(
  Object.fromEntries(
    [...IDENTITY_COLUMNS, ...CONTACT_COLUMNS].map((k) => [k, fc.constantFrom(...COLUMN_VALUES[k])]),
  ) as Record<keyof IdentityFields, fc.Arbitrary<string | null>>,
) as fc.Arbitrary<IdentityFields>;

interface RecordShape {
  provider: number;
  pool: number;
  identity: IdentityFields;
  typical: boolean;
  categories: DataCategory[];
  values: number[];
  version: number;
  hours: number;
  ownDob: boolean;
}

const recordShapeArb: fc.Arbitrary<RecordShape> = fc.record({
  provider: fc.nat({ max: 1000 }),
  /** A third of the records come from providers that release on conditions about the person, a third from any that can release. */
  pool: fc.nat({ max: 2 }),
  identity: identityArb,
  typical: fc.boolean(),
  categories: fc.subarray([...PAYLOAD_CATEGORIES], { maxLength: 3 }),
  values: fc.array(fc.nat({ max: 999 }), { minLength: PAYLOAD_CATEGORIES.length, maxLength: PAYLOAD_CATEGORIES.length }),
  version: fc.integer({ min: 1, max: 3 }),
  hours: fc.nat({ max: 24 * 60 }),
  /** Most records of a person agree on the date of birth; some carry their own. */
  ownDob: fc.nat({ max: 4 }).map((k) => k === 0),
});

/** A random ledger event, or (half the time) consent to share only some categories, given by the right person. */
const consentArb = fc.record({
  partial: fc.boolean(),
  kind: fc.constantFrom<ConsentEventKind>('GIVEN', 'GIVEN', 'REFUSED', 'WITHDRAWN', 'OBJECTION_RAISED', 'OBJECTION_LIFTED'),
  recipient: fc.oneof(
    fc.constant({ code: null, kind: null }),
    fc.constantFrom(...PROVIDER_CODES).map((code) => ({ code, kind: null })),
    fc.constantFrom<OrganisationKind>('LOCAL_AUTHORITY', 'FE_COLLEGE', 'CAREERS_WALES', 'SCHOOL', 'VOLUNTARY').map((kind) => ({ code: null, kind })),
  ),
  purpose: fc.option(fc.constantFrom(...PURPOSES), { freq: 2 }),
  categories: fc.option(fc.oneof(fc.constant<DataCategory[]>(['IDENTITY']), fc.subarray([...DATA_CATEGORIES], { minLength: 1, maxLength: 3 })), { freq: 2 }),
  givenBy: fc.constantFrom<ConsentAuthority>('YOUNG_PERSON', 'PARENT_GUARDIAN'),
});

const personShapeArb = fc.record({
  dob: fc.constantFrom(...DATES_OF_BIRTH),
  records: fc.array(recordShapeArb, { minLength: 1, maxLength: 4 }),
  tiers: fc.array(fc.record({ tier: fc.integer({ min: 1, max: 5 }), days: fc.nat({ max: 400 }) }), { maxLength: 2 }),
  consents: fc.array(consentArb, { maxLength: 3 }),
  /** Half the people first consented to sharing who they are (only), so what else is withheld waits on consent. */
  identityConsent: fc.boolean(),
  links: fc.array(
    fc.record({
      a: fc.nat(),
      b: fc.nat(),
      kind: fc.constantFrom(
        { rule: 'UPN', status: 'LINKED' },
        { rule: 'UPN', status: 'LINKED' },
        { rule: 'ULN', status: 'LINKED' },
        { rule: 'SCORED', status: 'CONFIRMED' },
        { rule: 'SCORED', status: 'LINKED' },
        { rule: 'SCORED', status: 'REVIEW' },
        { rule: 'UPN', status: 'REJECTED' },
      ) as fc.Arbitrary<Pick<WorldLink, 'rule' | 'status'>>,
    }),
    { maxLength: 2 },
  ),
});

/** How a world picks its providers: the organisation kind of each, and the ones to favour. */
export interface ProviderChoice {
  kindOf(code: string): OrganisationKind;
  /** Providers that can release something to the principal. */
  favoured: readonly string[];
  /** Those of them that release on conditions about the person. */
  personBound: readonly string[];
}

/** The records of one generated person, in slots 0…n-1. */
function recordsOf(person: number, dob: string | null, shapes: RecordShape[], providers: ProviderChoice): WorldRecord[] {
  return shapes.map((s, slot) => {
    const pools = [providers.personBound, providers.favoured, PROVIDER_CODES];
    const pool = pools.slice(s.pool).find((p) => p.length > 0)!;
    const providerCode = pool[s.provider % pool.length]!;
    const kindOf = providers.kindOf;
    const typical = TYPICAL[kindOf(providerCode)] ?? [];
    const categories = s.typical && typical.length > 0 ? [...new Set(s.categories.map((_, i) => typical[(s.values[i]! + i) % typical.length]!))] : s.categories;
    const payload: CategorisedPayload = {};
    for (const c of categories) payload[c] = payloadValue(c, s.values[PAYLOAD_CATEGORIES.indexOf(c)]!);
    return {
      id: recordId(person, slot),
      personId: personId(person),
      providerCode,
      partnerReference: `NI-${person}-${slot}`,
      identity: s.ownDob ? s.identity : { ...s.identity, dateOfBirth: dob },
      payload,
      version: s.version,
      receivedAt: receivedAt(s.hours),
    };
  });
}

/** A world of one to three young people, with records from every provider of the pool, the favoured ones more often. */
export function worldArb(providers: ProviderChoice): fc.Arbitrary<World> {
  return fc.array(personShapeArb, { minLength: 1, maxLength: 3 }).map((shapes): World => {
    const world: World = { people: [], records: [], tiers: [], consents: [], links: [] };
    shapes.forEach((p, i) => {
      const id = personId(i);
      world.people.push(id);
      const records = recordsOf(i, p.dob, p.records, providers);
      world.records.push(...records);
      world.tiers.push(...p.tiers.map((t) => ({ personId: id, tier: t.tier, assessedOn: daysAgo(t.days) })));
      if (p.identityConsent) {
        world.consents.push({
          personId: id, kind: 'GIVEN', recipientOrganisationCode: null, recipientKind: null, purpose: null, categories: ['IDENTITY'],
          givenBy: authorityFor(p.dob),
        });
      }
      world.consents.push(
        ...p.consents.map((c): WorldConsent =>
          c.partial
            ? {
                personId: id,
                kind: 'GIVEN',
                recipientOrganisationCode: null,
                recipientKind: c.recipient.kind,
                purpose: null,
                categories: c.givenBy === 'YOUNG_PERSON' ? ['IDENTITY'] : ['IDENTITY', 'CONTACT'],
                givenBy: authorityFor(p.dob),
              }
            : {
                personId: id,
                kind: c.kind,
                recipientOrganisationCode: c.recipient.code,
                recipientKind: c.recipient.kind,
                purpose: c.purpose,
                categories: c.categories,
                givenBy: c.givenBy,
              },
        ),
      );
      for (const l of p.links) {
        const a = records[l.a % records.length]!.id;
        const b = records[l.b % records.length]!.id;
        if (a !== b && !world.links.some((k) => samePair(k, a, b))) world.links.push({ recordA: a, recordB: b, ...l.kind });
      }
    });
    return world;
  });
}

/** Who gives consent for a person of this date of birth today (anyone, when it is unknown: no one's counts). */
export function authorityFor(dob: string | null): ConsentAuthority {
  return dob !== null && ageOn(dob, isoToday()) < DEFAULT_CONSENT_AGE ? 'PARENT_GUARDIAN' : 'YOUNG_PERSON';
}
