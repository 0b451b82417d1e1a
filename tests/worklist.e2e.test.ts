import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import { contextForHandle } from '../src/modules/imports/cli-context.js';
import { birthdayIn, createPerson, type RecordSpec } from './support/factories.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { staleUnknownFacts, wholeWorklist, worklistPage, type WorklistCounts, type WorklistItem } from './support/worklist.js';

// The tier-1 unknowns worklist over HTTP (domain §7.3, issue 10 items 1–3): who is on it and for whom,
// what the EPC sees of them (sightings) and what it does not, and resolving an item as events.

const GWYNEDD_SCHOOL = 'school.gwynedd.ysgol-gyfun-glan-seiont';
const WBL = 'wbl.sgiliau-ymlaen';
const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const age = (years: number): string => birthdayIn(years, -10);

/** A Careers Wales record in tier 1, out of contact for `silentDays`. */
const cwTier1 = (dob: string, silentDays = 500): RecordSpec => ({
  providerCode: ORG.careersWales,
  dateOfBirth: dob,
  payload: { TIER_STATUS: { tier: 1, assessedOn: day(-30) }, CAREERS_GUIDANCE: { lastContactOn: day(-silentDays), interviewCount: 1 } },
});
/** The school the young person left after Year 11 (the home LA comes from the latest record of a provider with an area). */
const school = (dob: string, code: string = ORG.cardiffSchool): RecordSpec => ({
  providerCode: code,
  dateOfBirth: dob,
  payload: { EDUCATION_ENROLMENT: { yearGroup: 11, enrolledOn: '2020-09-03', status: 'LEFT', leftOn: day(-150) } },
});

