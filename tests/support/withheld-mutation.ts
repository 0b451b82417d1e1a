// Mutations of a world that change only what the rules withhold from one principal and purpose: each
// operation is generated blind (indices and numbers) and aimed, when applied, at what the first world's
// release view says is withheld. They are aimed, not trusted: the test still compares the release views.
import fc from 'fast-check';
import type { OrganisationKind } from '../../src/modules/organisations/organisation-kind.js';
import type { DataCategory } from '../../src/policy/data-category.js';
import type { ConsentEventKind } from '../../src/policy/policy.types.js';
import type { Purpose } from '../../src/policy/purpose.js';
import type { RedactionReason } from '../../src/policy/redaction-reason.js';
import { held, type ReleaseView } from './release-oracle.js';
import { authorityFor, COLUMN_VALUES, DATES_OF_BIRTH, payloadValue } from './world-generators.js';
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
  slotOf,
  type World,
  type WorldRecord,
} from './worlds.js';

/** One withheld-only change, before it is aimed at a world. */
export type MutationOp =
  | { op: 'rewriteValue'; pick: number; n: number }
  | { op: 'addCategory'; pick: number; n: number }
  | { op: 'dropCategory'; pick: number }
  | { op: 'dropHiddenRecord'; pick: number }
  | { op: 'addHiddenRecord'; person: number; provider: number; n: number; categories: number[] }
  | { op: 'retier'; person: number; n: number }
  | { op: 'narrowConsent'; person: number; n: number }
  | { op: 'consentForOthers'; person: number; n: number }
  | { op: 'dropConsent'; pick: number }
  | { op: 'relink'; pick: number; n: number }
  | { op: 'reprovenance'; pick: number; n: number }
  | { op: 'addHiddenPerson'; n: number; providers: number[] }
  | { op: 'dropHiddenPerson'; pick: number };

/** The names of the operations, for counting. */
export type MutationName = MutationOp['op'];

/** Every operation name (the test checks each is exercised). */
export const MUTATION_NAMES: readonly MutationName[] = [
  'rewriteValue', 'addCategory', 'dropCategory', 'dropHiddenRecord', 'addHiddenRecord', 'retier',
  'narrowConsent', 'consentForOthers', 'dropConsent', 'relink', 'reprovenance', 'addHiddenPerson', 'dropHiddenPerson',
];

const n = fc.nat({ max: 10_000 });
const pick = fc.nat({ max: 1000 });

/** One operation. */
export const mutationOpArb: fc.Arbitrary<MutationOp> = fc.oneof(
  fc.record({ op: fc.constant('rewriteValue' as const), pick, n }),
  fc.record({ op: fc.constant('addCategory' as const), pick, n }),
  fc.record({ op: fc.constant('dropCategory' as const), pick }),
  fc.record({ op: fc.constant('dropHiddenRecord' as const), pick }),
  fc.record({
    op: fc.constant('addHiddenRecord' as const),
    person: pick,
    provider: pick,
    n,
    categories: fc.array(fc.nat({ max: PAYLOAD_CATEGORIES.length - 1 }), { maxLength: 3 }),
  }),
  fc.record({ op: fc.constant('retier' as const), person: pick, n }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('narrowConsent' as const), person: pick, n }) },
  fc.record({ op: fc.constant('consentForOthers' as const), person: pick, n }),
  fc.record({ op: fc.constant('dropConsent' as const), pick }),
  fc.record({ op: fc.constant('relink' as const), pick, n }),
  fc.record({ op: fc.constant('reprovenance' as const), pick, n }),
  fc.record({ op: fc.constant('addHiddenPerson' as const), n, providers: fc.array(pick, { minLength: 1, maxLength: 2 }) }),
  fc.record({ op: fc.constant('dropHiddenPerson' as const), pick }),
);

/** One to three operations, applied in turn. */
export const mutationArb = fc.array(mutationOpArb, { minLength: 1, maxLength: 3 });

/** Who the mutation hides its changes from. */
export interface Observer {
  organisationCode: string;
  organisationKind: OrganisationKind;
  purpose: Purpose;
}

