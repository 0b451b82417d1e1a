import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import { contextForHandle } from '../src/modules/imports/cli-context.js';
import { birthdayIn, createPerson } from './support/factories.js';
import { gql, startTestApi, tokenFor, type GqlBody, type TestApi } from './support/harness.js';

// A young person's status and tier history over HTTP: derived from the events, explained, and released only
// as the sharing rules release the supplier's TIER_STATUS (Careers Wales → LA: tiers 1 and 2 only).

const STATUS = `query ($id: ID!) { youngPerson(id: $id) { id
  status { source { code } tier tier2Reason tier4Risk eetStatus since daysInTier assessedOn assessedBy { displayName organisation { code } }
           evidence { id kind tier effectiveOn reason } }
  tierHistory { id kind tier tier2Reason eetStatus effectiveOn reason source { code } actor { displayName } }
  tierMovements { fromTier toTier on daysInFromTier source { code } } } }`;

interface Status {
  tier: number;
  tier2Reason: string | null;
  eetStatus: string;
  since: string;
  daysInTier: number;
  assessedOn: string;
  assessedBy: { displayName: string; organisation: { code: string } } | null;
  evidence: Array<{ kind: string; tier: number | null }>;
}
interface Person {
  id: string;
  status: Status | null;
  tierHistory: Array<{ kind: string; tier: number | null; tier2Reason: string | null; reason: string; source: { code: string } }>;
  tierMovements: Array<{ fromTier: number; toTier: number; on: string; daysInFromTier: number }>;
}

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('a young person’s status and tier history', () => {
  let t: TestApi;
  const tokens: Record<string, string> = {};
  const token = async (handle: string): Promise<string> => (tokens[handle] ??= await tokenFor(t.infra, handle));

  const read = async (handle: string, purpose: string, id: string): Promise<{ person: Person; body: GqlBody }> => {
    const res = await gql<{ youngPerson: Person }>(t.url, STATUS, { token: await token(handle), purpose, variables: { id } });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return { person: res.body.data!.youngPerson, body: res.body as GqlBody };
  };
  const assess = async (personId: string, tier: number, assessedOn: string, extra: Record<string, unknown> = {}): Promise<void> => {
    const res = await gql(t.url, 'mutation ($input: RecordTierAssessmentInput!) { recordTierAssessment(input: $input) { id tier } }', {
      token: await token('cw.adviser.cardiff'),
      variables: { input: { personId, tier, assessedOn, ...extra } },
    });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  };

  let personId: string;
  let controlId: string;

  beforeAll(async () => {
    t = await startTestApi();
    const dob = birthdayIn(17, 30);
    ({ personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, dateOfBirth: dob, payload: { EDUCATION_ENROLMENT: { yearGroup: 12 } } },
      { providerCode: ORG.careersWales, dateOfBirth: dob, payload: { TIER_STATUS: { tier: 1, assessedOn: day(-60) } } },
    ]));
    // The same person without any Careers Wales data, for what "nothing released" looks like.
    ({ personId: controlId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, dateOfBirth: dob, payload: { EDUCATION_ENROLMENT: { yearGroup: 12 } } },
    ]));
  });
  afterAll(async () => {
    await t.close();
  });

  it('derives the tier, its reason as an enum, since when, who assessed it and the movement, and the LA sees it in tiers 1 and 2', async () => {
    await assess(personId, 2, day(-10), { tier2Reason: 'YOUNG_CARER' });
    const { person } = await read('epc.cardiff', 'TRACKING', personId);
    expect(person.status).toMatchObject({
      tier: 2,
      tier2Reason: 'YOUNG_CARER',
      eetStatus: 'NEET_NOT_AVAILABLE',
      since: day(-10),
      daysInTier: 10,
      assessedOn: day(-10),
      assessedBy: { displayName: 'Careers adviser, Cardiff', organisation: { code: ORG.careersWales } },
    });
    expect(person.status!.evidence).toEqual([expect.objectContaining({ kind: 'ASSESSMENT', tier: 2 })]);
    expect(person.tierMovements).toEqual([{ fromTier: 1, toTier: 2, on: day(-10), daysInFromTier: 50, source: { code: ORG.careersWales } }]);
    // The record's own tier (as Careers Wales's system sent it) and the hub assessment, newest first.
    expect(person.tierHistory.map((e) => [e.kind, e.tier, e.reason])).toEqual([
      ['ASSESSMENT', 2, 'CAREERS_WALES_ASSESSMENT'],
      ['ASSESSMENT', 1, 'CAREERS_WALES_RECORD'],
    ]);
    expect(person.tierHistory[0]!.tier2Reason).toBe('YOUNG_CARER');
  });

  it('is not shown at all to the LA once the tier is 3, exactly as for a person with no Careers Wales data; Careers Wales sees it all', async () => {
    await assess(personId, 3, day(-2));
    const la = await read('epc.cardiff', 'TRACKING', personId);
    const control = await read('epc.cardiff', 'TRACKING', controlId);
    expect(la.person.status).toBeNull();
    expect(la.person.tierHistory).toEqual([]);
    expect(la.person.tierMovements).toEqual([]);
    // Nothing in the response says that something was withheld: it is the response about a person CW never knew.
    expect({ ...la.person, id: undefined }).toEqual({ ...control.person, id: undefined });
    expect(la.body.extensions?.['redactions'] ?? []).toEqual(control.body.extensions?.['redactions'] ?? []);
    // The access log says what was withheld and why (IG officers see the precise reason).
    const [row] = (await t.infra.ds.query(
      `SELECT withheld FROM access_event WHERE person_id = $1 AND event = 'person.read' ORDER BY seq DESC LIMIT 1`,
      [personId],
    )) as Array<{ withheld: string[] }>;
    expect(row!.withheld.join(' ')).toMatch(/TIER_STATUS\.\*TIER_STATUS@[^ ]*!TIER_RESTRICTED/);

    const cw = await read('cw.adviser.cardiff', 'TRACKING', personId);
    expect(cw.person.status).toMatchObject({ tier: 3, eetStatus: 'NEET_SEEKING', since: day(-2) });
    expect(cw.person.tierMovements.map((m) => [m.fromTier, m.toTier])).toEqual([[1, 2], [2, 3]]);
  });

  it('gives a principal denied Careers Wales tier status nothing (status null, no history), while its own view of the person stands', async () => {
    const school = await read('school.cardiff.datamanager', 'TRACKING', personId);
    expect(school.person.id).toBe(personId);
    expect(school.person.status).toBeNull();
    expect(school.person.tierHistory).toEqual([]);
    expect(school.person.tierMovements).toEqual([]);
  });

  it('appends events only through the service, with their access-log row in the same transaction', async () => {
    const ctx = await contextForHandle(t.infra, 'epc.cardiff', 'test tier history');
    const la = ctx.principal.organisation.id;
    const event = { personId, kind: 'RESOLUTION' as const, sourceOrganisationId: la, effectiveOn: day(0), reason: 'EPC_RESOLUTION', outcome: 'NOT_FOUND' as const };
    // Malformed events are refused by field, before anything is written.
    await expect(t.infra.ds.transaction((em) => t.infra.services.tierHistory.record(ctx, em, { ...event, tier: 2 }))).rejects.toThrow(/^tier:/);
    await expect(
      t.infra.ds.transaction((em) => t.infra.services.tierHistory.record(ctx, em, { ...event, kind: 'ASSESSMENT', outcome: null, tier: 4 })),
    ).rejects.toThrow(/only Careers Wales assesses tiers/);
    await expect(t.infra.ds.transaction((em) => t.infra.services.tierHistory.record(ctx, em, { ...event, reason: 'found him at home' }))).rejects.toThrow(
      /^reason:/,
    );
    // A change that fails after the append takes the event and its access-log row with it.
    const rolledBack = await t.infra.ds
      .transaction(async (em) => {
        await t.infra.services.tierHistory.record(ctx, em, event);
        throw new Error('the caller failed afterwards');
      })
      .catch((e: Error) => e.message);
    expect(rolledBack).toBe('the caller failed afterwards');
    expect(await t.infra.ds.query(`SELECT 1 FROM tier_event WHERE person_id = $1 AND kind = 'RESOLUTION'`, [personId])).toEqual([]);

    const stored = await t.infra.ds.transaction((em) => t.infra.services.tierHistory.record(ctx, em, event));
    const [log] = (await t.infra.ds.query(`SELECT event, details, provider_ids FROM access_event WHERE person_id = $1 ORDER BY seq DESC LIMIT 1`, [
      personId,
    ])) as Array<{ event: string; details: string; provider_ids: string[] }>;
    expect(log).toMatchObject({ event: 'tier_history.recorded', provider_ids: [la] });
    expect(JSON.parse(log!.details)).toEqual({ kind: 'RESOLUTION', sourceEventId: null, tierAssessmentId: null, tierEventId: stored.id });
    await expect(t.infra.ds.query(`UPDATE tier_event SET outcome = 'DECEASED' WHERE id = $1`, [stored.id])).rejects.toThrow(/append-only/);
    await expect(t.infra.ds.query(`DELETE FROM tier_event WHERE id = $1`, [stored.id])).rejects.toThrow(/append-only/);
  });
});
