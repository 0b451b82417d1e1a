import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import { createPerson, setTier } from './support/factories.js';
import { gql, requestIdOf, startTestApi, tokenFor, type TestApi } from './support/harness.js';

// Issue 9 item 2, "Agreements need their parties": a clause releases an organisation's data only once that
// organisation has approved the agreement version, and a party's suspension stops its own clauses only.
// Over HTTP, against the seeded regional ISP and agreements drafted here; both sides of every rule.

const GWYNEDD_SCHOOL = 'school.gwynedd.ysgol-gyfun-glan-seiont';
const PERSON = `query ($id: ID!) { youngPerson(id: $id) { id sourceRecords { provider { code } givenName attendance enrolment tierStatus careersGuidance supportNeeds } } }`;
const DRAFT = `mutation ($input: DraftSharingAgreementInput!) { draftSharingAgreement(input: $input) {
  id status parties { code } awaitingApproval { code } } }`;
const ACTIVATE = 'mutation ($id: ID!) { activateSharingAgreement(id: $id) { status } }';
const APPROVE = `mutation ($id: ID!, $org: String) { approveSharingAgreement(id: $id, organisationCode: $org) {
  status awaitingApproval { code } approvals { organisation { code } decision by breakGlass } } }`;
const SUSPEND = `mutation ($id: ID!, $org: String) { suspendSharingAgreement(id: $id, reason: "party review", organisationCode: $org) {
  status approvals { organisation { code } decision by breakGlass reason } } }`;
const RETIRE = 'mutation ($id: ID!) { retireSharingAgreement(id: $id) { status } }';
const EXPLAIN = `query ($p: ID!, $h: String!) { explainAccess(personId: $p, principalHandle: $h, purpose: TRACKING) {
  categories { category sources { provider { code } allowed reason agreement } } } }`;

type Rec = Record<string, unknown> & { provider: { code: string } };
type Approval = { organisation: { code: string }; decision: string; by: string | null; breakGlass: boolean; reason?: string | null };
type Explained = { explainAccess: { categories: Array<{ category: string; sources: Array<{ provider: { code: string }; allowed: boolean; reason: string | null; agreement: string | null }> }> } };

