import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganisationKind } from '../src/modules/organisations/organisation-kind.js';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import type { IdentityFields } from '../src/modules/sources/identity-fields.js';
import type { CategorisedPayload } from '../src/modules/sources/source-record.entity.js';
import type { Purpose } from '../src/policy/purpose.js';
import { PURPOSE_LIMITED_TO_OPERATIONS, purposesOf } from '../src/policy/purposes.policy.js';
import { birthdayIn } from './support/factories.js';
import { startTestApi, tokenFor, type TestApi } from './support/harness.js';
import type { ListFilters } from './support/observe.js';
import { personBoundProviders, policyFor, silentProviders } from './support/release-oracle.js';
import { applyWithheldOnly, MUTATION_NAMES, mutationArb, type MutationName } from './support/withheld-mutation.js';
import { comparePair, explainDifference, type PairContext, type Subject } from './support/world-pair.js';
import { FAMILY_NAMES, worldArb } from './support/world-generators.js';
import { clearWorlds, loadOrgs, personId, PROVIDER_CODES, receivedAt, recordId, worldDiff, type World, type WorldRecord } from './support/worlds.js';
import { ownerDataSource } from './support/owner-db.js';

// Noninterference (docs/sharing-rules.md §2): what a principal receives depends only on what the rules
// release to it. Two worlds that differ only in what is withheld from principal P for purpose X must give
// P the same bytes: same HTTP status, same body (data, errors, extensions with the redactions).

const RUNS = Number(process.env['NI_RUNS'] ?? 200);
// To replay a failure, set NI_SEED and NI_PATH to the seed and path fast-check printed.
const SEED = process.env['NI_SEED'] === undefined ? undefined : Number(process.env['NI_SEED']);
const PATH = process.env['NI_PATH'];

/** Every seeded principal that receives personal data (the administrator sees everything, so is left out). */
const HANDLES = [
  'epc.cardiff',
  'epc.gwynedd',
  'cw.adviser.cardiff',
  'college.cardiff.admissions',
  'college.cardiff.pastoral',
  'school.cardiff.datamanager',
  'voluntary.cardiff.worker',
  'leadworker.cardiff',
  'ig.cardiff',
  // Partner systems run registered operations only: they are probed with the status lookups they may send.
  'college.cardiff',
  'school.cardiff',
  'voluntary.cardiff',
  'cw.system',
] as const;

/** A principal with the purposes its role may use and, per purpose, the providers its worlds favour. */
interface Principal extends Subject {
  purposes: Purpose[];
  /** The providers that can release to it, and those that do on conditions about the person. */
  providers: Map<Purpose, { favoured: string[]; personBound: string[] }>;
}

const GWYNEDD_SCHOOL = 'school.gwynedd.ysgol-gyfun-glan-seiont';
const SEVENTEEN = birthdayIn(17, 40);
const IDENTITY: IdentityFields = {
  givenName: 'Ffion', middleNames: null, familyName: 'Jones', dateOfBirth: SEVENTEEN, sex: 'F', upn: null, uln: null,
  otherIdentifier: null, postcode: 'CF10 1AA', addressLine: null, locality: 'Cardiff', email: null, phone: null,
};
const FILTERS: ListFilters = { familyNamePrefix: 'jo', providerCode: GWYNEDD_SCHOOL, laCode: 'gwynedd' };

/** A record of person 0 in a hand-made world. */
function record(slot: number, providerCode: string, payload: CategorisedPayload): WorldRecord {
  return {
    id: recordId(0, slot), personId: personId(0), providerCode, partnerReference: `NI-0-${slot}`, identity: IDENTITY, payload, version: 1,
    receivedAt: receivedAt(slot),
  };
}

