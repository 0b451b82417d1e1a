import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import { birthdayIn, createPerson, setTier } from './support/factories.js';
import { stalePersonState } from './support/person-state.js';
import { gql, startTestApi, tokenFor, type GqlBody, type TestApi } from './support/harness.js';

// Named scenarios from the YEPF (domain §4, design §4), against the seeded regional ISP, over HTTP.
// Each asserts both sides: the value when allowed; null and the exact reason when withheld.

const PERSON = `query ($id: ID!) { youngPerson(id: $id) { id sourceRecords {
  provider { code } givenName familyName enrolment attendance behaviour attainment tierStatus careersGuidance involvement } } }`;

type Rec = Record<string, unknown> & { provider: { code: string } };
interface Redaction {
  path: Array<string | number>;
  category: string;
  reason: string;
  agreement: string | null;
}

describe('sharing decisions in named YEPF scenarios', () => {
  let t: TestApi;
  const tokens: Record<string, string> = {};
  const token = async (handle: string): Promise<string> => (tokens[handle] ??= await tokenFor(t.infra, handle));

  /** Asks for a person; returns the record from `provider`, and the redactions on that record. */
  const ask = async (handle: string, purpose: string, personId: string, provider: string) => {
    const res = await gql<{ youngPerson: { sourceRecords: Rec[] } }>(t.url, PERSON, { token: await token(handle), purpose, variables: { id: personId } });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const records = res.body.data!.youngPerson.sourceRecords;
    const index = records.findIndex((r) => r.provider.code === provider);
    expect(index, `no ${provider} record in the response`).toBeGreaterThanOrEqual(0);
    const redactions = ((res.body as GqlBody).extensions?.['redactions'] ?? []) as Redaction[];
    const on = (field: string): Redaction | undefined => redactions.find((r) => r.path.at(-2) === index && r.path.at(-1) === field);
    return { record: records[index]!, on };
  };

  const mutate = async (handle: string, query: string, variables: Record<string, unknown>) => {
    const res = await gql(t.url, query, { token: await token(handle), variables });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data!;
  };

  const CONSENT = `mutation ($input: RecordConsentEventInput!) { recordConsentEvent(input: $input) { id kind givenBy recordedBy } }`;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.close();
  });

  it('an EPC asking for a tier-3 young person’s careers data gets null with TIER_RESTRICTED; after a move to tier 2 it flows', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, dateOfBirth: birthdayIn(17, 40), payload: { ATTENDANCE: { percent: 81.5 } } },
      { providerCode: ORG.careersWales, dateOfBirth: birthdayIn(17, 40), payload: { TIER_STATUS: { tier: 3 }, CAREERS_GUIDANCE: { interviewCount: 2 } } },
    ]);
    await setTier(t.infra.ds, personId, 3);

    const before = await ask('epc.cardiff', 'TRACKING', personId, ORG.careersWales);
    expect(before.record['tierStatus']).toBeNull();
    expect(before.record['careersGuidance']).toBeNull();
    expect(before.on('tierStatus')).toEqual(expect.objectContaining({ category: 'TIER_STATUS', reason: 'TIER_RESTRICTED', agreement: 'ISP-YEPF-REGIONAL@1' }));
    expect(before.on('careersGuidance')?.reason).toBe('TIER_RESTRICTED');
    const school = await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffSchool);
    expect(school.record['attendance']).toEqual({ percent: 81.5 }); // the school's data flows to the LA

    await mutate('cw.adviser.cardiff', 'mutation ($input: RecordTierAssessmentInput!) { recordTierAssessment(input: $input) { tier } }', {
      input: { personId, tier: 2, assessedOn: new Date().toISOString().slice(0, 10), tier2Reason: 'YOUNG_CARER' },
    });
    const after = await ask('epc.cardiff', 'TRACKING', personId, ORG.careersWales);
    expect(after.record['tierStatus']).toMatchObject({ tier: 2, tier2Reason: 'YOUNG_CARER' });
    expect(after.record['careersGuidance']).toEqual({ interviewCount: 2 });
    expect(after.on('tierStatus')).toBeUndefined();

    // The access log holds each read with its purpose, what was withheld and why, the agreement relied
    // on, and the tier change itself, written with the change.
    const log = (await t.infra.ds.query(
      `SELECT event, outcome, purpose, agreements, withheld FROM access_event WHERE person_id = $1 ORDER BY seq`,
      [personId],
    )) as Array<{ event: string; outcome: string; purpose: string | null; agreements: string[]; withheld: string[] }>;
    expect(log.map((r) => r.event)).toEqual(['person.read', 'person.read', 'tier.assessed', 'person.read']);
    expect(log[0]).toMatchObject({ purpose: 'TRACKING', agreements: ['ISP-YEPF-REGIONAL@1'] });
    expect(log[0]!.withheld.join(' ')).toContain('TIER_RESTRICTED');
    expect(log[3]!.withheld.join(' ')).not.toContain('TIER_RESTRICTED');
    expect(await stalePersonState(t.infra.ds)).toBe(0); // the stored facts followed the tier change
  });

  it('a college asking with purpose ADMISSIONS never gets behaviour (PURPOSE_EXCLUDED) but gets attainment; after enrolment, for TRANSITION, it does', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, payload: { BEHAVIOUR: { fixedTermExclusions: 2 }, ATTAINMENT: { predictedGcseGrades: { maths: '5' } } } },
    ]);
    const admissions = await ask('college.cardiff', 'ADMISSIONS', personId, ORG.cardiffSchool);
    expect(admissions.record['behaviour']).toBeNull();
    expect(admissions.on('behaviour')).toEqual(expect.objectContaining({ category: 'BEHAVIOUR', reason: 'PURPOSE_EXCLUDED', agreement: null }));
    expect(admissions.record['attainment']).toEqual({ predictedGcseGrades: { maths: '5' } });

    const beforeEnrolment = await ask('college.cardiff', 'TRANSITION', personId, ORG.cardiffSchool);
    expect(beforeEnrolment.record['behaviour']).toBeNull();
    expect(beforeEnrolment.on('behaviour')).toEqual(expect.objectContaining({ reason: 'NO_AGREEMENT', agreement: 'ISP-YEPF-REGIONAL@1' }));

    // The college enrols the young person: its own record now carries an enrolment.
    await t.infra.ds.query(
      `INSERT INTO source_record (provider_organisation_id, partner_reference, person_id, payload)
       SELECT id, 'ENROL-' || $1, $1::uuid, '{"EDUCATION_ENROLMENT": {"status": "ENROLLED"}}' FROM organisation WHERE code = $2`,
      [personId, ORG.cardiffCollege],
    );
    const afterEnrolment = await ask('college.cardiff', 'TRANSITION', personId, ORG.cardiffSchool);
    expect(afterEnrolment.record['behaviour']).toEqual({ fixedTermExclusions: 2 });
    const stillAdmissions = await ask('college.cardiff', 'ADMISSIONS', personId, ORG.cardiffSchool);
    expect(stillAdmissions.on('behaviour')?.reason).toBe('PURPOSE_EXCLUDED');
  });

  it('a voluntary body’s involvement needs consent; given it flows, withdrawn it stops on the very next request', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, dateOfBirth: birthdayIn(17, 100) },
      { providerCode: ORG.cardiffVoluntary, dateOfBirth: birthdayIn(17, 100), payload: { INVOLVEMENT: { programme: 'Next Steps group' } } },
    ]);
    const none = await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffVoluntary);
    expect(none.record['involvement']).toBeNull();
    expect(none.on('involvement')).toEqual(expect.objectContaining({ category: 'INVOLVEMENT', reason: 'CONSENT_REQUIRED', agreement: 'ISP-YEPF-REGIONAL@1' }));

    const scope = { personId, recipientKind: 'LOCAL_AUTHORITY', categories: ['IDENTITY', 'INVOLVEMENT'], givenBy: 'YOUNG_PERSON' };
    await mutate('voluntary.cardiff', CONSENT, { input: { ...scope, kind: 'GIVEN', evidenceReference: 'YLC/consent/0042' } });
    const given = await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffVoluntary);
    expect(given.record['involvement']).toEqual({ programme: 'Next Steps group' });

    await mutate('voluntary.cardiff', CONSENT, { input: { ...scope, kind: 'WITHDRAWN', evidenceReference: 'YLC/phone/2026-11-23' } });
    const withdrawn = await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffVoluntary);
    expect(withdrawn.record['involvement']).toBeNull();
    expect(withdrawn.on('involvement')?.reason).toBe('CONSENT_WITHDRAWN');
  });

  it('a parent’s consent lapses on the sixteenth birthday, with no job: the young person decides from that day', async () => {
    const make = async (dob: string) =>
      (await createPerson(t.infra.ds, [
        { providerCode: ORG.cardiffSchool, dateOfBirth: dob },
        { providerCode: ORG.cardiffVoluntary, dateOfBirth: dob, payload: { INVOLVEMENT: { programme: 'Mentoring' } } },
      ])).personId;
    const fifteen = await make(birthdayIn(16, 1)); // sixteen tomorrow
    const sixteen = await make(birthdayIn(16, 0)); // sixteen today
    for (const personId of [fifteen, sixteen]) {
      await t.infra.ds.query(
        `INSERT INTO consent_event (person_id, kind, recipient_kind, given_by, evidence_reference, recorded_by)
         SELECT $1, 'GIVEN', 'LOCAL_AUTHORITY', 'PARENT_GUARDIAN', 'signed form', id FROM principal WHERE handle = 'voluntary.cardiff'`,
        [personId],
      );
    }
    expect((await ask('epc.cardiff', 'TRACKING', fifteen, ORG.cardiffVoluntary)).record['involvement']).toEqual({ programme: 'Mentoring' });
    const lapsed = await ask('epc.cardiff', 'TRACKING', sixteen, ORG.cardiffVoluntary);
    expect(lapsed.record['involvement']).toBeNull();
    expect(lapsed.on('involvement')?.reason).toBe('CONSENT_REQUIRED');

    // And a parent cannot give consent for a sixteen-year-old: the error names the field.
    const wrong = await gql(t.url, CONSENT, {
      token: await token('voluntary.cardiff'),
      variables: { input: { personId: sixteen, kind: 'GIVEN', recipientKind: 'LOCAL_AUTHORITY', givenBy: 'PARENT_GUARDIAN', evidenceReference: 'form' } },
    });
    expect(wrong.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'givenBy' } });
  });

  it('an objection against one recipient withholds from that recipient only', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, givenName: 'Gwenllian', payload: { ATTAINMENT: { ks3Outcome: 'expected' } } },
      { providerCode: ORG.cardiffLa, givenName: 'Gwenllian' }, // the LA's own record: it still sees the person
    ]);
    await mutate('epc.cardiff', CONSENT, {
      input: { personId, kind: 'OBJECTION_RAISED', recipientOrganisationCode: ORG.cardiffLa, givenBy: 'PARENT_GUARDIAN', evidenceReference: 'letter 2026-11-02' },
    });
    const la = await ask('epc.cardiff', 'EARLY_IDENTIFICATION', personId, ORG.cardiffSchool);
    expect(la.record['givenName']).toBeNull();
    expect(la.record['attainment']).toBeNull();
    expect(la.on('attainment')).toEqual(expect.objectContaining({ reason: 'OBJECTION', agreement: 'ISP-YEPF-REGIONAL@1' }));
    const cw = await ask('cw.adviser.cardiff', 'TRANSITION', personId, ORG.cardiffSchool);
    expect(cw.record['givenName']).toBe('Gwenllian');
    expect(cw.record['attainment']).toEqual({ ks3Outcome: 'expected' });
  });

  it('an expired agreement grants nothing (AGREEMENT_NOT_ACTIVE) and is listed as due for review', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool },
      { providerCode: ORG.cardiffVoluntary, payload: { ATTENDANCE: { sessionsAttended: 7 } } },
    ]);
    const res = await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffVoluntary);
    expect(res.record['attendance']).toBeNull();
    expect(res.on('attendance')).toEqual(expect.objectContaining({ reason: 'AGREEMENT_NOT_ACTIVE', agreement: 'DDA-TRAC-GWYNEDD@1' }));
    const due = await gql<{ agreementsDueForReview: Array<{ reference: string; inForce: boolean }> }>(
      t.url, '{ agreementsDueForReview { reference inForce } }', { token: await token('ig.cardiff') },
    );
    expect(due.body.data!.agreementsDueForReview).toContainEqual({ reference: 'DDA-TRAC-GWYNEDD', inForce: false });
    expect(due.body.data!.agreementsDueForReview.map((a) => a.reference)).not.toContain('ISP-YEPF-REGIONAL');
  });

  it('a home-educated family’s refusal to share with Careers Wales is honoured, and the LA still sees its own record', async () => {
    const dob = birthdayIn(15, 60);
    const ehe = { providerCode: ORG.cardiffLa, givenName: 'Osian', dateOfBirth: dob, payload: { EDUCATION_ENROLMENT: { electiveHomeEducation: true } } };
    const { personId } = await createPerson(t.infra.ds, [ehe, { providerCode: ORG.careersWales, givenName: 'Osian', dateOfBirth: dob }]);
    const { personId: unknownToCw } = await createPerson(t.infra.ds, [ehe]);
    const before = await ask('cw.adviser.cardiff', 'TRACKING', personId, ORG.cardiffLa);
    expect(before.record['givenName']).toBe('Osian');
    for (const id of [personId, unknownToCw]) {
      await mutate('epc.cardiff', CONSENT, {
        input: { personId: id, kind: 'REFUSED', recipientKind: 'CAREERS_WALES', givenBy: 'PARENT_GUARDIAN', evidenceReference: 'EHE letter' },
      });
    }
    // Careers Wales did not know this young person: after the refusal it does not learn they exist.
    const hidden = await gql(t.url, PERSON, { token: await token('cw.adviser.cardiff'), purpose: 'TRACKING', variables: { id: unknownToCw } });
    expect(hidden.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const after = await ask('cw.adviser.cardiff', 'TRACKING', personId, ORG.cardiffLa);
    expect(after.record['givenName']).toBeNull();
    expect(after.record['enrolment']).toBeNull();
    expect(after.on('enrolment')).toEqual(expect.objectContaining({ category: 'EDUCATION_ENROLMENT', reason: 'OBJECTION' }));
    const own = await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffLa);
    expect(own.record['enrolment']).toEqual({ electiveHomeEducation: true });
  });

  it('an agreement change takes effect on the next request: drafted grants nothing, activated grants, suspended stops', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool },
      { providerCode: ORG.cardiffVoluntary, payload: { BEHAVIOUR: { incidents: 1 } } },
    ]);
    const reference = `DDA-SCENARIO-${Date.now().toString(36).toUpperCase()}`;
    const drafted = (await mutate('ig.cardiff', `mutation ($input: DraftSharingAgreementInput!) { draftSharingAgreement(input: $input) { id version status } }`, {
      input: {
        reference, kind: 'DDA', title: 'Scenario', lawfulBasis: 'PUBLIC_TASK', purposes: ['TRACKING'], partyCodes: [ORG.cardiffVoluntary, ORG.cardiffLa],
        effectiveFrom: '2026-01-01', reviewBy: '2030-01-01',
        clauses: [{ providerOrganisationCode: ORG.cardiffVoluntary, recipientOrganisationCode: ORG.cardiffLa, categories: ['BEHAVIOUR'], purposes: ['TRACKING'] }],
      },
    }))['draftSharingAgreement'] as { id: string; version: number; status: string };
    expect(drafted).toMatchObject({ version: 1, status: 'DRAFT' });
    expect((await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffVoluntary)).on('behaviour')).toMatchObject({ reason: 'AGREEMENT_NOT_ACTIVE', agreement: `${reference}@1` });

    await mutate('ig.cardiff', 'mutation ($id: ID!) { activateSharingAgreement(id: $id) { status } }', { id: drafted.id });
    expect((await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffVoluntary)).record['behaviour']).toEqual({ incidents: 1 });

    const suspended = (await mutate('ig.cardiff', 'mutation ($id: ID!) { suspendSharingAgreement(id: $id, reason: "under review") { status history { event by } } }', { id: drafted.id }))['suspendSharingAgreement'] as {
      history: Array<{ event: string; by: string }>;
    };
    expect(suspended.history.map((h) => `${h.event} by ${h.by}`)).toEqual([
      'agreement.drafted by ig.cardiff', 'agreement.activated by ig.cardiff', 'agreement.suspended by ig.cardiff',
    ]);
    const after = await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffVoluntary);
    expect(after.record['behaviour']).toBeNull();
    expect(after.on('behaviour')?.reason).toBe('AGREEMENT_NOT_ACTIVE');

    // Only IG officers and administrators manage agreements.
    const epc = await gql(t.url, 'mutation ($id: ID!) { activateSharingAgreement(id: $id) { status } }', { token: await token('epc.cardiff'), variables: { id: drafted.id } });
    expect(epc.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('explains access: an IG officer sees every category with its reason; a principal asking about itself learns nothing of what is withheld', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, payload: { ATTENDANCE: { percent: 90 } } },
      { providerCode: ORG.careersWales, payload: { TIER_STATUS: { tier: 3 } } },
    ]);
    await setTier(t.infra.ds, personId, 3);
    const EXPLAIN = `query ($p: ID!, $h: String!) { explainAccess(personId: $p, principalHandle: $h, purpose: TRACKING) {
      categories { category allowed reason agreement held sources { provider { code } allowed reason } } } }`;
    type Ex = { explainAccess: { categories: Array<{ category: string; allowed: boolean; reason: string | null; agreement: string | null; held: boolean | null; sources: unknown[] }> } };
    const ig = await gql<Ex>(t.url, EXPLAIN, { token: await token('ig.cardiff'), variables: { p: personId, h: 'epc.cardiff' } });
    const byCat = new Map(ig.body.data!.explainAccess.categories.map((c) => [c.category, c]));
    expect(byCat.size).toBe(15);
    expect(byCat.get('ATTENDANCE')).toMatchObject({ allowed: true, reason: null, held: true });
    expect(byCat.get('TIER_STATUS')).toMatchObject({ allowed: false, reason: 'TIER_RESTRICTED', agreement: 'ISP-YEPF-REGIONAL@1', held: true });
    expect(byCat.get('YOUTH_JUSTICE')).toMatchObject({ allowed: false, held: false });

    const self = await gql<Ex>(t.url, EXPLAIN, { token: await token('epc.cardiff'), variables: { p: personId, h: 'epc.cardiff' } });
    const tier = self.body.data!.explainAccess.categories.find((c) => c.category === 'TIER_STATUS')!;
    expect(tier).toMatchObject({ allowed: false, reason: 'TIER_RESTRICTED', held: null, sources: [] });

    const other = await gql(t.url, EXPLAIN, { token: await token('epc.cardiff'), variables: { p: personId, h: 'ig.cardiff' } });
    expect(other.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });
});