describe('agreements need their parties', () => {
  let t: TestApi;
  const run = Date.now().toString(36);
  const tokens: Record<string, string> = {};
  const token = async (handle: string): Promise<string> => (tokens[handle] ??= await tokenFor(t.infra, handle));
  /** Agreements drafted here, retired at the end so that later test files see only the seeded ones. */
  const drafted: string[] = [];
  let ispId = '';

  /** Runs an operation; returns the response and the hub's id of the request (to find its access-log rows). */
  const call = async <T = Record<string, unknown>>(handle: string, query: string, variables: Record<string, unknown> = {}, purpose?: string) => {
    const res = await gql<T>(t.url, query, { token: await token(handle), variables, purpose });
    return { ...res, requestId: requestIdOf(res) };
  };
  const ok = async <T = Record<string, unknown>>(handle: string, query: string, variables: Record<string, unknown> = {}, purpose?: string) => {
    const res = await call<T>(handle, query, variables, purpose);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return { data: res.body.data!, requestId: res.requestId };
  };
  /** Expects FORBIDDEN with this message, and the refusal's access-log row. */
  const refused = async (handle: string, query: string, variables: Record<string, unknown>, message: string | RegExp) => {
    const res = await call(handle, query, variables);
    expect(res.body.errors?.[0]?.extensions?.['code'], JSON.stringify(res.body.errors)).toBe('FORBIDDEN');
    expect(res.body.errors?.[0]?.message).toMatch(message);
    expect(await logged(res.requestId)).toEqual([{ event: 'operation.refused', outcome: 'WITHHELD', handle, details: '{"refused":"ROLE_NOT_PERMITTED"}' }]);
  };
  const logged = async (requestId: string) =>
    (await t.infra.ds.query(
      `SELECT e.event, e.outcome, p.handle, e.details FROM access_event e LEFT JOIN principal p ON p.id = e.principal_id WHERE e.request_id = $1 ORDER BY e.seq`,
      [requestId],
    )) as Array<{ event: string; outcome: string; handle: string; details: string }>;
  /** The one change row of a mutation, its details parsed. */
  const changeRow = async (requestId: string) => {
    const rows = await logged(requestId);
    expect(rows).toHaveLength(1);
    return { ...rows[0]!, details: JSON.parse(rows[0]!.details) as Record<string, unknown> };
  };
  /** The providers of the records shown to a principal (null: the person is not found for it). */
  const shown = async (handle: string, personId: string, purpose = 'TRACKING'): Promise<{ providers: string[] | null; records: Rec[]; text: string }> => {
    const res = await gql<{ youngPerson: { sourceRecords: Rec[] } | null }>(t.url, PERSON, { token: await token(handle), purpose, variables: { id: personId } });
    const text = JSON.stringify(res.body);
    if (res.body.errors?.[0]?.extensions?.['code'] === 'NOT_FOUND') return { providers: null, records: [], text };
    expect(res.body.errors, text).toBeUndefined();
    const records = res.body.data!.youngPerson!.sourceRecords;
    return { providers: records.map((r) => r.provider.code).sort(), records, text };
  };
  /** An IG officer's explanation of one category from one provider for a principal. */
  const explained = async (personId: string, handle: string, category: string, provider: string) => {
    const { data } = await ok<Explained>('ig.cardiff', EXPLAIN, { p: personId, h: handle });
    return data.explainAccess.categories.find((c) => c.category === category)!.sources.find((s) => s.provider.code === provider);
  };
  const draftDda = async (suffix: string, partyCodes: string[], clause: Record<string, unknown>) => {
    const { data } = await ok<{ draftSharingAgreement: { id: string; status: string; parties: Array<{ code: string }>; awaitingApproval: Array<{ code: string }> } }>(
      'ig.cardiff', DRAFT, {
        input: {
          reference: `DDA-${suffix}-${run.toUpperCase()}`, kind: 'DDA', title: `Test ${suffix}`, lawfulBasis: 'PUBLIC_TASK', purposes: ['TRACKING'], partyCodes,
          effectiveFrom: '2025-01-01', reviewBy: '2030-01-01', clauses: [{ purposes: ['TRACKING'], ...clause }],
        },
      },
    );
    drafted.push(data.draftSharingAgreement.id);
    return data.draftSharingAgreement;
  };

  beforeAll(async () => {
    t = await startTestApi();
    const { data } = await ok<{ sharingAgreement: { id: string } }>('ig.cardiff', '{ sharingAgreement(reference: "ISP-YEPF-REGIONAL", version: 3) { id } }');
    ispId = data.sharingAgreement.id;
  });
  afterAll(async () => {
    // Leave the seeded state for the files that follow, whatever failed above.
    for (const id of drafted) await call('admin', RETIRE, { id });
    const [standing] = (await t.infra.ds.query(
      `SELECT decision FROM agreement_approval WHERE agreement_id = $1 AND organisation_id = (SELECT id FROM organisation WHERE code = $2) ORDER BY seq DESC LIMIT 1`,
      [ispId, ORG.cardiffLa],
    )) as Array<{ decision: string }>;
    if (standing?.decision !== 'APPROVED') await call('ig.cardiff', APPROVE, { id: ispId });
    await t.close();
  });

  it("the attack: an LA's IG officer drafts and activates a DDA releasing Careers Wales data to its LA; its EPC gets nothing until Careers Wales approves", async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, payload: { ATTENDANCE: { percent: 88 } } },
      { providerCode: ORG.careersWales, payload: { TIER_STATUS: { tier: 3 }, CAREERS_GUIDANCE: { plan: 'apprenticeship' }, SUPPORT_NEEDS: { youngCarer: true } } },
    ]);
    await setTier(t.infra.ds, personId, 3);
    const dda = await draftDda('CW-LEAK', [ORG.cardiffLa], {
      providerOrganisationCode: ORG.careersWales, recipientOrganisationCode: ORG.cardiffLa, categories: ['IDENTITY', 'TIER_STATUS', 'CAREERS_GUIDANCE', 'SUPPORT_NEEDS'],
    });
    // The provider a clause names is a party, and its approval is what the clause waits for.
    expect(dda.parties.map((p) => p.code).sort()).toEqual([ORG.careersWales, ORG.cardiffLa].sort());
    expect(dda.awaitingApproval).toEqual([{ code: ORG.careersWales }]);
    expect((await ok<{ activateSharingAgreement: { status: string } }>('ig.cardiff', ACTIVATE, { id: dda.id })).data.activateSharingAgreement.status).toBe('ACTIVE');
    const own = await ok<{ approveSharingAgreement: { awaitingApproval: unknown[]; approvals: Approval[] } }>('ig.cardiff', APPROVE, { id: dda.id });
    expect(own.data.approveSharingAgreement.approvals).toEqual([{ organisation: { code: ORG.cardiffLa }, decision: 'APPROVED', by: 'ig.cardiff', breakGlass: false }]);
    expect(own.data.approveSharingAgreement.awaitingApproval).toEqual([{ code: ORG.careersWales }]);

    // In force and approved by the recipient, but not by the provider: nothing of the tier-3 record reaches the EPC.
    const before = await shown('epc.cardiff', personId);
    expect(before.providers).toEqual([ORG.cardiffSchool]);
    expect(before.text).not.toContain(ORG.careersWales);
    expect(before.text).not.toContain('apprenticeship');
    // The engine reads the unapproved clause as an agreement not in force; the ISP still withholds tier 3.
    expect(await explained(personId, 'epc.cardiff', 'SUPPORT_NEEDS', ORG.careersWales)).toEqual(
      expect.objectContaining({ allowed: false, reason: 'AGREEMENT_NOT_ACTIVE', agreement: `DDA-CW-LEAK-${run.toUpperCase()}@1` }),
    );
    expect(await explained(personId, 'epc.cardiff', 'TIER_STATUS', ORG.careersWales)).toEqual(
      expect.objectContaining({ allowed: false, reason: 'TIER_RESTRICTED', agreement: 'ISP-YEPF-REGIONAL@3' }),
    );

    // The LA cannot approve for Careers Wales; the refusal is logged and changes nothing.
    await refused('ig.cardiff', APPROVE, { id: dda.id, org: ORG.careersWales }, `An IG officer may approve only for its own organisation (${ORG.cardiffLa}), not for ${ORG.careersWales}`);
    expect((await shown('epc.cardiff', personId)).providers).toEqual([ORG.cardiffSchool]);

    // Careers Wales's own IG officer approves: from the next request the clause releases, as Careers Wales agreed.
    const cw = await ok<{ approveSharingAgreement: { awaitingApproval: unknown[]; approvals: Approval[] } }>('ig.careers-wales', APPROVE, { id: dda.id });
    expect(cw.data.approveSharingAgreement.awaitingApproval).toEqual([]);
    expect(cw.data.approveSharingAgreement.approvals).toContainEqual({ organisation: { code: ORG.careersWales }, decision: 'APPROVED', by: 'ig.careers-wales', breakGlass: false });
    const after = await shown('epc.cardiff', personId);
    expect(after.providers).toEqual([ORG.careersWales, ORG.cardiffSchool].sort());
    expect(after.records.find((r) => r.provider.code === ORG.careersWales)).toMatchObject({ tierStatus: { tier: 3 }, supportNeeds: { youngCarer: true } });

    // Each approval has its access-log row, written with the change.
    for (const [requestId, handle, organisation] of [[own.requestId, 'ig.cardiff', ORG.cardiffLa], [cw.requestId, 'ig.careers-wales', ORG.careersWales]] as const) {
      expect(await changeRow(requestId)).toMatchObject({
        event: 'agreement.approved', outcome: 'NONE', handle, details: expect.objectContaining({ agreementId: dda.id, organisation, version: 1 }),
      });
    }

    // An administrator retires it (break-glass, logged): the data stops again.
    const retired = await ok('admin', RETIRE, { id: dda.id });
    expect(await changeRow(retired.requestId)).toMatchObject({ event: 'agreement.retired', handle: 'admin', details: expect.objectContaining({ breakGlass: true }) });
    expect((await shown('epc.cardiff', personId)).providers).toEqual([ORG.cardiffSchool]);
  });

  it("an LA suspending the regional ISP suspends its own clauses only: Gwynedd's EPC still reads what the ISP gives it, Cardiff's does not, until Cardiff approves again", async () => {
    const { personId: cardiff } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, payload: { ATTENDANCE: { percent: 71 } } },
      { providerCode: ORG.cardiffLa, payload: { EDUCATION_ENROLMENT: { electiveHomeEducation: false } } },
    ]);
    const { personId: gwynedd } = await createPerson(t.infra.ds, [
      { providerCode: GWYNEDD_SCHOOL, postcode: 'LL55 1AA', payload: { ATTENDANCE: { percent: 93 } } },
      { providerCode: ORG.gwyneddLa, postcode: 'LL55 1AA', payload: { EDUCATION_ENROLMENT: { electiveHomeEducation: true } } },
    ]);
    /** What each principal sees of both people: the rule's both sides, before, during and after the suspension. */
    const everyone = async () => ({
      cardiffEpc: (await shown('epc.cardiff', cardiff)).providers,
      gwyneddEpc: (await shown('epc.gwynedd', gwynedd)).providers,
      cwOfCardiff: (await shown('cw.adviser.cardiff', cardiff)).providers,
      cwOfGwynedd: (await shown('cw.adviser.cardiff', gwynedd)).providers,
    });
    const normal = {
      cardiffEpc: [ORG.cardiffLa, ORG.cardiffSchool].sort(),
      gwyneddEpc: [ORG.gwyneddLa, GWYNEDD_SCHOOL].sort(),
      cwOfCardiff: [ORG.cardiffLa, ORG.cardiffSchool].sort(),
      cwOfGwynedd: [ORG.gwyneddLa, GWYNEDD_SCHOOL].sort(),
    };
    expect(await everyone()).toEqual(normal);

    const suspended = await ok<{ suspendSharingAgreement: { status: string; approvals: Approval[] } }>('ig.cardiff', SUSPEND, { id: ispId });
    expect(suspended.data.suspendSharingAgreement.status).toBe('ACTIVE');
    expect(suspended.data.suspendSharingAgreement.approvals.find((a) => a.organisation.code === ORG.cardiffLa)).toEqual({
      organisation: { code: ORG.cardiffLa }, decision: 'SUSPENDED', by: 'ig.cardiff', breakGlass: false, reason: 'party review',
    });
    expect(suspended.data.suspendSharingAgreement.approvals.find((a) => a.organisation.code === ORG.gwyneddLa)?.decision).toBe('APPROVED');
    expect(await changeRow(suspended.requestId)).toMatchObject({
      event: 'agreement.party_suspended', handle: 'ig.cardiff', details: expect.objectContaining({ agreementId: ispId, organisation: ORG.cardiffLa, reason: 'party review' }),
    });
    // Cardiff receives nothing under the ISP (its own record stays its own), and provides nothing under it;
    // Gwynedd and Careers Wales go on as before for everything else.
    expect(await everyone()).toEqual({ ...normal, cardiffEpc: [ORG.cardiffLa], cwOfCardiff: [ORG.cardiffSchool] });
    expect(await explained(cardiff, 'epc.cardiff', 'ATTENDANCE', ORG.cardiffSchool)).toEqual(
      expect.objectContaining({ allowed: false, reason: 'AGREEMENT_NOT_ACTIVE', agreement: 'ISP-YEPF-REGIONAL@3' }),
    );

    // Lifting the party's suspension is the party's approval again.
    const resumed = await ok('ig.cardiff', APPROVE, { id: ispId });
    expect(await changeRow(resumed.requestId)).toMatchObject({
      event: 'agreement.approved', handle: 'ig.cardiff', details: expect.objectContaining({ organisation: ORG.cardiffLa, resumed: true }),
    });
    expect(await everyone()).toEqual(normal);
  });

  it('only a party suspends or approves, and for itself; an administrator suspends for every party (break-glass, logged)', async () => {
    const dda = await draftDda('PARTIES', [ORG.cardiffLa], {
      providerOrganisationCode: ORG.careersWales, recipientOrganisationCode: ORG.cardiffLa, categories: ['IDENTITY', 'DESTINATION'],
    });
    await ok('ig.cardiff', ACTIVATE, { id: dda.id });
    const notParty = `${ORG.cardiffVoluntary} is not a party to DDA-PARTIES-${run.toUpperCase()}@1`;
    await refused('ig.voluntary.cardiff', SUSPEND, { id: dda.id }, `${notParty}: its IG officers may not suspend it`);
    await refused('ig.voluntary.cardiff', APPROVE, { id: dda.id }, `${notParty}: its IG officers may not approve it`);
    await refused('ig.voluntary.cardiff', RETIRE, { id: dda.id }, `${notParty}: its IG officers may not retire it`);
    // A party suspends for itself, never for another party, and never the whole agreement.
    await refused('ig.careers-wales', SUSPEND, { id: dda.id, org: ORG.cardiffLa }, `An IG officer may suspend only for its own organisation (${ORG.careersWales}), not for ${ORG.cardiffLa}`);
    const party = await ok<{ suspendSharingAgreement: { status: string; approvals: Approval[] } }>('ig.careers-wales', SUSPEND, { id: dda.id });
    expect(party.data.suspendSharingAgreement).toMatchObject({
      status: 'ACTIVE', approvals: [{ organisation: { code: ORG.careersWales }, decision: 'SUSPENDED', by: 'ig.careers-wales' }],
    });
    expect(await changeRow(party.requestId)).toMatchObject({ event: 'agreement.party_suspended', handle: 'ig.careers-wales' });
    await refused('ig.cardiff', RETIRE, { id: dda.id }, /ends it for every party: an IG officer retires only drafts/);

    // The administrator suspends it for every party, marked as break-glass in the event and its access-log row.
    const whole = await ok<{ suspendSharingAgreement: { status: string } }>('admin', SUSPEND, { id: dda.id });
    expect(whole.data.suspendSharingAgreement.status).toBe('SUSPENDED');
    expect(await changeRow(whole.requestId)).toMatchObject({
      event: 'agreement.suspended', handle: 'admin', details: expect.objectContaining({ breakGlass: true, reason: 'party review', to: 'SUSPENDED' }),
    });
    // What an administrator suspended for everyone, a party cannot bring back; the administrator can.
    await refused('ig.cardiff', ACTIVATE, { id: dda.id }, /suspended for every party by an administrator/);
    expect((await ok<{ activateSharingAgreement: { status: string } }>('admin', ACTIVATE, { id: dda.id })).data.activateSharingAgreement.status).toBe('ACTIVE');
    // An administrator approves for a party only by naming it (break-glass).
    const forCw = await ok<{ approveSharingAgreement: { approvals: Approval[] } }>('admin', APPROVE, { id: dda.id, org: ORG.careersWales });
    expect(forCw.data.approveSharingAgreement.approvals).toEqual([{ organisation: { code: ORG.careersWales }, decision: 'APPROVED', by: 'admin', breakGlass: true }]);
    expect(await changeRow(forCw.requestId)).toMatchObject({ event: 'agreement.approved', handle: 'admin', details: expect.objectContaining({ breakGlass: true, resumed: true }) });
  });

  it('one party cannot end a version in force for the others by activating a new version: every party of the old one approves the new one first', async () => {
    const clause = { providerOrganisationCode: ORG.careersWales, recipientOrganisationCode: ORG.cardiffLa, categories: ['IDENTITY'] };
    const v1 = await draftDda('SUPERSEDE', [ORG.cardiffLa], clause);
    await ok('ig.cardiff', ACTIVATE, { id: v1.id });
    const v2 = await draftDda('SUPERSEDE', [ORG.cardiffLa], clause);
    await ok('ig.cardiff', APPROVE, { id: v2.id });
    await refused('ig.cardiff', ACTIVATE, { id: v2.id }, `activating DDA-SUPERSEDE-${run.toUpperCase()}@2 ends version 1 for its parties: each must approve version 2 first (not yet: ${ORG.careersWales})`);
    const status = async (id: string) => ((await t.infra.ds.query('SELECT status FROM sharing_agreement WHERE id = $1', [id])) as [{ status: string }])[0].status;
    expect([await status(v1.id), await status(v2.id)]).toEqual(['ACTIVE', 'DRAFT']);
    await ok('ig.careers-wales', APPROVE, { id: v2.id });
    await ok('ig.cardiff', ACTIVATE, { id: v2.id });
    expect([await status(v1.id), await status(v2.id)]).toEqual(['EXPIRED', 'ACTIVE']);
  });
});