describe('noninterference: what a principal receives depends only on what is released to it', () => {
  let t: TestApi;
  let ctx: PairContext;
  const principals: Principal[] = [];
  const principal = (handle: string): Principal => principals.find((p) => p.handle === handle)!;

  beforeAll(async () => {
    t = await startTestApi();
    const orgs = await loadOrgs(t.infra.ds, PROVIDER_CODES);
    for (const handle of HANDLES) {
      const p = (await t.infra.services.principals.findByHandle(handle))!;
      const o = p.organisation;
      const requester = { organisationId: o.id, organisationKind: o.kind, laCode: o.laCode, roles: p.roles };
      // Purposes limited to other operations (LINKAGE: the review queue) are refused for these probes as a whole.
      const purposes = [...new Set(p.roles.flatMap((r) => purposesOf(r, o.kind)))].filter((x) => !(x in PURPOSE_LIMITED_TO_OPERATIONS));
      const providers = new Map<Purpose, { favoured: string[]; personBound: string[] }>();
      for (const purpose of purposes) {
        const compiled = (await policyFor(t.infra, requester, purpose)).compiled;
        const silent = silentProviders(compiled, orgs);
        providers.set(purpose, { favoured: PROVIDER_CODES.filter((code) => !silent.has(code)), personBound: [...personBoundProviders(compiled, orgs)] });
      }
      principals.push({
        handle,
        requester,
        organisationCode: o.code,
        organisationKind: o.kind,
        purposes,
        providers,
        token: await tokenFor(t.infra, handle, '2h'),
        explains: !p.roles.includes('IG_OFFICER') && !p.roles.includes('ADMIN'),
        system: p.kind === 'SYSTEM',
      });
    }
    // The worlds' ledger entries are CONSENT data of the recorder's organisation, released to it and (under the
    // regional ISP) to the EPC of the young person's LA. Recorded by the Welsh Government's analyst, a party to no
    // agreement, they reach none of the principals compared, so the worlds may differ in them as in any withheld
    // value (tests/consent-history.e2e.test.ts shows the ledger released where the rules say).
    const [{ id: recorder }] = (await t.infra.ds.query(`SELECT id FROM principal WHERE handle = 'wg.analyst'`)) as [{ id: string }];
    ctx = { api: t, orgs, recorder, owner: await ownerDataSource(1) };
    await clearWorlds(ctx.owner);
  });
  afterAll(async () => {
    await clearWorlds(ctx.owner);
    await ctx.owner.destroy();
    await t.close();
  });

  it('an EPC learns nothing from a refusal that only changes why a value it may not see is withheld', async () => {
    // The young person let the LA see who they are, not what the voluntary body does with them; then refused that too.
    const first: World = {
      people: [personId(0)],
      records: [record(0, ORG.cardiffSchool, { ATTENDANCE: { percent: 91 } }), record(1, ORG.cardiffVoluntary, { INVOLVEMENT: { programme: 'Mentoring' } })],
      tiers: [],
      consents: [
        { personId: personId(0), kind: 'GIVEN', recipientOrganisationCode: null, recipientKind: null, purpose: null, categories: ['IDENTITY'], givenBy: 'YOUNG_PERSON' },
      ],
      links: [],
    };
    const refusal = {
      personId: personId(0), kind: 'REFUSED' as const, recipientOrganisationCode: ORG.cardiffLa, recipientKind: null, purpose: 'TRACKING' as const,
      categories: ['INVOLVEMENT' as const], givenBy: 'YOUNG_PERSON' as const,
    };
    const o = await comparePair(ctx, principal('epc.cardiff'), 'TRACKING', first, () => ({ ...first, consents: [...first.consents, refusal] }), FILTERS, false);
    expect(o.before.shown).toEqual(new Set([recordId(0, 0), recordId(0, 1)]));
    expect(o.after.released).toBe(o.before.released);
    // The access log's reason moves from CONSENT_REQUIRED to OBJECTION; the EPC is told WITHHELD both times.
    expect(o.before.reasons.get(recordId(0, 1))!.get('INVOLVEMENT')).toBe('CONSENT_REQUIRED');
    expect(o.after.reasons.get(recordId(0, 1))!.get('INVOLVEMENT')).toBe('OBJECTION');
    expect(o.difference, o.difference ?? '').toBeNull();
    expect(o.first.find((x) => x.body.includes('"youngPerson"'))!.body).toContain('"WITHHELD"');
  });

  it('an EPC learns nothing from records it is not shown: their provider, a list filter on them, a tier 3 that becomes 4', async () => {
    const school = record(0, ORG.cardiffSchool, { ATTENDANCE: { percent: 91 } });
    const first: World = {
      people: [personId(0)],
      records: [school, record(1, GWYNEDD_SCHOOL, { BEHAVIOUR: { fixedTermExclusions: 2 } }), record(2, ORG.careersWales, { TIER_STATUS: { tier: 3 } })],
      tiers: [],
      consents: [],
      links: [],
    };
    const second: World = { ...first, records: [school, record(2, ORG.careersWales, { TIER_STATUS: { tier: 4 } })] };
    const o = await comparePair(ctx, principal('epc.cardiff'), 'TRACKING', first, () => second, FILTERS, false);
    expect(o.before.shown).toEqual(new Set([school.id]));
    expect(o.after.released).toBe(o.before.released);
    expect(o.difference, o.difference ?? '').toBeNull();
  });

  it('the comparison is not blind: a change in a value the EPC may see changes the bytes it receives', async () => {
    const first: World = { people: [personId(0)], records: [record(0, ORG.cardiffSchool, { ATTENDANCE: { percent: 91 } })], tiers: [], consents: [], links: [] };
    const second: World = { ...first, records: [record(0, ORG.cardiffSchool, { ATTENDANCE: { percent: 62 } })] };
    const o = await comparePair(ctx, principal('epc.cardiff'), 'TRACKING', first, () => second, FILTERS, false);
    expect(o.after.released).not.toBe(o.before.released);
    expect(o.difference).toMatch(/youngPerson\(0000\).*attendance.*91.*62/s);
  });

  it(`gives the same bytes in two worlds that differ only in what the rules withhold (${RUNS} generated world pairs)`, async () => {
    const kindOf = (code: string): OrganisationKind => ctx.orgs.get(code)!.kind;
    const stats = { ran: 0, skipped: 0, unchanged: 0, shownSomething: 0, redacted: 0, neutral: 0, reasonShift: 0, probes: 0, learnerFound: 0, learnerStatus: 0 };
    const applied = new Map<MutationName, number>();
    const byHandle = new Map<string, number>();

    // Half the cases pick a principal evenly; half pick among the (principal, purpose) pairs whose rules depend on
    // the person, where withheld values carry reasons about the person (the ones a recipient must not learn).
    const pairs = principals.flatMap((p) => p.purposes.map((purpose) => ({ p, purpose })));
    const whoArb = fc.oneof(
      fc.record({ p: fc.constantFrom(...principals), purpose: fc.nat({ max: 10 }) }).map(({ p, purpose }) => ({ p, purpose: p.purposes[purpose % p.purposes.length]! })),
      fc.constantFrom(...pairs.filter(({ p, purpose }) => p.providers.get(purpose)!.personBound.length > 0)),
    );
    const caseArb = whoArb.chain(({ p, purpose }) =>
      fc.record({
        handle: fc.constant(p.handle),
        purpose: fc.constant(purpose),
        world: worldArb({ kindOf, ...p.providers.get(purpose)! }),
        mutation: mutationArb,
        filters: fc.record({
          familyNamePrefix: fc.constantFrom(...FAMILY_NAMES.map((f) => f.slice(0, 2).toLowerCase())),
          providerCode: fc.constantFrom(...PROVIDER_CODES),
          laCode: fc.constantFrom('cardiff', 'gwynedd'),
        }),
      }),
    );

    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const p = principal(c.handle);
        let names: MutationName[] = [];
        const observer = { organisationCode: p.organisationCode, organisationKind: p.organisationKind, purpose: c.purpose };
        const o = await comparePair(ctx, p, c.purpose, c.world, (view) => {
          const m = applyWithheldOnly(c.world, c.mutation, view, observer);
          names = m.applied;
          return m.world;
        }, c.filters, true);
        if (o.again === null) stats.skipped++;
        fc.pre(o.again !== null);
        if (o.difference) throw new Error(explainDifference(o, c.world, names));
        // The probes do reach what the oracle says is shown (so equal bytes are not equal error messages); a
        // system's status lookups show no records, only the people they find.
        if (!p.system) for (const id of o.before.shown) expect(o.first.some((x) => x.body.includes(`"id":"${id}"`)), `record ${id} shown`).toBe(true);

        stats.ran++;
        stats.probes += o.first.length;
        if (worldDiff(c.world, o.second).length === 0) stats.unchanged++;
        if (o.before.shown.size > 0) stats.shownSomething++;
        if (o.first.some((x) => x.body.includes('"redactions"'))) stats.redacted++;
        if (o.first.some((x) => x.body.includes('"WITHHELD"'))) stats.neutral++;
        // The learner-status probes find people by their keys, and sometimes show a status.
        const learners = o.first.find((x) => x.body.includes('"learnerStatuses"'))?.body ?? '';
        if (learners.includes('"found":true')) stats.learnerFound++;
        if (learners.includes('"eetStatus"')) stats.learnerStatus++;
        // Pairs where a precise reason on a shown record differs: only these can catch a reason that tells too much.
        if (o.before.preciseReasons !== o.after.preciseReasons) stats.reasonShift++;
        for (const name of new Set(names)) applied.set(name, (applied.get(name) ?? 0) + 1);
        byHandle.set(p.handle, (byHandle.get(p.handle) ?? 0) + 1);
      }),
      { numRuns: RUNS, seed: SEED, path: PATH, maxSkipsPerRun: 2 },
    );

    process.stdout.write(
      `noninterference: ${stats.ran} world pairs compared (${stats.probes} probes in each world), ${stats.skipped} generated pairs ` +
        `released differently and were skipped, ${stats.unchanged} unchanged; the principal was shown something in ${stats.shownSomething}, ` +
        `redactions in ${stats.redacted}, the neutral reason in ${stats.neutral}; a precise reason on a shown record changed in ` +
        `${stats.reasonShift}; learner lookups found someone in ${stats.learnerFound}, a status in ${stats.learnerStatus}; mutations ${JSON.stringify(Object.fromEntries(applied))}; principals ${JSON.stringify(Object.fromEntries(byHandle))}\n`,
    );
    // The comparison is not vacuous: most generated pairs pass the precondition, change the world, show the
    // principal something, and every kind of withheld-only change and every principal is exercised.
    expect(stats.ran).toBe(RUNS);
    expect(stats.skipped).toBeLessThan(RUNS / 2);
    expect(stats.unchanged).toBeLessThan(RUNS / 5);
    expect(stats.shownSomething).toBeGreaterThan(RUNS / 3);
    expect(stats.neutral).toBeGreaterThan(RUNS / 50);
    expect(stats.learnerFound).toBeGreaterThan(RUNS / 3);
    expect(stats.learnerStatus).toBeGreaterThan(RUNS / 50);
    for (const name of MUTATION_NAMES) {
      expect(applied.get(name) ?? 0, `${name} applied in ${JSON.stringify(Object.fromEntries(applied))}`).toBeGreaterThan(RUNS / 100);
    }
    for (const handle of HANDLES) expect(byHandle.get(handle) ?? 0, handle).toBeGreaterThan(RUNS / 100);
  }, 900_000);
});
