// Small worlds of young people for the noninterference test: records from the seeded organisations with
// deterministic ids, dates and versions, tier assessments, consent-ledger events and strong-link evidence,
// written to and cleared from the real database in a few statements each.
import type { DataSource } from 'typeorm';
import type { OrganisationKind } from '../../src/modules/organisations/organisation-kind.js';
import { DEMO_ORG_CODES as ORG } from '../../src/modules/organisations/organisations.data.js';
import type { IdentityFields } from '../../src/modules/sources/identity-fields.js';
import type { CategorisedPayload } from '../../src/modules/sources/source-record.entity.js';
import { DATA_CATEGORIES, type DataCategory } from '../../src/policy/data-category.js';
import type { ConsentAuthority, ConsentEventKind } from '../../src/policy/policy.types.js';
import type { Purpose } from '../../src/policy/purpose.js';

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
 * consent ledger is append-only by trigger, so this runs with triggers off, on a DataSource of the
 * database's owner (`ownerDataSource`: the application role may not switch them off), and clears
 * person_state itself.
 */
export async function clearWorlds(owner: DataSource): Promise<void> {
  await owner.transaction(async (em) => {
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
    // With the triggers off nothing cascades: a world's home LAs and transfers go with its people.
    await em.query(`DELETE FROM la_transfer WHERE ${people}`, PERSON_RANGE);
    await em.query(`DELETE FROM person_home WHERE ${people}`, PERSON_RANGE);
    await em.query(`DELETE FROM tier_event WHERE ${people}`, PERSON_RANGE);
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
