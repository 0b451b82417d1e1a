// What the rules release to one principal for one purpose from a world loaded in the database. The
// decision per (person, supplier, category) is the reference model's (tests/policy/reference-model.ts,
// written from docs/sharing-rules.md alone), over the clauses naming the principal as recipient and the
// facts the engine derives about the person from the database (date of birth, home LA, tier, earned
// relationships, consent ledger); what a decision makes visible (held values, shown records) follows §2
// here, not the engine's checked views, so a leak in the engine's read path is not mirrored here.
import type { RequestContext } from '../../src/graphql/context.js';
import type { Infrastructure } from '../../src/boot.js';
import { agreementInForce, needsConsent, providerMatches, type CompiledPolicy } from '../../src/policy/compile.js';
import { DATA_CATEGORIES, type DataCategory } from '../../src/policy/data-category.js';
import type { ProviderFacts, Requester } from '../../src/policy/policy.types.js';
import type { Purpose } from '../../src/policy/purpose.js';
import type { RedactionReason } from '../../src/policy/redaction-reason.js';
import type { RequestPolicy } from '../../src/policy/request-policy.js';
import { referenceDecide } from '../policy/reference-model.js';
import { CONTACT_COLUMNS, IDENTITY_COLUMNS, PROVIDER_CODES, type OrgFacts, type World, type WorldRecord } from './worlds.js';

/** How a category of one record reaches the principal: its value, a flag, or not at all (null). */
export type Release = 'VALUE' | 'FLAG' | null;

/** The oracle's view of one world for one principal and purpose. */
export interface ReleaseView {
  /** Canonical text of everything released: shown records with their provenance and released categories. */
  released: string;
  /** Per record, per category: how it is released. */
  decisions: ReadonlyMap<string, ReadonlyMap<DataCategory, Release>>;
  /** The people of the world the view was made for (the only ones it can decide about). */
  people: ReadonlySet<string>;
  /** The precise reasons (as the access log has them) for what is withheld on shown records, as canonical text. */
  preciseReasons: string;
  /** The precise reason per record and withheld category. */
  reasons: ReadonlyMap<string, ReadonlyMap<DataCategory, RedactionReason>>;
  /** Records from which something held is released. */
  shown: ReadonlySet<string>;
  /** How each category of a record from this pool provider about this person would be released. */
  wouldRelease(personId: string, providerCode: string): ReadonlyMap<DataCategory, Release>;
  /** The person's date of birth as the rules read it. */
  dateOfBirth(personId: string): string | null;
  /** The person's current tier as the rules read it. */
  currentTier(personId: string): number | null;
  /** Tiers that no tier condition of the granting clauses tells apart share a class. */
  tierClass(tier: number | null): string;
  /** Pool providers from which nothing can reach this principal for this purpose, whoever the person is. */
  silentProviders: ReadonlySet<string>;
}

/** Does the record hold a value in this category? IDENTITY and CONTACT count as held on every record (§2). */
export function held(r: WorldRecord, c: DataCategory): boolean {
  return c === 'IDENTITY' || c === 'CONTACT' || r.payload[c] !== undefined;
}