describe('the tier-1 unknowns worklist', () => {
  let t: TestApi;
  const tokens: Record<string, string> = {};
  const token = async (handle: string): Promise<string> => (tokens[handle] ??= await tokenFor(t.infra, handle));
  const list = async (handle: string, la: string, filter: Record<string, unknown> | null = null) => wholeWorklist(t.url, await token(handle), la, filter);
  const itemOf = (items: WorklistItem[], personId: string): WorklistItem | undefined => items.find((i) => i.person.id === personId);
  const mutate = async (query: string, input: Record<string, unknown>, handle = 'epc.cardiff', purpose = 'UNKNOWN_RESOLUTION') =>
    gql<Record<string, { id: string; outcome: string; contactMethod: string | null }>>(t.url, query, { token: await token(handle), purpose, variables: { input } });
  const OUTCOME = 'mutation ($input: RecordUnknownOutcomeInput!) { recordUnknownOutcome(input: $input) { id outcome effectiveOn actor { displayName } } }';
  const ATTEMPT = 'mutation ($input: RecordContactAttemptInput!) { recordContactAttempt(input: $input) { id outcome contactMethod } }';
  const REOPEN = 'mutation ($input: ReopenUnknownInput!) { reopenUnknown(input: $input) { id outcome reversesEventId } }';
  const addRecord = async (personId: string, spec: RecordSpec): Promise<void> => {
    await t.infra.ds.query(
      `INSERT INTO source_record (provider_organisation_id, partner_reference, person_id, given_name, family_name, date_of_birth, payload)
       SELECT id, 'W-' || left(md5(random()::text), 10), $1::uuid, 'Ffion', 'Test', $3, $4 FROM organisation WHERE code = $2`,
      [personId, spec.providerCode, spec.dateOfBirth, JSON.stringify(spec.payload ?? {})],
    );
  };
  const objection = async (personId: string, kind: 'OBJECTION_RAISED' | 'OBJECTION_LIFTED'): Promise<void> => {
    await t.infra.ds.query(
      `INSERT INTO consent_event (person_id, kind, recipient_kind, categories, given_by, evidence_reference, recorded_by)
       SELECT $1, $2, 'LOCAL_AUTHORITY', '{EDUCATION_ENROLMENT}', 'YOUNG_PERSON', 'phone call', id FROM principal WHERE handle = 'epc.cardiff'`,
      [personId, kind],
    );
  };
  const surveyReturn = async (personId: string, reason: string, on: string): Promise<void> => {
    const ctx = await contextForHandle(t.infra, 'cw.system', 'test destinations');
    await t.infra.ds.transaction((em) =>
      t.infra.services.tierHistory.record(ctx, em, { personId, kind: 'DESTINATION_RETURN', sourceOrganisationId: ctx.principal.organisation.id, effectiveOn: on, reason }),
    );
  };
  const delta = (before: WorklistCounts, after: WorklistCounts) => ({
    total: after.total - before.total,
    byAge: Object.fromEntries(after.byAge.map((a, i) => [a.age, a.count - before.byAge[i]!.count])),
    byReason: Object.fromEntries(after.byReason.map((r, i) => [r.reason, r.count - before.byReason[i]!.count])),
  });

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    // Every record, link and event written above kept the worklist's facts (unknown_fact) as a fresh derivation gives them.
    expect(await staleUnknownFacts(t.infra.ds)).toBe(0);
    await t.close();
  });

  it("lists a tier-1 person on their LA's worklist and not on another LA's, and no other LA's EPC may open it", async () => {
    const dob = age(17);
    const { personId: cardiff } = await createPerson(t.infra.ds, [school(dob), cwTier1(dob)]);
    const { personId: gwynedd } = await createPerson(t.infra.ds, [school(dob, GWYNEDD_SCHOOL), cwTier1(dob)]);

    const cardiffList = await list('epc.cardiff', 'cardiff');
    const item = itemOf(cardiffList.items, cardiff);
    expect(item?.reasons).toEqual([
      { __typename: 'NoCareersWalesContactUnknown', reason: 'NO_CAREERS_WALES_CONTACT', since: day(-500), daysUnknown: 500, provider: { code: ORG.careersWales } },
      { __typename: 'Tier1Unknown', reason: 'TIER_1', since: day(-30), daysUnknown: 30, provider: { code: ORG.careersWales } },
    ]);
    expect(item?.progress).toBeNull();
    expect(itemOf(cardiffList.items, gwynedd)).toBeUndefined();

    const gwyneddList = await list('epc.gwynedd', 'gwynedd');
    expect(itemOf(gwyneddList.items, gwynedd)?.reasons.map((r) => r.reason)).toEqual(['NO_CAREERS_WALES_CONTACT', 'TIER_1']);
    expect(itemOf(gwyneddList.items, cardiff)).toBeUndefined();

    const refused = await worklistPage(t.url, await token('epc.gwynedd'), { la: 'cardiff' });
    expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(refused.body.data ?? null).toBeNull();
  });

  it('is read for UNKNOWN_RESOLUTION by EPCs only: another purpose or role is refused, and the refusal is logged', async () => {
    const tracking = await worklistPage(t.url, await token('epc.cardiff'), { la: 'cardiff' }, 'TRACKING');
    expect(tracking.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(tracking.body.errors?.[0]?.message).toMatch(/UNKNOWN_RESOLUTION/);
    for (const handle of ['cw.adviser.cardiff', 'school.cardiff.datamanager', 'leadworker.cardiff']) {
      const res = await worklistPage(t.url, await token(handle), { la: 'cardiff' }, 'TRACKING');
      expect(res.body.errors?.[0]?.message, handle).toMatch(/may not read UnknownsWorklist \(unknownsWorklist\)/);
    }
    const refusals = (await t.infra.ds.query(
      `SELECT details FROM access_event WHERE event = 'operation.refused' AND operation LIKE '%unknownsWorklist%' ORDER BY seq DESC LIMIT 4`,
    )) as Array<{ details: string }>;
    expect(refusals.map((r) => r.details).sort()).toEqual([
      '{"refused":"PURPOSE_NOT_PERMITTED"}',
      '{"refused":"ROLE_NOT_PERMITTED"}',
      '{"refused":"ROLE_NOT_PERMITTED"}',
      '{"refused":"ROLE_NOT_PERMITTED"}',
    ]);
  });

  it('leaves out what the LA may not see: a tier-3 person, a Careers Wales contact that is recent, an adult; counts follow', async () => {
    const before = (await list('epc.cardiff', 'cardiff')).counts;
    const make = async (records: RecordSpec[]) => (await createPerson(t.infra.ds, records)).personId;
    const sixteen = await make([school(age(16)), cwTier1(age(16))]);
    const eighteen = await make([school(age(18)), cwTier1(age(18), 100)]); // in contact 100 days ago: tier 1 only
    const adult = await make([school(age(19)), cwTier1(age(19))]);
    const tier3 = await make([
      school(age(17)),
      { providerCode: ORG.careersWales, dateOfBirth: age(17), payload: { TIER_STATUS: { tier: 3, assessedOn: day(-700) }, CAREERS_GUIDANCE: { lastContactOn: day(-600) } } },
    ]);
    const { items, counts } = await list('epc.cardiff', 'cardiff');
    expect(itemOf(items, sixteen)).toBeDefined();
    expect(itemOf(items, eighteen)?.reasons.map((r) => r.reason)).toEqual(['TIER_1']);
    expect(itemOf(items, adult)).toBeUndefined();
    // Careers Wales's data about a tier-3 young person is withheld from the LA: its old last contact cannot list them.
    expect(itemOf(items, tier3)).toBeUndefined();
    expect(delta(before, counts)).toEqual({
      total: 2,
      byAge: { 16: 1, 17: 0, 18: 1 },
      byReason: { TIER_1: 2, NO_CAREERS_WALES_CONTACT: 1, DESTINATION_NON_RESPONDENT: 0, LEFT_PROVISION: 0 },
    });
    // The administrator (break-glass) is released Careers Wales's data whatever the tier.
    expect(itemOf((await list('admin', 'cardiff')).items, tier3)?.reasons.map((r) => r.reason)).toEqual(['NO_CAREERS_WALES_CONTACT']);
  });

  it('lists destinations non-respondents and leavers with no destination, and filters by age, school, reason and days unknown', async () => {
    const dob = age(16);
    const { personId: nonRespondent } = await createPerson(t.infra.ds, [
      school(dob, 'school.cardiff.ely-bridge-high'),
      { providerCode: ORG.careersWales, dateOfBirth: dob, payload: { TIER_STATUS: { tier: 1, assessedOn: day(-20) } } },
    ]);
    // Careers Wales's destinations return says "no answer": an event of the tier history, as the survey feed writes it.
    await surveyReturn(nonRespondent, 'NON_RESPONDENT', day(-60));
    const { personId: leaver } = await createPerson(t.infra.ds, [
      school(dob),
      { providerCode: ORG.cardiffCollege, dateOfBirth: dob, payload: { EDUCATION_ENROLMENT: { course: 'Plumbing', status: 'WITHDRAWN', startDate: day(-200), withdrawnOn: day(-90) } } },
    ]);
    const { personId: moved } = await createPerson(t.infra.ds, [
      school(dob),
      { providerCode: ORG.cardiffCollege, dateOfBirth: dob, payload: { EDUCATION_ENROLMENT: { status: 'WITHDRAWN', startDate: day(-200), withdrawnOn: day(-90) } } },
      { providerCode: 'college.cardiff-west', dateOfBirth: dob, payload: { EDUCATION_ENROLMENT: { status: 'ENROLLED', startDate: day(-40) } } },
    ]);
    // Known to Careers Wales in tier 2, but no answer to the survey since: the non-response alone lists them.
    // In tier 3, Careers Wales's data (the return included) is withheld from the LA: not listed.
    const cw = (tier: number): RecordSpec => ({ providerCode: ORG.careersWales, dateOfBirth: dob, payload: { TIER_STATUS: { tier, assessedOn: day(-100) } } });
    const { personId: tier2 } = await createPerson(t.infra.ds, [school(dob), cw(2)]);
    const { personId: tier3 } = await createPerson(t.infra.ds, [school(dob), cw(3)]);
    await surveyReturn(tier2, 'NON_RESPONDENT', day(-60));
    await surveyReturn(tier3, 'NON_RESPONDENT', day(-60));
    const all = await list('epc.cardiff', 'cardiff');
    expect(itemOf(all.items, tier2)?.reasons).toEqual([
      { __typename: 'DestinationNonRespondentUnknown', reason: 'DESTINATION_NON_RESPONDENT', since: day(-60), daysUnknown: 60, provider: { code: ORG.careersWales } },
    ]);
    expect(itemOf(all.items, tier3)).toBeUndefined();
    // A later return with a destination answers it.
    await surveyReturn(tier2, 'FURTHER_EDUCATION', day(-10));
    expect(itemOf((await list('epc.cardiff', 'cardiff')).items, tier2)).toBeUndefined();
    expect(itemOf(all.items, nonRespondent)?.reasons.map((r) => [r.reason, r.since])).toEqual([
      ['DESTINATION_NON_RESPONDENT', day(-60)],
      ['TIER_1', day(-20)],
    ]);
    expect(itemOf(all.items, leaver)?.reasons).toEqual([
      { __typename: 'LeftProvisionUnknown', reason: 'LEFT_PROVISION', since: day(-90), daysUnknown: 90, provider: { code: ORG.cardiffCollege } },
    ]);
    expect(itemOf(all.items, moved)).toBeUndefined(); // enrolled elsewhere since: known again
    // Oldest first: every item's earliest reason is no later than the next item's.
    const earliest = all.items.map((i) => i.reasons.map((r) => r.since).sort()[0]!);
    expect(earliest).toEqual([...earliest].sort());

    const ids = (r: { items: WorklistItem[] }): string[] => r.items.map((i) => i.person.id);
    expect(ids(await list('epc.cardiff', 'cardiff', { ageBands: [17, 18] }))).not.toContain(leaver);
    expect(ids(await list('epc.cardiff', 'cardiff', { ageBands: [16] }))).toEqual(expect.arrayContaining([leaver, nonRespondent]));
    const bySchool = ids(await list('epc.cardiff', 'cardiff', { schoolCode: 'school.cardiff.ely-bridge-high' }));
    expect(bySchool).toContain(nonRespondent);
    expect(bySchool).not.toContain(leaver);
    const byReason = await list('epc.cardiff', 'cardiff', { reasons: ['LEFT_PROVISION'] });
    expect(ids(byReason)).toContain(leaver);
    expect(byReason.items.flatMap((i) => i.reasons.map((r) => r.reason))).toEqual(byReason.items.map(() => 'LEFT_PROVISION'));
    const longer = ids(await list('epc.cardiff', 'cardiff', { minDaysUnknown: 80 }));
    expect(longer).toContain(leaver);
    expect(longer).not.toContain(nonRespondent); // unknown for 60 days
  });

  it('pages with cursors, oldest first, without repeats or gaps', async () => {
    const tok = await token('epc.cardiff');
    const whole = (await list('epc.cardiff', 'cardiff')).items.map((i) => i.person.id);
    expect(whole.length).toBeGreaterThan(3);
    const paged: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const res = await worklistPage(t.url, tok, { la: 'cardiff', first: 2, after });
      expect(res.body.errors).toBeUndefined();
      const page = res.body.data!.unknownsWorklist;
      paged.push(...page.edges.map((e) => e.node.person.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(whole);
    const forged = await worklistPage(t.url, tok, { la: 'cardiff', after: Buffer.from('v1:not-a-key').toString('base64url') });
    expect(forged.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('shows a college enrolment as a sighting only when the rules release it, and its absence reveals nothing', async () => {
    const dob = age(17);
    const { personId } = await createPerson(t.infra.ds, [school(dob), cwTier1(dob)]);
    await objection(personId, 'OBJECTION_RAISED'); // the young person objects to the LA receiving enrolment data
    const view = async () => {
      const whole = await list('epc.cardiff', 'cardiff');
      return { item: itemOf(whole.items, personId)!, counts: whole.counts };
    };
    const without = await view();
    expect(without.item.sightings).toEqual([{ __typename: 'CareersGuidanceSighting', kind: 'CAREERS_CONTACT', on: day(-500), provider: { code: ORG.careersWales } }]);

    // A college's enrolment record arrives; withheld by the objection, it changes nothing the EPC receives.
    await addRecord(personId, { providerCode: ORG.cardiffCollege, dateOfBirth: dob, payload: { EDUCATION_ENROLMENT: { status: 'ENROLLED', startDate: day(-5) } } });
    // So does a training provider's, which no clause gives an LA at all.
    await addRecord(personId, { providerCode: WBL, dateOfBirth: dob, payload: { EDUCATION_ENROLMENT: { status: 'ENROLLED', startDate: day(-3) } } });
    expect(await view()).toEqual(without);

    // The objection lifted, the college's enrolment is released to the LA for UNKNOWN_RESOLUTION: it is seen.
    await objection(personId, 'OBJECTION_LIFTED');
    const released = await view();
    expect(released.item.sightings).toEqual([
      { __typename: 'EnrolmentSighting', kind: 'ENROLLED', on: day(-5), provider: { code: ORG.cardiffCollege } },
      { __typename: 'EnrolmentSighting', kind: 'LEFT_SCHOOL', on: day(-150), provider: { code: ORG.cardiffSchool } },
      { __typename: 'CareersGuidanceSighting', kind: 'CAREERS_CONTACT', on: day(-500), provider: { code: ORG.careersWales } },
    ]);
    expect(released.item.reasons).toEqual(without.item.reasons); // a sighting does not resolve the item: the EPC does
  });

  it('resolves found-and-engaged: in progress by the EPC until a Careers Wales assessment arrives, which removes the item', async () => {
    const dob = age(17);
    const { personId } = await createPerson(t.infra.ds, [school(dob), cwTier1(dob)]);
    const found = await mutate(OUTCOME, { personId, outcome: 'FOUND_ENGAGED' });
    expect(found.body.errors).toBeUndefined();
    expect(found.body.data!['recordUnknownOutcome']).toMatchObject({ outcome: 'FOUND_ENGAGED', effectiveOn: day(0), actor: { displayName: 'EPC, Cardiff Council' } });
    const eventId = found.body.data!['recordUnknownOutcome']!.id;

    const item = itemOf((await list('epc.cardiff', 'cardiff')).items, personId);
    expect(item?.progress).toMatchObject({
      state: 'HANDED_TO_CAREERS_WALES',
      by: { displayName: 'EPC, Cardiff Council' },
      since: day(0),
      attempts: 0,
      organisation: { code: ORG.cardiffLa },
      events: [{ id: eventId, outcome: 'FOUND_ENGAGED' }],
    });
    // The outcome is an event of the tier history, written with its access-log row (ids only).
    const [log] = (await t.infra.ds.query(`SELECT event, details FROM access_event WHERE person_id = $1 AND event = 'unknown.resolved'`, [personId])) as Array<{
      event: string;
      details: string;
    }>;
    expect(JSON.parse(log!.details)).toEqual({ kind: 'RESOLUTION', sourceEventId: null, tierAssessmentId: null, tierEventId: eventId });

    const assessed = await gql(t.url, 'mutation ($input: RecordTierAssessmentInput!) { recordTierAssessment(input: $input) { id } }', {
      token: await token('cw.adviser.cardiff'),
      variables: { input: { personId, tier: 3, assessedOn: day(0), sourceEventId: eventId } },
    });
    expect(assessed.body.errors).toBeUndefined();
    expect(itemOf((await list('epc.cardiff', 'cardiff')).items, personId)).toBeUndefined();
    // Careers Wales's history shows its own assessment, but not the LA's resolution: no clause gives it LA tier data.
    const cw = await gql<{ youngPerson: { tierHistory: Array<{ kind: string; outcome: string | null }> } }>(
      t.url,
      'query ($id: ID!) { youngPerson(id: $id) { tierHistory { kind outcome sourceEventId } } }',
      { token: await token('cw.adviser.cardiff'), purpose: 'TRACKING', variables: { id: personId } },
    );
    expect(cw.body.data!.youngPerson.tierHistory.map((e) => e.kind)).not.toContain('RESOLUTION');
    expect(cw.body.data!.youngPerson.tierHistory[0]).toMatchObject({ kind: 'ASSESSMENT', sourceEventId: eventId });
  });

  it('needs logged attempts before "not found", closes on a closing outcome and reopens by a later event, never by an edit', async () => {
    const dob = age(18);
    const { personId } = await createPerson(t.infra.ds, [school(dob), cwTier1(dob)]);
    const early = await mutate(OUTCOME, { personId, outcome: 'NOT_FOUND' });
    expect(early.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'outcome' } });
    for (const [method, on] of [['PHONE', day(-6)], ['LETTER', day(-4)], ['HOME_VISIT', day(-1)]] as const) {
      const res = await mutate(ATTEMPT, { personId, method, attemptedOn: on });
      expect(res.body.data?.['recordContactAttempt']).toMatchObject({ outcome: 'CONTACT_ATTEMPT', contactMethod: method });
    }
    expect((await mutate(OUTCOME, { personId, outcome: 'NOT_FOUND' })).body.errors).toBeUndefined();
    const notFound = itemOf((await list('epc.cardiff', 'cardiff')).items, personId)!;
    expect(notFound.progress).toMatchObject({ state: 'NOT_FOUND', attempts: 3 });
    expect(notFound.progress!.events.map((e) => [e.outcome, e.contactMethod, e.effectiveOn])).toEqual([
      ['NOT_FOUND', null, day(0)],
      ['CONTACT_ATTEMPT', 'HOME_VISIT', day(-1)],
      ['CONTACT_ATTEMPT', 'LETTER', day(-4)],
      ['CONTACT_ATTEMPT', 'PHONE', day(-6)],
    ]);

    const left = await mutate(OUTCOME, { personId, outcome: 'LEFT_UK' });
    const leftId = left.body.data!['recordUnknownOutcome']!.id;
    expect(itemOf((await list('epc.cardiff', 'cardiff')).items, personId)).toBeUndefined();
    // Closed items take no further outcome; only the latest outcome standing may be reversed.
    expect((await mutate(OUTCOME, { personId, outcome: 'DECEASED' })).body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const firstId = notFound.progress!.events[0]!.id;
    expect((await mutate(REOPEN, { personId, eventId: firstId })).body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'eventId' } });

    const reopened = await mutate(REOPEN, { personId, eventId: leftId });
    expect(reopened.body.data!['reopenUnknown']).toMatchObject({ outcome: 'REOPENED', reversesEventId: leftId });
    const back = itemOf((await list('epc.cardiff', 'cardiff')).items, personId)!;
    expect(back.progress).toMatchObject({ state: 'NOT_FOUND', attempts: 3 });
    expect(back.progress!.events.map((e) => e.outcome)).toEqual(['REOPENED', 'LEFT_UK', 'NOT_FOUND', 'CONTACT_ATTEMPT', 'CONTACT_ATTEMPT', 'CONTACT_ATTEMPT']);
    // Nothing was edited: every step is still there.
    const [{ n }] = (await t.infra.ds.query(`SELECT count(*)::int AS n FROM tier_event WHERE person_id = $1 AND kind = 'RESOLUTION'`, [personId])) as [{ n: number }];
    expect(n).toBe(6);
  });

  it('answers NOT_FOUND alike for a person not on the worklist and one that does not exist, before any change, and logs no change', async () => {
    const dob = age(17);
    const { personId: tier3 } = await createPerson(t.infra.ds, [
      school(dob),
      { providerCode: ORG.careersWales, dateOfBirth: dob, payload: { TIER_STATUS: { tier: 3, assessedOn: day(-3) } } },
    ]);
    const a = await mutate(OUTCOME, { personId: tier3, outcome: 'FOUND_ENGAGED' });
    const b = await mutate(OUTCOME, { personId: '00000000-0000-4000-8000-000000000000', outcome: 'FOUND_ENGAGED' });
    expect(a.body.errors?.[0]).toEqual(b.body.errors?.[0]);
    expect(a.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect(await t.infra.ds.query(`SELECT 1 FROM tier_event WHERE person_id = $1 AND kind = 'RESOLUTION'`, [tier3])).toEqual([]);
    // A purpose other than UNKNOWN_RESOLUTION is refused before anything is looked at.
    const { personId } = await createPerson(t.infra.ds, [school(dob), cwTier1(dob)]);
    const wrongPurpose = await mutate(OUTCOME, { personId, outcome: 'FOUND_ENGAGED' }, 'epc.cardiff', 'TRACKING');
    expect(wrongPurpose.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const otherLa = await mutate(OUTCOME, { personId, outcome: 'FOUND_ENGAGED' }, 'epc.gwynedd');
    expect(otherLa.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    // Only EPCs work the list: an adviser or a college's pastoral lead is refused by role, whatever it asks.
    for (const handle of ['cw.adviser.cardiff', 'college.cardiff.pastoral']) {
      for (const [query, input] of [[OUTCOME, { personId, outcome: 'FOUND_ENGAGED' }], [ATTEMPT, { personId, method: 'PHONE' }], [REOPEN, { personId, eventId: personId }]] as const) {
        const refused = await mutate(query, input, handle, 'TRACKING');
        expect(refused.body.errors?.[0]?.message, handle).toMatch(/may not update UnknownsWorklist/);
      }
    }
    expect(await t.infra.ds.query(`SELECT 1 FROM tier_event WHERE person_id = $1 AND kind = 'RESOLUTION'`, [personId])).toEqual([]);
  });
});
