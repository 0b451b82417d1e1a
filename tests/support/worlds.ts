// Small worlds of young people for the noninterference test: records from the seeded organisations with
// deterministic ids, dates and versions, tier assessments, consent-ledger events and strong-link evidence,
// written to and cleared from the real database in a few statements each.
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import type { OrganisationKind } from '../../src/modules/organisations/organisation-kind.js';
import { DEMO_ORG_CODES as ORG } from '../../src/modules/organisations/organisations.data.js';
import type { IdentityFields } from '../../src/modules/sources/identity-fields.js';
import type { CategorisedPayload } from '../../src/modules/sources/source-record.entity.js';
import { DATA_CATEGORIES, type DataCategory } from '../../src/policy/data-category.js';
import type { ConsentAuthority, ConsentEventKind } from '../../src/policy/policy.types.js';
import { ageOn, isoToday } from '../../src/policy/age.js';
import { PURPOSES, type Purpose } from '../../src/policy/purpose.js';
import { DEFAULT_CONSENT_AGE } from '../../src/policy/purposes.policy.js';
import { birthdayIn } from './factories.js';

/** The organisations whose records make up a world (codes of seeded organisations). */
export const PROVIDER_CODES = [
  ORG.cardiffSchool,
  'school.gwynedd.ysgol-gyfun-glan-seiont',
  ORG.cardiffLa,
  ORG.gwyneddLa,
  ORG.careersWales,
  ORG.cardiffCollege,
  'college.cardiff-west',
  ORG.cardiffVoluntary,
  ORG.cardiffYouthService,
  'wbl.sgiliau-ymlaen',
] as const;

/** A seeded organisation as the worlds need it. */
export interface OrgFacts {
  id: string;
  code: string;
  kind: OrganisationKind;
  laCode: string | null;
}

/** One partner record of a world. */
export interface WorldRecord {
  id: string;
  personId: string;
  providerCode: string;
  partnerReference: string;
  identity: IdentityFields;
  payload: CategorisedPayload;
  version: number;
  receivedAt: string;
}

/** A Careers Wales tier assessment recorded in the hub. */
export interface WorldTier {
  personId: string;
  tier: number;
  assessedOn: string;
}

/** A consent-ledger event (events are written in array order, which is their ledger order). */
export interface WorldConsent {
  personId: string;
  kind: ConsentEventKind;
  recipientOrganisationCode: string | null;
  recipientKind: OrganisationKind | null;
  purpose: Purpose | null;
  categories: DataCategory[] | null;
  givenBy: ConsentAuthority;
}

/** Match evidence between two records of one person (record ids in either order). */
export interface WorldLink {
  recordA: string;
  recordB: string;
  rule: 'UPN' | 'ULN' | 'SCORED';
  status: 'LINKED' | 'CONFIRMED' | 'REVIEW' | 'REJECTED';
}

/** Everything a world holds; two worlds with equal parts are byte-identical in the database. */
export interface World {
  people: string[];
  records: WorldRecord[];
  tiers: WorldTier[];
  consents: WorldConsent[];
  links: WorldLink[];
}

/** Categories carried in a record's payload (IDENTITY and CONTACT are its columns). */
export const PAYLOAD_CATEGORIES: readonly DataCategory[] = DATA_CATEGORIES.filter((c) => c !== 'IDENTITY' && c !== 'CONTACT');

/** The identity columns (category IDENTITY) and contact columns (CONTACT) of a record. */
export const IDENTITY_COLUMNS = ['givenName', 'middleNames', 'familyName', 'dateOfBirth', 'sex', 'upn', 'uln', 'otherIdentifier'] as const;
/** The contact columns of a record. */
export const CONTACT_COLUMNS = ['postcode', 'addressLine', 'locality', 'email', 'phone'] as const;

/** A young person's fixed id: all of them sort before any random UUID, so they head every list. */
export function personId(index: number): string {
  return `00000000-0000-4000-8000-0000000100${hex2(index)}`;
}

/** A record's fixed id, from its person and its slot. */
export function recordId(person: number, slot: number): string {
  return `00000000-0000-4000-8000-00000002${hex2(person)}${hex2(slot)}`;
}

/** The person and slot of a fixed record id. */
export function slotOf(id: string): { person: number; slot: number } {
  return { person: parseInt(id.slice(-4, -2), 16), slot: parseInt(id.slice(-2), 16) };
}