const NARROWING: ConsentEventKind[] = ['REFUSED', 'WITHDRAWN', 'OBJECTION_RAISED'];
const consentReason = (r: RedactionReason | undefined): boolean => r === 'CONSENT_REQUIRED' || r === 'CONSENT_WITHDRAWN';
const ANY_EVENT: ConsentEventKind[] = ['GIVEN', 'REFUSED', 'WITHDRAWN', 'OBJECTION_RAISED', 'OBJECTION_LIFTED'];

const at = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);
const clone = (w: World): World => structuredClone(w);

/**
 * Applies the operations to a copy of the world, each aimed by the first world's release view at what
 * the observer may not see; returns the new world and the operations that changed something.
 */
export function applyWithheldOnly(world: World, ops: readonly MutationOp[], view: ReleaseView, observer: Observer): { world: World; applied: MutationName[] } {
  let w = clone(world);
  const applied: MutationName[] = [];
  for (const op of ops) {
    const next = applyOne(w, op, view, observer);
    if (next) {
      w = next;
      applied.push(op.op);
    }
  }
  return { world: w, applied };
}

/** The (record, category) pairs the first world withholds from the observer that satisfy `want`. */
function withheldPairs(w: World, view: ReleaseView, want: (r: WorldRecord, c: DataCategory) => boolean): Array<[WorldRecord, DataCategory]> {
  return w.records.flatMap((r) => {
    const d = view.decisions.get(r.id);
    if (!d) return [];
    return [...d].filter(([c, how]) => how === null && want(r, c)).map(([c]): [WorldRecord, DataCategory] => [r, c]);
  });
}

/** Another value for a payload category; for a tier status, one in the same tier class as the old one. */
function variant(c: DataCategory, old: unknown, k: number, view: ReleaseView): Record<string, unknown> {
  if (c === 'TIER_STATUS') {
    const tier = (old as { tier?: number } | undefined)?.tier ?? null;
    const same = [1, 2, 3, 4, 5].filter((t) => view.tierClass(t) === view.tierClass(tier));
    return { ...(old as object), tier: at(same, k) ?? 1 + (k % 5) };
  }
  const fresh = payloadValue(c, k);
  return JSON.stringify(fresh) === JSON.stringify(old) ? payloadValue(c, k + 1) : fresh;
}