/** The values of one category of a record, as the response carries them. */
export function valuesOf(r: WorldRecord, c: DataCategory): unknown {
  if (c === 'IDENTITY') return { partnerReference: r.partnerReference, ...pick(r.identity, IDENTITY_COLUMNS) };
  if (c === 'CONTACT') return pick(r.identity, CONTACT_COLUMNS);
  return r.payload[c];
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

/** The compiled rules of a principal and purpose, over the agreements in the database now. */
export async function policyFor(infra: Infrastructure, requester: Requester, purpose: Purpose): Promise<RequestPolicy> {
  // forPrincipal reads only the data source and the policy version from the context.
  const ctx = { ds: infra.ds, policyVersion: null } as unknown as RequestContext;
  return infra.services.policy.forPrincipal(ctx, requester, purpose);
}

/** Evaluates what the world releases to the principal (the world must be loaded: person facts come from person_state). */
export async function releaseView(
  infra: Infrastructure,
  requester: Requester,
  purpose: Purpose,
  world: World,
  orgs: ReadonlyMap<string, OrgFacts>,
): Promise<ReleaseView> {
  const policy = await policyFor(infra, requester, purpose);
  await policy.prepare(world.people);
  const providerOf = (code: string): ProviderFacts => {
    const o = orgs.get(code)!;
    return { organisationId: o.id, kind: o.kind, laCode: o.laCode };
  };
  const compiled = policy.compiled;
  const decide = (personId: string, code: string, c: DataCategory) => {
    const person = policy.facts(personId);
    if (!person) throw new Error(`release view: no facts for ${personId}`);
    return referenceDecide(requester, purpose, compiled.relevantClauses, providerOf(code), person, c, compiled.today, policy.adultAge);
  };
  const releaseOf = (personId: string, code: string): Map<DataCategory, Release> =>
    new Map(
      DATA_CATEGORIES.map((c) => {
        const d = decide(personId, code, c);
        return [c, d.allowed ? (d.flagOnly ? 'FLAG' : 'VALUE') : null];
      }),
    );
  const reasonsOf = (personId: string, code: string): Map<DataCategory, RedactionReason> =>
    new Map(
      DATA_CATEGORIES.flatMap((c) => {
        const reason = decide(personId, code, c).reason;
        return reason ? [[c, reason] as const] : [];
      }),
    );

  const decisions = new Map<string, Map<DataCategory, Release>>();
  const reasons = new Map<string, Map<DataCategory, RedactionReason>>();
  const shown = new Set<string>();
  const released: unknown[] = [];
  const precise: unknown[] = [];
  for (const r of [...world.records].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const d = releaseOf(r.personId, r.providerCode);
    decisions.set(r.id, d);
    reasons.set(r.id, reasonsOf(r.personId, r.providerCode));
    if (![...d].some(([c, how]) => how !== null && held(r, c))) continue;
    shown.add(r.id);
    precise.push([r.id, [...reasons.get(r.id)!]]);
    const categories = [...d].flatMap(([c, how]): Array<[DataCategory, unknown]> => {
      if (how === null) return [];
      // A category released with nothing held is known as such: its field is null with no redaction.
      if (how === 'FLAG') return [[c, { flag: held(r, c) }]];
      return [[c, { value: held(r, c) ? valuesOf(r, c) : null }]];
    });
    released.push({ id: r.id, personId: r.personId, provider: r.providerCode, receivedAt: r.receivedAt, version: r.version, categories });
  }

  const tierClauses = compiled.grantingClauses.filter((k) => k.conditions.tierIn);
  return {
    released: canonical(released),
    people: new Set(world.people),
    preciseReasons: canonical(precise),
    reasons,
    decisions,
    shown,
    wouldRelease: releaseOf,
    currentTier: (personId) => policy.facts(personId)?.currentTier ?? null,
    dateOfBirth: (personId) => policy.facts(personId)?.dateOfBirth ?? null,
    tierClass: (tier) => tierClauses.map((k) => (k.conditions.tierIn!.includes(tier ?? 0) ? '1' : '0')).join(''),
    silentProviders: silentProviders(compiled, orgs),
  };
}

/**
 * Pool providers from which some granting clause releases to the principal on a condition about the person
 * (tier, age, home area, relationship, consent): where withheld values have reasons that depend on the person.
 */
export function personBoundProviders(c: CompiledPolicy, orgs: ReadonlyMap<string, OrgFacts>): Set<string> {
  return new Set(
    PROVIDER_CODES.filter((code) => {
      const o = orgs.get(code)!;
      const p: ProviderFacts = { organisationId: o.id, kind: o.kind, laCode: o.laCode };
      return c.rolePermitsPurpose && !isSilent(c, o) && c.grantingClauses.some((k) => {
        const cond = k.conditions;
        const personal = cond.tierIn || cond.ageMin !== undefined || cond.ageMax !== undefined || cond.area === 'PERSON' || cond.area === 'TRANSFER' || cond.relationship || needsConsent(k);
        return providerMatches(k, p) && Boolean(personal);
      });
    }),
  );
}

/** Pool providers from which no rule can release anything to the principal, whatever the person. */
export function silentProviders(c: CompiledPolicy, orgs: ReadonlyMap<string, OrgFacts>): Set<string> {
  return new Set(PROVIDER_CODES.filter((code) => isSilent(c, orgs.get(code)!)));
}

function isSilent(c: CompiledPolicy, o: OrgFacts): boolean {
  if (!c.rolePermitsPurpose) return true;
  if (c.isAdmin) return false;
  if (o.id === c.requester.organisationId) return [...c.ownCategories].every((k) => c.excluded.has(k));
  const p: ProviderFacts = { organisationId: o.id, kind: o.kind, laCode: o.laCode };
  return !c.grantingClauses.some(
    (k) =>
      agreementInForce(k, c.today) &&
      providerMatches(k, p) &&
      k.categories.some((cat) => !c.excluded.has(cat)) &&
      // A condition on the provider's own area is known without the person.
      (k.conditions.area !== 'PROVIDER' || (c.requester.laCode !== null && o.laCode === c.requester.laCode)),
  );
}