function hex2(n: number): string {
  if (n < 0 || n > 255) throw new Error(`world index out of range: ${n}`);
  return n.toString(16).padStart(2, '0');
}

const PERSON_RANGE = [personId(0), personId(255)] as const;
const RECORD_RANGE = [recordId(0, 0), recordId(255, 255)] as const;

/** When the hub received a record: a fixed instant, `hours` after a fixed start. */
export function receivedAt(hours: number): string {
  return new Date(Date.parse('2026-03-02T08:00:00Z') + hours * 3_600_000).toISOString();
}

/** An ISO day `days` before today. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

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
  upn: [null, 'A681406100001', 'A681406100002'],
  uln: [null, '1234567890', '9876543210'],
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
      return { leadWorker: `LW-${n % 7}` };
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

/** The records of one generated person, in slots 0…n-1. */
/** How a world picks its providers: the organisation kind of each, and the ones to favour. */
export interface ProviderChoice {
  kindOf(code: string): OrganisationKind;
  /** Providers that can release something to the principal. */
  favoured: readonly string[];
  /** Those of them that release on conditions about the person. */
  personBound: readonly string[];
}

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

/** Does this link join these two records? */
export function samePair(l: WorldLink, a: string, b: string): boolean {
  return (l.recordA === a && l.recordB === b) || (l.recordA === b && l.recordB === a);
}

/** Writes a world in one transaction: one statement per table, so the person_state triggers run once each. */
export async function loadWorld(ds: DataSource, world: World, orgs: ReadonlyMap<string, OrgFacts>, recorderId: string): Promise<void> {
  const org = (code: string): OrgFacts => {
    const o = orgs.get(code);
    if (!o) throw new Error(`world: no organisation ${code}`);
    return o;
  };
  await ds.transaction(async (em) => {
    await em.query(
      `INSERT INTO young_person (id, created_at, updated_at)
       SELECT id, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z' FROM unnest($1::uuid[]) AS id`,
      [world.people],
    );
    if (world.records.length > 0) {
      const rows = world.records.map((r) => ({
        id: r.id,
        provider_organisation_id: org(r.providerCode).id,
        partner_reference: r.partnerReference,
        person_id: r.personId,
        given_name: r.identity.givenName,
        middle_names: r.identity.middleNames,
        family_name: r.identity.familyName,
        date_of_birth: r.identity.dateOfBirth,
        sex: r.identity.sex,
        postcode: r.identity.postcode,
        address_line: r.identity.addressLine,
        locality: r.identity.locality,
        upn: r.identity.upn,
        uln: r.identity.uln,
        other_identifier: r.identity.otherIdentifier,
        email: r.identity.email,
        phone: r.identity.phone,
        payload: r.payload,
        version: r.version,
        received_at: r.receivedAt,
      }));
      await em.query(
        `INSERT INTO source_record (id, provider_organisation_id, partner_reference, person_id, given_name, middle_names, family_name,
           date_of_birth, sex, postcode, address_line, locality, upn, uln, other_identifier, email, phone, payload, version, received_at)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, provider_organisation_id uuid, partner_reference text, person_id uuid,
           given_name text, middle_names text, family_name text, date_of_birth date, sex text, postcode text, address_line text,
           locality text, upn text, uln text, other_identifier text, email text, phone text, payload jsonb, version integer,
           received_at timestamptz)`,
        [JSON.stringify(rows)],
      );
    }
    // Multi-row VALUES take their serial numbers in row order, which is the ledger's order.
    if (world.tiers.length > 0) {
      await em.query(
        `INSERT INTO tier_assessment (person_id, tier, assessed_on) VALUES ${placeholders(world.tiers.length, 3)}`,
        world.tiers.flatMap((t) => [t.personId, t.tier, t.assessedOn]),
      );
    }
    if (world.consents.length > 0) {
      await em.query(
        `INSERT INTO consent_event (person_id, kind, recipient_organisation_id, recipient_kind, purpose, categories, given_by,
           evidence_reference, recorded_by, recorded_at) VALUES ${placeholders(world.consents.length, 10)}`,
        world.consents.flatMap((c) => [
          c.personId, c.kind, c.recipientOrganisationCode ? org(c.recipientOrganisationCode).id : null, c.recipientKind, c.purpose,
          c.categories, c.givenBy, 'noninterference-test', recorderId, '2026-03-01T00:00:00Z',
        ]),
      );
    }
    if (world.links.length > 0) {
      await em.query(
        `INSERT INTO match_candidate (record_a_id, record_b_id, version_a, version_b, rule, levels, weights, prior, total_weight,
           probability, status) VALUES ${placeholders(world.links.length, 11)}`,
        world.links.flatMap((l) => {
          const [a, b] = l.recordA < l.recordB ? [l.recordA, l.recordB] : [l.recordB, l.recordA];
          return [a, b, 1, 1, l.rule, [], [], 0, 12.5, 0.999, l.status];
        }),
      );
    }
  });
}