function applyOne(current: World, op: MutationOp, view: ReleaseView, observer: Observer): World | null {
  const w = clone(current);
  const hidden = w.records.filter((r) => view.decisions.has(r.id) && !view.shown.has(r.id));
  switch (op.op) {
    case 'rewriteValue': {
      const target = at(withheldPairs(w, view, held), op.pick);
      if (!target) return null;
      const [r, c] = target;
      if (c === 'IDENTITY' || c === 'CONTACT') {
        const columns = c === 'IDENTITY' ? IDENTITY_COLUMNS : CONTACT_COLUMNS;
        const column = at(columns, op.n)!;
        const options = COLUMN_VALUES[column].filter((v) => v !== r.identity[column]);
        r.identity[column] = at(options, Math.floor(op.n / columns.length)) ?? null;
      } else {
        r.payload[c] = variant(c, r.payload[c], op.n, view);
      }
      return w;
    }
    case 'addCategory': {
      const target = at(withheldPairs(w, view, (r, c) => !held(r, c)), op.pick);
      if (!target) return null;
      const [r, c] = target;
      r.payload[c] = c === 'TIER_STATUS' ? variant(c, { tier: view.currentTier(r.personId) ?? 5 }, op.n, view) : payloadValue(c, op.n);
      return w;
    }
    case 'dropCategory': {
      const target = at(withheldPairs(w, view, (r, c) => c !== 'IDENTITY' && c !== 'CONTACT' && held(r, c)), op.pick);
      if (!target) return null;
      delete target[0].payload[target[1]];
      return w;
    }
    case 'dropHiddenRecord': {
      const r = at(hidden, op.pick);
      if (!r) return null;
      w.records = w.records.filter((x) => x.id !== r.id);
      w.links = w.links.filter((l) => l.recordA !== r.id && l.recordB !== r.id);
      return w;
    }
    case 'addHiddenRecord': {
      // Only people of the first world: the view can decide for them.
      const person = at(w.people.filter((p) => view.people.has(p)), op.person);
      if (!person) return null;
      // Only a provider whose every category of this record stays withheld: identity and contact always count.
      const categories = [...new Set(op.categories.map((i) => PAYLOAD_CATEGORIES[i]!))];
      const provider = at(
        PROVIDER_CODES.filter((code) => {
          const d = view.wouldRelease(person, code);
          return (['IDENTITY', 'CONTACT', ...categories] as DataCategory[]).every((c) => d.get(c) === null);
        }),
        op.provider,
      );
      if (!provider) return null;
      const index = parseInt(person.slice(-2), 16);
      const slot = 1 + Math.max(...w.records.filter((r) => r.personId === person).map((r) => slotOf(r.id).slot), 15);
      const mine = w.records.filter((r) => r.personId === person);
      const payload = Object.fromEntries(
        categories.map((c) => [c, c === 'TIER_STATUS' ? variant(c, { tier: view.currentTier(person) ?? 5 }, op.n, view) : payloadValue(c, op.n)]),
      );
      w.records.push({
        id: recordId(index, slot),
        personId: person,
        providerCode: provider,
        partnerReference: `NI-${index}-${slot}`,
        // The same date of birth as another record, and received first, so the person's derived facts stay put.
        identity: { ...(at(mine, op.n)?.identity ?? blankIdentity()), givenName: at(COLUMN_VALUES.givenName, op.n)! },
        payload,
        version: 1 + (op.n % 3),
        receivedAt: receivedAt(-1 - (op.n % 48)),
      });
      return w;
    }
    case 'retier': {
      const person = at(w.people, op.person);
      if (!person) return null;
      const current = view.currentTier(person);
      const same = [1, 2, 3, 4, 5].filter((t) => view.tierClass(t) === view.tierClass(current));
      const tiers = w.tiers.filter((t) => t.personId === person);
      if (tiers.length > 0) {
        for (const [i, t] of tiers.entries()) {
          const options = [1, 2, 3, 4, 5].filter((x) => x !== t.tier && view.tierClass(x) === view.tierClass(t.tier));
          t.tier = at(options, op.n + i) ?? t.tier;
        }
      } else if (same.length > 0) {
        w.tiers.push({ personId: person, tier: at(same, op.n)!, assessedOn: daysAgo(op.n % 300) });
      } else {
        return null;
      }
      return w;
    }
    case 'narrowConsent': {
      // Per person, the categories withheld from every record: narrowing them for the observer changes no release.
      const pairs = w.people.filter((p) => view.people.has(p)).flatMap((person) => {
        const records = w.records.filter((r) => r.personId === person);
        return (['IDENTITY', 'CONTACT', ...PAYLOAD_CATEGORIES] as DataCategory[])
          .filter((c) => records.every((r) => view.decisions.get(r.id)?.get(c) === null))
          .map((c) => ({ person, c, consentBound: records.some((r) => view.shown.has(r.id) && consentReason(view.reasons.get(r.id)?.get(c))) }));
      });
      // Prefer those withheld for want of consent on a shown record: narrowing them changes the precise reason there.
      const bound = pairs.filter((p) => p.consentBound);
      const aimed = bound.length > 0 && op.n % 4 !== 3;
      const target = at(aimed ? bound : pairs, op.person);
      if (!target) return null;
      const { person } = target;
      const categories = pairs.filter((p) => p.person === person && (p.c === target.c || (op.n >> (PAYLOAD_CATEGORIES.indexOf(p.c) + 2)) % 3 === 0)).map((p) => p.c);
      const recipient = op.n % 3;
      // A refusal, withdrawal or objection never releases; consent from someone who may not give it seldom does
      // (it ends a refusal: the release views tell).
      const kind = aimed ? at(NARROWING, op.n >> 2)! : at([...NARROWING, 'GIVEN'] as const, op.n >> 2)!;
      const rightful = authorityFor(view.dateOfBirth(person));
      w.consents.push({
        personId: person,
        kind,
        recipientOrganisationCode: recipient === 0 ? observer.organisationCode : null,
        recipientKind: recipient === 1 ? observer.organisationKind : null,
        purpose: (op.n >> 4) % 2 === 0 ? observer.purpose : null,
        categories,
        givenBy: kind === 'GIVEN' ? (rightful === 'YOUNG_PERSON' ? 'PARENT_GUARDIAN' : 'YOUNG_PERSON') : (op.n >> 5) % 2 === 0 ? 'YOUNG_PERSON' : 'PARENT_GUARDIAN',
      });
      return w;
    }
    case 'consentForOthers': {
      const person = at(w.people, op.person);
      const others = PROVIDER_CODES.filter((c) => c !== observer.organisationCode);
      if (!person) return null;
      // An event addressed to another organisation by name covers only that organisation.
      w.consents.push({
        personId: person,
        kind: at(ANY_EVENT, op.n)!,
        recipientOrganisationCode: at(others, op.n >> 3)!,
        recipientKind: null,
        purpose: (op.n >> 6) % 2 === 0 ? observer.purpose : null,
        categories: (op.n >> 7) % 2 === 0 ? null : ['IDENTITY', at(PAYLOAD_CATEGORIES, op.n)!],
        givenBy: (op.n >> 8) % 2 === 0 ? 'YOUNG_PERSON' : 'PARENT_GUARDIAN',
      });
      return w;
    }
    case 'dropConsent': {
      // Worlds are not histories: one without this ledger entry is another world, equal when the entry decided nothing released.
      if (w.consents.length === 0) return null;
      w.consents.splice(op.pick % w.consents.length, 1);
      return w;
    }
    case 'relink': {
      // Evidence between two records of the same person; it earns a relationship only for the organisations holding them.
      const pairs = w.records.flatMap((a) => w.records.filter((b) => a.id < b.id && a.personId === b.personId).map((b) => [a, b] as const));
      const aimed = pairs.filter(([a, b]) => (op.n % 4 === 0 ? true : a.providerCode !== observer.organisationCode && b.providerCode !== observer.organisationCode));
      const pair = at(aimed, op.pick);
      if (!pair) return null;
      const [a, b] = pair;
      const existing = w.links.findIndex((l) => samePair(l, a.id, b.id));
      if (existing >= 0) w.links.splice(existing, 1);
      else w.links.push({ recordA: a.id, recordB: b.id, rule: op.n % 2 === 0 ? 'UPN' : 'SCORED', status: op.n % 2 === 0 ? 'LINKED' : 'CONFIRMED' });
      return w;
    }
    case 'reprovenance': {
      const r = at(hidden, op.pick);
      if (!r) return null;
      r.version = 1 + ((r.version + op.n) % 5);
      r.partnerReference = `${r.partnerReference}-v${op.n % 10}`;
      if (op.n % 2 === 0) r.receivedAt = receivedAt(-100 - (op.n % 500));
      return w;
    }
    case 'addHiddenPerson': {
      const silent = [...view.silentProviders];
      if (silent.length === 0) return null;
      const index = 1 + Math.max(...w.people.map((p) => parseInt(p.slice(-2), 16)), 7);
      const id = personId(index);
      w.people.push(id);
      op.providers.forEach((p, slot) => {
        const c = at(PAYLOAD_CATEGORIES, op.n + slot)!;
        w.records.push({
          id: recordId(index, slot),
          personId: id,
          providerCode: at(silent, p)!,
          partnerReference: `NI-${index}-${slot}`,
          identity: { ...at(w.records, op.n)?.identity ?? blankIdentity(), dateOfBirth: at(DATES_OF_BIRTH, op.n)! },
          payload: { [c]: payloadValue(c, op.n) },
          version: 1,
          receivedAt: receivedAt(op.n % 1000),
        });
      });
      if (op.n % 2 === 0) w.tiers.push({ personId: id, tier: 1 + (op.n % 5), assessedOn: daysAgo(op.n % 100) });
      return w;
    }
    case 'dropHiddenPerson': {
      const person = at(w.people.filter((p) => !w.records.some((r) => r.personId === p && view.shown.has(r.id))), op.pick);
      if (!person) return null;
      const gone = new Set(w.records.filter((r) => r.personId === person).map((r) => r.id));
      w.people = w.people.filter((p) => p !== person);
      w.records = w.records.filter((r) => !gone.has(r.id));
      w.tiers = w.tiers.filter((t) => t.personId !== person);
      w.consents = w.consents.filter((c) => c.personId !== person);
      w.links = w.links.filter((l) => !gone.has(l.recordA) && !gone.has(l.recordB));
      return w;
    }
  }
}

function blankIdentity(): WorldRecord['identity'] {
  return Object.fromEntries([...IDENTITY_COLUMNS, ...CONTACT_COLUMNS].map((k) => [k, null])) as unknown as WorldRecord['identity'];
}