describe('searching young people', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds a person by a name the principal may read, never by a name it may not', async () => {
    const visibleName = `Ifan-${Date.now().toString(36)}`;
    const hiddenName = `Prydderch-${Date.now().toString(36)}`;
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, familyName: visibleName },
      { providerCode: ORG.careersWales, familyName: hiddenName, payload: { TIER_STATUS: { tier: 3 } } },
    ]);
    await setTier(t.infra.ds, personId, 3);
    const SEARCH = `query ($prefix: String!) { youngPeople(first: 5, filter: { familyNamePrefix: $prefix }) { totalCount edges { node { id } } } }`;
    type R = { youngPeople: { totalCount: number; edges: Array<{ node: { id: string } }> } };
    const epc = await tokenFor(t.infra, 'epc.cardiff');
    const byVisible = await gql<R>(t.url, SEARCH, { token: epc, purpose: 'TRACKING', variables: { prefix: visibleName } });
    expect(byVisible.body.data!.youngPeople.edges.map((e) => e.node.id)).toEqual([personId]);
    const byHidden = await gql<R>(t.url, SEARCH, { token: epc, purpose: 'TRACKING', variables: { prefix: hiddenName } });
    expect(byHidden.body.data!.youngPeople).toMatchObject({ totalCount: 0, edges: [] });
    const cw = await gql<R>(t.url, SEARCH, { token: await tokenFor(t.infra, 'cw.adviser.cardiff'), purpose: 'TRACKING', variables: { prefix: hiddenName } });
    expect(cw.body.data!.youngPeople.edges.map((e) => e.node.id)).toEqual([personId]); // Careers Wales reads its own record
  });
});