function placeholders(rows: number, columns: number): string {
  return Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`).join(', ');
}

/**
 * Removes every world row (any world's, so a crashed run leaves nothing behind) in foreign-key order. The
 * consent ledger is append-only by trigger, so this runs with triggers off and clears person_state itself.
 */
export async function clearWorlds(ds: DataSource): Promise<void> {
  await ds.transaction(async (em) => {
    await em.query('SET LOCAL session_replication_role = replica');
    const people = 'person_id BETWEEN $1::uuid AND $2::uuid';
    await em.query(
      `DELETE FROM match_candidate WHERE record_a_id BETWEEN $1::uuid AND $2::uuid OR record_b_id BETWEEN $1::uuid AND $2::uuid`,
      RECORD_RANGE,
    );
    await em.query(`DELETE FROM consent_event WHERE ${people}`, PERSON_RANGE);
    await em.query(`DELETE FROM tier_assessment WHERE ${people}`, PERSON_RANGE);
    await em.query(`DELETE FROM source_record WHERE id BETWEEN $1::uuid AND $2::uuid`, RECORD_RANGE);
    await em.query(`DELETE FROM person_state WHERE ${people}`, PERSON_RANGE);
    await em.query(`DELETE FROM young_person WHERE id BETWEEN $1::uuid AND $2::uuid`, PERSON_RANGE);
  });
}

/** The seeded organisations of the provider pool (and any other codes asked for), by code. */
export async function loadOrgs(ds: DataSource, codes: readonly string[]): Promise<Map<string, OrgFacts>> {
  const rows = (await ds.query('SELECT id, code, kind, la_code FROM organisation WHERE code = ANY($1)', [[...codes]])) as Array<{
    id: string;
    code: string;
    kind: OrganisationKind;
    la_code: string | null;
  }>;
  const out = new Map(rows.map((r) => [r.code, { id: r.id, code: r.code, kind: r.kind, laCode: r.la_code }]));
  for (const c of codes) if (!out.has(c)) throw new Error(`world: organisation ${c} is not seeded`);
  return out;
}

/** What changed between two worlds, one line per row, for a counterexample. */
export function worldDiff(a: World, b: World): string[] {
  const out: string[] = [];
  const byId = (w: World) => new Map(w.records.map((r) => [r.id, r]));
  const ra = byId(a);
  const rb = byId(b);
  for (const p of b.people) if (!a.people.includes(p)) out.push(`+ person ${p.slice(-4)}`);
  for (const p of a.people) if (!b.people.includes(p)) out.push(`- person ${p.slice(-4)}`);
  for (const [id, r] of rb) {
    const old = ra.get(id);
    if (!old) out.push(`+ record ${id.slice(-4)} ${r.providerCode} ${JSON.stringify(r.payload)}`);
    else if (JSON.stringify(old) !== JSON.stringify(r)) {
      const changed = (Object.keys(r) as Array<keyof WorldRecord>).filter((k) => JSON.stringify(old[k]) !== JSON.stringify(r[k]));
      out.push(`~ record ${id.slice(-4)} ${r.providerCode} ${changed.map((k) => `${k}: ${JSON.stringify(old[k])} → ${JSON.stringify(r[k])}`).join('; ')}`);
    }
  }
  for (const [id, r] of ra) if (!rb.has(id)) out.push(`- record ${id.slice(-4)} ${r.providerCode}`);
  const rows = (xs: unknown[]) => xs.map((x) => JSON.stringify(x));
  for (const [name, xa, xb] of [
    ['tier', rows(a.tiers), rows(b.tiers)],
    ['consent', rows(a.consents), rows(b.consents)],
    ['link', rows(a.links), rows(b.links)],
  ] as const) {
    for (const x of xb) if (!xa.includes(x)) out.push(`+ ${name} ${x}`);
    for (const x of xa) if (!xb.includes(x)) out.push(`- ${name} ${x}`);
  }
  return out;
}
