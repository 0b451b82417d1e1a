import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import { birthdayIn, createPerson, linkRecords, setTier } from './support/factories.js';
import { stalePersonState } from './support/person-state.js';
import { gql, requestIdOf, startTestApi, tokenFor, type GqlBody, type TestApi } from './support/harness.js';
import { registered } from './support/registered.js';

// Named scenarios from the YEPF (domain §4, design §4), against the seeded regional ISP, over HTTP.
// Each asserts both sides: the value when allowed; null and the exact reason when withheld.

const PERSON = `query ($id: ID!) { youngPerson(id: $id) { id sourceRecords {
  provider { code } givenName familyName enrolment attendance behaviour attainment tierStatus careersGuidance involvement supportNeeds careStatus } } }`;

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

  /** The provider codes of the records shown to the principal (NOT_FOUND: null), and every redaction reason. */
  const shown = async (handle: string, purpose: string, personId: string) => {
    const res = await gql<{ youngPerson: { sourceRecords: Rec[] } | null }>(t.url, PERSON, { token: await token(handle), purpose, variables: { id: personId } });
    const reasons = (((res.body as GqlBody).extensions?.['redactions'] ?? []) as Redaction[]).map((r) => r.reason);
    if (res.body.errors?.[0]?.extensions?.['code'] === 'NOT_FOUND') return { providers: null, reasons };
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return { providers: res.body.data!.youngPerson!.sourceRecords.map((r) => r.provider.code).sort(), reasons };
  };

  /** The precise reasons the access log holds for a person's withheld values. */
  const loggedReasons = async (personId: string): Promise<string> =>
    ((await t.infra.ds.query(`SELECT withheld FROM access_event WHERE person_id = $1`, [personId])) as Array<{ withheld: string[] }>)
      .flatMap((r) => r.withheld)
      .join(' ');

  const mutate = async (handle: string, query: string, variables: Record<string, unknown>, purpose?: string) => {
    const res = await gql(t.url, query, { token: await token(handle), variables, purpose });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data!;
  };

  /** Adds a record from an organisation to an existing person; returns its id. */
  const addRecord = async (personId: string, providerCode: string, payload: Record<string, unknown>): Promise<string> => {
    const [row] = (await t.infra.ds.query(
      `INSERT INTO source_record (provider_organisation_id, partner_reference, person_id, given_name, family_name, date_of_birth, payload)
       SELECT id, 'P-' || left(md5(random()::text), 8), $1::uuid, 'Ffion', 'Test', '2009-03-14', $3 FROM organisation WHERE code = $2 RETURNING id`,
      [personId, providerCode, JSON.stringify(payload)],
    )) as Array<{ id: string }>;
    return row!.id;
  };

  // The voluntary body's system records consent through its registered operation; people may send it too.
  const CONSENT = registered('RecordConsentEvent');

  /** The college's staff who ask for each purpose: its admissions officer for ADMISSIONS, its pastoral lead otherwise. */
  const collegeStaff = (purpose: string): string => (purpose === 'ADMISSIONS' ? 'college.cardiff.admissions' : 'college.cardiff.pastoral');

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.close();
  });

  it('an EPC never learns that a young person is in tier 3: the Careers Wales record is not shown at all; from tier 2 it flows', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, dateOfBirth: birthdayIn(17, 40), payload: { ATTENDANCE: { percent: 81.5 } } },
      { providerCode: ORG.careersWales, dateOfBirth: birthdayIn(17, 40), payload: { TIER_STATUS: { tier: 3 }, CAREERS_GUIDANCE: { interviewCount: 2 } } },
    ]);
    await setTier(t.infra.ds, personId, 3);

    const before = await shown('epc.cardiff', 'TRACKING', personId);
    expect(before.providers).toEqual([ORG.cardiffSchool]); // no provider, no date, no null-filled record
    expect(before.reasons).not.toContain('TIER_RESTRICTED');
    const school = await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffSchool);
    expect(school.record['attendance']).toEqual({ percent: 81.5 }); // the school's data flows to the LA
    // The school → LA clause does not cover tier status: said plainly, since that depends on nobody's tier.
    expect(school.on('tierStatus')).toEqual(expect.objectContaining({ category: 'TIER_STATUS', reason: 'NO_AGREEMENT', agreement: null }));

    await mutate('cw.adviser.cardiff', 'mutation ($input: RecordTierAssessmentInput!) { recordTierAssessment(input: $input) { tier } }', {
      input: { personId, tier: 2, assessedOn: new Date().toISOString().slice(0, 10), tier2Reason: 'YOUNG_CARER' },
    });
    const after = await ask('epc.cardiff', 'TRACKING', personId, ORG.careersWales);
    expect(after.record['tierStatus']).toMatchObject({ tier: 2, tier2Reason: 'YOUNG_CARER' });
    expect(after.record['careersGuidance']).toEqual({ interviewCount: 2 });
    expect(after.on('tierStatus')).toBeUndefined();

    // The access log holds the precise reason (TIER_RESTRICTED) for the first read, and the tier change itself.
    const log = (await t.infra.ds.query(
      `SELECT event, outcome, purpose, agreements, withheld FROM access_event WHERE person_id = $1 ORDER BY seq`,
      [personId],
    )) as Array<{ event: string; outcome: string; purpose: string | null; agreements: string[]; withheld: string[] }>;
    expect(log.map((r) => r.event)).toEqual(['person.read', 'person.read', 'tier.assessed', 'person.read']);
    expect(log[0]).toMatchObject({ purpose: 'TRACKING', outcome: 'PARTIAL' });
    expect(log[0]!.withheld.join(' ')).toContain('TIER_RESTRICTED');
    expect(log[3]!.withheld.join(' ')).not.toContain('TIER_RESTRICTED');
    expect(await stalePersonState(t.infra.ds)).toBe(0); // the stored facts followed the tier change
  });

  it('a redaction is reported for every field asked for, whether or not a value is held', async () => {
    const withBehaviour = await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffSchool, payload: { BEHAVIOUR: { incidents: 3 } } }]);
    const without = await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffSchool }]);
    const a = await ask('cw.adviser.cardiff', 'TRACKING', withBehaviour.personId, ORG.cardiffSchool);
    const b = await ask('cw.adviser.cardiff', 'TRACKING', without.personId, ORG.cardiffSchool);
    expect(a.record['behaviour']).toBeNull();
    expect(b.record['behaviour']).toBeNull();
    expect(a.on('behaviour')).toEqual(b.on('behaviour'));
    expect(a.on('behaviour')).toMatchObject({ category: 'BEHAVIOUR', reason: 'NO_AGREEMENT' });
    // A released category with no value is simply null, with no redaction.
    expect(b.record['attainment']).toBeNull();
    expect(b.on('attainment')).toBeUndefined();
  });

  it('a college sees a pupil only as its applicant, on a strong link; the firewall holds for admissions; after a confirmed enrolment the school and LA send a contact-before-placement flag', async () => {
    const dob = birthdayIn(16, 30);
    const { personId, recordIds } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, dateOfBirth: dob, upn: 'A123456789012', payload: { BEHAVIOUR: { fixedTermExclusions: 2 }, ATTAINMENT: { predictedGcseGrades: { maths: '5' } }, SUPPORT_NEEDS: { aln: true } } },
      { providerCode: ORG.cardiffLa, dateOfBirth: dob, payload: { CARE_STATUS: { lookedAfter: true } } },
    ]);
    const [schoolRecord] = recordIds;
    // No relationship: the college cannot find the pupil at all, for any purpose it may use.
    for (const purpose of ['ADMISSIONS', 'TRANSITION', 'TRACKING']) expect((await shown(collegeStaff(purpose), purpose, personId)).providers).toBeNull();

    // The college's applicant record, linked to the school's on the pupil's UPN: identity and attainment flow.
    const applied = await addRecord(personId, ORG.cardiffCollege, { EDUCATION_ENROLMENT: { status: 'APPLIED', course: 'Level 3 Engineering' } });
    await linkRecords(t.infra.ds, applied, schoolRecord!, 'UPN');
    const admissions = await ask(collegeStaff('ADMISSIONS'), 'ADMISSIONS', personId, ORG.cardiffSchool);
    expect(admissions.record['attainment']).toEqual({ predictedGcseGrades: { maths: '5' } });
    expect(admissions.record['givenName']).toBe('Ffion');
    expect(admissions.record['behaviour']).toBeNull();
    expect(admissions.on('behaviour')).toEqual(expect.objectContaining({ category: 'BEHAVIOUR', reason: 'PURPOSE_EXCLUDED', agreement: null }));
    const transition = await ask(collegeStaff('TRANSITION'), 'TRANSITION', personId, ORG.cardiffSchool);
    expect(transition.record['behaviour']).toBeNull();
    expect(transition.on('behaviour')).toEqual(expect.objectContaining({ reason: 'WITHHELD', agreement: 'ISP-YEPF-REGIONAL@3' }));
    expect((await shown(collegeStaff('TRANSITION'), 'TRANSITION', personId)).providers).toEqual([ORG.cardiffCollege, ORG.cardiffSchool].sort());

    // Enrolled, from a start date already past: a flag from the school and from the LA, never the values.
    await t.infra.ds.query(`UPDATE source_record SET payload = $2 WHERE id = $1`, [
      applied,
      JSON.stringify({ EDUCATION_ENROLMENT: { status: 'ENROLLED', startDate: '2026-09-01', course: 'Level 3 Engineering' } }),
    ]);
    const enrolled = await ask(collegeStaff('TRANSITION'), 'TRANSITION', personId, ORG.cardiffSchool);
    expect(enrolled.record['behaviour']).toEqual({ contactBeforePlacement: true });
    expect(enrolled.record['supportNeeds']).toEqual({ contactBeforePlacement: true });
    const la = await ask(collegeStaff('TRANSITION'), 'TRANSITION', personId, ORG.cardiffLa);
    expect(la.record['careStatus']).toEqual({ contactBeforePlacement: true });
    expect(la.record['givenName']).toBeNull(); // only the flag comes from the LA
    expect((await ask(collegeStaff('ADMISSIONS'), 'ADMISSIONS', personId, ORG.cardiffSchool)).on('behaviour')?.reason).toBe('PURPOSE_EXCLUDED');
  });

  it('a relationship must be earned: a college cannot make itself an applicant or a learner by submitting a record the matcher linked', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, payload: { BEHAVIOUR: { fixedTermExclusions: 1 }, ATTAINMENT: { ks4: 'expected' } } },
      { providerCode: ORG.cardiffLa, payload: { CARE_STATUS: { lookedAfter: true } } },
    ]);
    const [schoolRecord] = (await t.infra.ds.query(`SELECT sr.id FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
      WHERE sr.person_id = $1 AND o.code = $2`, [personId, ORG.cardiffSchool])) as Array<{ id: string }>;
    // The college submits an "enrolment" with the pupil's identity; the matcher links it on names and date of birth only.
    const own = await addRecord(personId, ORG.cardiffCollege, { EDUCATION_ENROLMENT: { status: 'ENROLLED', startDate: '2026-09-01' } });
    await linkRecords(t.infra.ds, own, schoolRecord!.id, 'SCORED');
    const seen = await shown(collegeStaff('TRANSITION'), 'TRANSITION', personId);
    expect(seen.providers).toEqual([ORG.cardiffCollege]); // only its own record: nothing of the school's or the LA's
    // An EPC confirms the pair: now the enrolment counts.
    await t.infra.ds.query(`UPDATE match_candidate SET status = 'CONFIRMED' WHERE record_a_id = ANY($1) AND record_b_id = ANY($1)`, [[own, schoolRecord!.id]]);
    const confirmed = await ask(collegeStaff('TRANSITION'), 'TRANSITION', personId, ORG.cardiffSchool);
    expect(confirmed.record['behaviour']).toEqual({ contactBeforePlacement: true });
    // An enrolment-shaped payload with another status is no enrolment.
    await t.infra.ds.query(`UPDATE source_record SET payload = $2 WHERE id = $1`, [own, JSON.stringify({ EDUCATION_ENROLMENT: { status: 'WITHDRAWN', startDate: '2026-09-01' } })]);
    expect((await shown(collegeStaff('TRANSITION'), 'TRANSITION', personId)).providers).toEqual([ORG.cardiffCollege]);
  });

  it('a voluntary body’s involvement needs consent; given it flows, withdrawn it stops on the very next request', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, dateOfBirth: birthdayIn(17, 100) },
      { providerCode: ORG.cardiffVoluntary, dateOfBirth: birthdayIn(17, 100), payload: { INVOLVEMENT: { programme: 'Next Steps group' } } },
    ]);
    expect((await shown('epc.cardiff', 'TRACKING', personId)).providers).toEqual([ORG.cardiffSchool]);

    const scope = { personId, recipientKind: 'LOCAL_AUTHORITY', categories: ['IDENTITY', 'INVOLVEMENT'], givenBy: 'YOUNG_PERSON' };
    await mutate('voluntary.cardiff', CONSENT, { input: { ...scope, kind: 'GIVEN', evidenceReference: 'YLC/consent/0042' } }, 'TRACKING');
    const given = await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffVoluntary);
    expect(given.record['involvement']).toEqual({ programme: 'Next Steps group' });

    await mutate('voluntary.cardiff', CONSENT, { input: { ...scope, kind: 'WITHDRAWN', evidenceReference: 'YLC/phone/2026-11-23' } }, 'TRACKING');
    const withdrawn = await shown('epc.cardiff', 'TRACKING', personId);
    expect(withdrawn.providers).toEqual([ORG.cardiffSchool]);
    expect(withdrawn.reasons).not.toContain('CONSENT_WITHDRAWN');
    expect(await loggedReasons(personId)).toContain('CONSENT_WITHDRAWN'); // the precise reason is in the log
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
    expect((await shown('epc.cardiff', 'TRACKING', sixteen)).providers).toEqual([ORG.cardiffSchool]);
    expect(await loggedReasons(sixteen)).toContain('CONSENT_REQUIRED');

    // And a parent cannot give consent for a sixteen-year-old: the error names the field.
    const wrong = await gql(t.url, CONSENT, {
      token: await token('voluntary.cardiff'),
      purpose: 'TRACKING',
      variables: { input: { personId: sixteen, kind: 'GIVEN', recipientKind: 'LOCAL_AUTHORITY', givenBy: 'PARENT_GUARDIAN', evidenceReference: 'form' } },
    });
    expect(wrong.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'givenBy' } });
  });

  it('an objection against one recipient withholds from that recipient only, and that recipient cannot tell', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, givenName: 'Gwenllian', payload: { ATTAINMENT: { ks3Outcome: 'expected' } } },
      { providerCode: ORG.cardiffLa, givenName: 'Gwenllian' }, // the LA's own record: it still sees the person
    ]);
    await mutate('epc.cardiff', CONSENT, {
      input: { personId, kind: 'OBJECTION_RAISED', recipientOrganisationCode: ORG.cardiffLa, givenBy: 'YOUNG_PERSON', evidenceReference: 'letter 2026-11-02' },
    }, 'TRACKING');
    const la = await shown('epc.cardiff', 'EARLY_IDENTIFICATION', personId);
    expect(la.providers).toEqual([ORG.cardiffLa]);
    expect(la.reasons).not.toContain('OBJECTION');
    const cw = await ask('cw.adviser.cardiff', 'TRANSITION', personId, ORG.cardiffSchool);
    expect(cw.record['givenName']).toBe('Gwenllian');
    expect(cw.record['attainment']).toEqual({ ks3Outcome: 'expected' });
    expect(await loggedReasons(personId)).toContain('OBJECTION');
  });

  it('consent is recorded only for a young person the recorder can see, and only by today\'s authority; the ledger is read with a purpose and logged', async () => {
    const { personId: gwynedd } = await createPerson(t.infra.ds, [{ providerCode: ORG.gwyneddLa, postcode: 'LL51 9AA' }]);
    // A Cardiff voluntary body knows nothing of this pupil: it cannot object on their behalf (as if the id did not exist).
    const stranger = await gql(t.url, CONSENT, {
      token: await token('voluntary.cardiff'),
      purpose: 'TRACKING',
      variables: { input: { personId: gwynedd, kind: 'OBJECTION_RAISED', recipientKind: 'LOCAL_AUTHORITY', givenBy: 'YOUNG_PERSON', evidenceReference: 'x' } },
    });
    expect(stranger.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'personId' } });
    const unknownId = await gql(t.url, CONSENT, {
      token: await token('voluntary.cardiff'),
      purpose: 'TRACKING',
      variables: { input: { personId: '00000000-0000-4000-8000-000000000abc', kind: 'OBJECTION_RAISED', recipientKind: 'LOCAL_AUTHORITY', givenBy: 'YOUNG_PERSON', evidenceReference: 'x' } },
    });
    expect(unknownId.body.errors?.[0]?.message).toBe(stranger.body.errors?.[0]?.message);

    // A seventeen-year-old's own objection cannot be lifted by a parent, nor withdrawn consent be recorded as a parent's.
    const { personId } = await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffLa, dateOfBirth: birthdayIn(17, 20) }]);
    await mutate('epc.cardiff', CONSENT, { input: { personId, kind: 'OBJECTION_RAISED', givenBy: 'YOUNG_PERSON', evidenceReference: 'call' } }, 'TRACKING');
    for (const kind of ['OBJECTION_LIFTED', 'WITHDRAWN', 'OBJECTION_RAISED']) {
      const parent = await gql(t.url, CONSENT, {
        token: await token('epc.cardiff'),
        purpose: 'TRACKING',
        variables: { input: { personId, kind, givenBy: 'PARENT_GUARDIAN', evidenceReference: 'letter' } },
      });
      expect(parent.body.errors?.[0], kind).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'givenBy' } });
    }
    await mutate('epc.cardiff', CONSENT, { input: { personId, kind: 'OBJECTION_LIFTED', givenBy: 'YOUNG_PERSON', evidenceReference: 'call 2' } }, 'TRACKING');

    const HISTORY = 'query ($id: ID!) { consentHistory(personId: $id) { kind givenBy } }';
    const history = await gql<{ consentHistory: Array<{ kind: string }> }>(t.url, HISTORY, {
      token: await token('epc.cardiff'), purpose: 'TRACKING', variables: { id: personId },
    });
    expect(history.body.data!.consentHistory.map((e) => e.kind)).toEqual(['OBJECTION_RAISED', 'OBJECTION_LIFTED']);
    const logged = (await t.infra.ds.query(`SELECT event FROM access_event WHERE request_id = $1`, [requestIdOf(history)])) as Array<{ event: string }>;
    expect(logged.map((r) => r.event)).toContain('consent.history_read');
    const noPurpose = await gql(t.url, HISTORY, { token: await token('epc.cardiff'), variables: { id: personId } });
    expect(noPurpose.body.errors?.[0]?.extensions?.['code']).toBe('BAD_REQUEST');
    const other = await gql(t.url, HISTORY, { token: await token('epc.gwynedd'), purpose: 'TRACKING', variables: { id: personId } });
    expect(other.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('an expired agreement grants nothing (AGREEMENT_NOT_ACTIVE, said plainly) and is listed as due for review', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool },
      { providerCode: ORG.cardiffVoluntary, payload: { ATTENDANCE: { sessionsAttended: 7 }, INVOLVEMENT: { programme: 'Mentoring' } } },
    ]);
    await t.infra.ds.query(
      `INSERT INTO consent_event (person_id, kind, recipient_kind, given_by, evidence_reference, recorded_by)
       SELECT $1, 'GIVEN', 'LOCAL_AUTHORITY', 'YOUNG_PERSON', 'signed form', id FROM principal WHERE handle = 'voluntary.cardiff'`,
      [personId],
    );
    const res = await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffVoluntary);
    expect(res.record['involvement']).toEqual({ programme: 'Mentoring' });
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
      }, 'TRACKING');
    }
    // Careers Wales did not know this young person: after the refusal it does not learn they exist.
    const hidden = await gql(t.url, PERSON, { token: await token('cw.adviser.cardiff'), purpose: 'TRACKING', variables: { id: unknownToCw } });
    expect(hidden.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    // Where it knew them, it sees its own record only: not that the LA holds one.
    expect((await shown('cw.adviser.cardiff', 'TRACKING', personId)).providers).toEqual([ORG.careersWales]);
    const own = await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffLa);
    expect(own.record['enrolment']).toEqual({ electiveHomeEducation: true });
  });

  it('an agreement change takes effect on the next request: drafted grants nothing, activated and approved by its provider grants, suspended stops', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool },
      { providerCode: ORG.cardiffVoluntary, payload: { BEHAVIOUR: { incidents: 1 } } },
    ]);
    const reference = `DDA-SCENARIO-${Date.now().toString(36).toUpperCase()}`;
    const drafted = (await mutate('ig.cardiff', `mutation ($input: DraftSharingAgreementInput!) { draftSharingAgreement(input: $input) { id version status } }`, {
      input: {
        reference, kind: 'DDA', title: 'Scenario', lawfulBasis: 'PUBLIC_TASK', purposes: ['TRACKING'], partyCodes: [ORG.cardiffVoluntary, ORG.cardiffLa],
        effectiveFrom: '2026-01-01', reviewBy: '2030-01-01',
        clauses: [{ providerOrganisationCode: ORG.cardiffVoluntary, recipientOrganisationCode: ORG.cardiffLa, categories: ['IDENTITY', 'BEHAVIOUR'], purposes: ['TRACKING'] }],
      },
    }))['draftSharingAgreement'] as { id: string; version: number; status: string };
    expect(drafted).toMatchObject({ version: 1, status: 'DRAFT' });
    expect((await shown('epc.cardiff', 'TRACKING', personId)).providers).toEqual([ORG.cardiffSchool]);

    await mutate('ig.cardiff', 'mutation ($id: ID!) { activateSharingAgreement(id: $id) { status } }', { id: drafted.id });
    // In force, but the voluntary body's data flows only once the voluntary body has approved.
    expect((await shown('epc.cardiff', 'TRACKING', personId)).providers).toEqual([ORG.cardiffSchool]);
    await mutate('ig.voluntary.cardiff', 'mutation ($id: ID!) { approveSharingAgreement(id: $id) { status } }', { id: drafted.id });
    expect((await ask('epc.cardiff', 'TRACKING', personId, ORG.cardiffVoluntary)).record['behaviour']).toEqual({ incidents: 1 });

    const suspended = (await mutate('ig.cardiff', 'mutation ($id: ID!) { suspendSharingAgreement(id: $id, reason: "under review") { status history { event by } } }', { id: drafted.id }))['suspendSharingAgreement'] as {
      history: Array<{ event: string; by: string }>;
    };
    expect(suspended.history.map((h) => `${h.event} by ${h.by}`)).toEqual([
      'agreement.drafted by ig.cardiff', 'agreement.activated by ig.cardiff', 'agreement.approved by ig.voluntary.cardiff', 'agreement.party_suspended by ig.cardiff',
    ]);
    expect((await shown('epc.cardiff', 'TRACKING', personId)).providers).toEqual([ORG.cardiffSchool]);

    // Only IG officers and administrators manage agreements.
    const epc = await gql(t.url, 'mutation ($id: ID!) { activateSharingAgreement(id: $id) { status } }', { token: await token('epc.cardiff'), variables: { id: drafted.id } });
    expect(epc.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('explains access: an IG officer sees every category with its precise reason; a principal asking about itself learns nothing of what is withheld', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, payload: { ATTENDANCE: { percent: 90 } } },
      { providerCode: ORG.careersWales, payload: { TIER_STATUS: { tier: 3 } } },
    ]);
    await setTier(t.infra.ds, personId, 3);
    const EXPLAIN = `query ($p: ID!, $h: String!) { explainAccess(personId: $p, principalHandle: $h, purpose: TRACKING) {
      categories { category allowed reason agreement held sources { provider { code } allowed reason } } } }`;
    type Ex = { explainAccess: { categories: Array<{ category: string; allowed: boolean; reason: string | null; agreement: string | null; held: boolean | null; sources: Array<{ provider: { code: string } }> }> } };
    const ig = await gql<Ex>(t.url, EXPLAIN, { token: await token('ig.cardiff'), variables: { p: personId, h: 'epc.cardiff' } });
    const byCat = new Map(ig.body.data!.explainAccess.categories.map((c) => [c.category, c]));
    expect(byCat.size).toBe(16);
    expect(byCat.get('ATTENDANCE')).toMatchObject({ allowed: true, reason: null, held: true });
    expect(byCat.get('TIER_STATUS')).toMatchObject({ allowed: false, reason: 'TIER_RESTRICTED', agreement: 'ISP-YEPF-REGIONAL@3', held: true });
    expect(byCat.get('YOUTH_JUSTICE')).toMatchObject({ allowed: false, held: false });

    const self = await gql<Ex>(t.url, EXPLAIN, { token: await token('epc.cardiff'), variables: { p: personId, h: 'epc.cardiff' } });
    const text = JSON.stringify(self.body.data);
    expect(text).not.toContain('TIER_RESTRICTED');
    expect(text).not.toContain(ORG.careersWales); // not even that Careers Wales holds a record
    const tier = self.body.data!.explainAccess.categories.find((c) => c.category === 'TIER_STATUS')!;
    expect(tier).toMatchObject({ allowed: false, held: null });

    const other = await gql(t.url, EXPLAIN, { token: await token('epc.cardiff'), variables: { p: personId, h: 'ig.cardiff' } });
    expect(other.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('the controller rule respects role: an IG officer is not released its own organisation’s records; an EPC of the same council is', async () => {
    const { personId } = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffLa, givenName: 'Elis', payload: { CARE_STATUS: { lookedAfter: true }, SUPPORT_NEEDS: { aln: true } } },
    ]);
    const EXPLAIN = `query ($p: ID!, $h: String!, $purpose: Purpose!) { explainAccess(personId: $p, principalHandle: $h, purpose: $purpose) {
      categories { category allowed reason } } }`;
    type Ex = { explainAccess: { categories: Array<{ category: string; allowed: boolean; reason: string | null }> } };
    const ig = await gql<Ex>(t.url, EXPLAIN, { token: await token('admin'), variables: { p: personId, h: 'ig.cardiff', purpose: 'AUDIT' } });
    // Of its own organisation's data, an IG officer reads only the consent-ledger entries it answers for.
    for (const c of ig.body.data!.explainAccess.categories) {
      expect(c, c.category).toMatchObject(c.category === 'CONSENT' ? { allowed: true, reason: null } : { allowed: false, reason: 'ROLE_NOT_PERMITTED' });
    }
    const epc = await gql<Ex>(t.url, EXPLAIN, { token: await token('admin'), variables: { p: personId, h: 'epc.cardiff', purpose: 'TRACKING' } });
    expect(epc.body.data!.explainAccess.categories.find((c) => c.category === 'CARE_STATUS')).toMatchObject({ allowed: true });
    // Over HTTP the IG officer gets no personal value at all.
    const res = await gql<{ youngPerson: unknown }>(t.url, PERSON, { token: await token('ig.cardiff'), purpose: 'AUDIT', variables: { id: personId } });
    expect(res.body.data?.youngPerson ?? null).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain('Elis');
  });

  it('purposes are per role and organisation kind: a school’s system may not declare ADMISSIONS or EARLY_IDENTIFICATION; a college’s may declare ADMISSIONS', async () => {
    const { personId, recordIds } = await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffSchool, uln: '1000000043' }]);
    const [{ partner_reference: reference }] = (await t.infra.ds.query('SELECT partner_reference FROM source_record WHERE id = $1', [recordIds[0]])) as [{ partner_reference: string }];
    // The systems ask through their registered status lookup.
    const lookup = async (handle: string, purpose: string, key: Record<string, string>) =>
      gql<{ learnerStatus: { found: boolean } }>(t.url, registered('LearnerStatus'), { token: await token(handle), purpose, variables: key });
    for (const purpose of ['ADMISSIONS', 'EARLY_IDENTIFICATION']) {
      const res = await lookup('school.cardiff', purpose, { reference });
      expect(res.body.errors?.[0]?.extensions?.['code'], purpose).toBe('FORBIDDEN');
      expect(res.body.errors?.[0]?.message).toContain('ROLE_NOT_PERMITTED');
    }
    expect((await lookup('school.cardiff', 'TRACKING', { reference })).body.data?.learnerStatus.found).toBe(true);
    const college = await lookup('college.cardiff', 'ADMISSIONS', { uln: '1000000043' });
    expect(college.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND'); // allowed to ask; no relationship with this pupil
    // The same rules for the people beside the systems: the school's data manager tracks, the college's admissions officer admits.
    expect((await shown('school.cardiff.datamanager', 'TRACKING', (await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffSchool }])).personId)).providers).toEqual([ORG.cardiffSchool]);
    const notAdmissions = await gql(t.url, PERSON, { token: await token('college.cardiff.admissions'), purpose: 'TRANSITION', variables: { id: personId } });
    expect(notAdmissions.body.errors?.[0]?.message).toContain('ROLE_NOT_PERMITTED');
  });

  it('no partner can find a pupil it has no relationship or clause for, whatever purpose it declares', async () => {
    const uln = '1000000051';
    const { personId } = await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffSchool, uln, payload: { ATTENDANCE: { percent: 70 } } }]);
    const entitled = new Set(['admin', 'epc.cardiff', 'cw.adviser.cardiff', 'cw.system', 'school.cardiff', 'school.cardiff.datamanager']);
    const principals = (await t.infra.ds.query(`SELECT handle, kind FROM principal WHERE active ORDER BY handle`)) as Array<{ handle: string; kind: string }>;
    const purposes = ['EARLY_IDENTIFICATION', 'BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION', 'ADMISSIONS', 'STATISTICS', 'AUDIT'];
    let found = 0;
    for (const { handle, kind } of principals) {
      for (const purpose of purposes) {
        // People ask for the young person; partner systems look the pupil up by the ULN, through their registered operation.
        const res =
          kind === 'SYSTEM'
            ? await gql<{ learnerStatus: { personId: string } | null }>(t.url, registered('LearnerStatus'), { token: await token(handle), purpose, variables: { uln } })
            : await gql<{ youngPerson: { id: string } | null }>(t.url, 'query ($id: ID!) { youngPerson(id: $id) { id } }', { token: await token(handle), purpose, variables: { id: personId } });
        const data = res.body.data as { youngPerson?: { id: string } | null; learnerStatus?: { personId: string } | null } | null | undefined;
        if (data?.youngPerson || data?.learnerStatus) {
          found++;
          expect(entitled.has(handle), `${handle} found the pupil for ${purpose}`).toBe(true);
          expect(data.youngPerson?.id ?? data.learnerStatus?.personId).toBe(personId);
        }
      }
    }
    expect(found).toBeGreaterThan(0); // those entitled do find the pupil
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

  it('filters by provider or area over the records shown to the principal only: a hidden Careers Wales record lists nobody', async () => {
    const name = `Cadwaladr-${Date.now().toString(36)}`;
    const tier3 = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, familyName: name },
      { providerCode: ORG.careersWales, familyName: name, payload: { TIER_STATUS: { tier: 3 } } },
    ]);
    await setTier(t.infra.ds, tier3.personId, 3);
    const tier2 = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffSchool, familyName: name },
      { providerCode: ORG.careersWales, familyName: name, payload: { TIER_STATUS: { tier: 2 } } },
    ]);
    await setTier(t.infra.ds, tier2.personId, 2);
    const FILTER = `query ($prefix: String!, $code: String) { youngPeople(first: 10, filter: { familyNamePrefix: $prefix, providerCode: $code }) { totalCount edges { node { id } } } }`;
    type R = { youngPeople: { totalCount: number; edges: Array<{ node: { id: string } }> } };
    const epc = await tokenFor(t.infra, 'epc.cardiff');
    const all = await gql<R>(t.url, FILTER, { token: epc, purpose: 'TRACKING', variables: { prefix: name } });
    expect(all.body.data!.youngPeople.totalCount).toBe(2);
    const byCw = await gql<R>(t.url, FILTER, { token: epc, purpose: 'TRACKING', variables: { prefix: name, code: ORG.careersWales } });
    expect(byCw.body.data!.youngPeople).toMatchObject({ totalCount: 1, edges: [{ node: { id: tier2.personId } }] });
  });
});
