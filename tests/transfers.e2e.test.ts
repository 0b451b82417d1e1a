import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextForHandle } from '../src/modules/imports/cli-context.js';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import { birthdayIn, createPerson, type RecordSpec } from './support/factories.js';
import { gql, requestIdOf, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { registered } from './support/registered.js';
import { stalePersonState } from './support/person-state.js';
import { wholeWorklist } from './support/worklist.js';

// Moves between LAs over HTTP (domain §4.5, issue 10 items 5 and 8): where a young person lives comes from the
// latest address of the most authoritative source; a move is a transfer both LAs' EPCs see, as far as the
// sharing rules allow; the access the rules give by area follows only the receiving EPC's acceptance; a move out
// of Wales closes the case; "left the area" and "moved out of area" start one; and nothing about a transfer
// reaches a principal the rules give no basis.

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const GWYNEDD_SCHOOL = 'school.gwynedd.ysgol-gyfun-glan-seiont';

const TRANSFERS = `query ($la: String!, $filter: TransfersFilter) {
  transfers(laCode: $la, filter: $filter, first: 100) {
    edges { node { id personId direction state openedAt closedAt closeReason withdrawable acceptedBy { displayName organisation { code } }
      from { laCode laName outsideWales } to { laCode laName outsideWales }
      records { provider { code } givenName familyName dateOfBirth leadWorker } status { tier } } }
    pageInfo { hasNextPage endCursor } } }`;
const ACCEPT = `mutation ($input: AcceptTransferInput!) { acceptTransfer(input: $input) {
  id personId direction state acceptedBy { displayName organisation { code } } to { laCode } records { provider { code } givenName } } }`;
const DECIDED = 'transferId state closedAt reason';
const DECLINE = `mutation ($input: DeclineTransferInput!) { declineTransfer(input: $input) { ${DECIDED} } }`;
const WITHDRAW = `mutation ($input: WithdrawTransferInput!) { withdrawTransfer(input: $input) { ${DECIDED} } }`;
const NO_SUCH = '00000000-0000-4000-8000-00000000abcd';
const PERSON = `query ($id: ID!) { youngPerson(id: $id) { id sourceRecords { provider { code } givenName careersGuidance } } }`;

interface TransferNode {
  id: string;
  personId: string;
  direction: string;
  state: string;
  openedAt: string;
  closedAt: string | null;
  closeReason: string | null;
  acceptedBy: { displayName: string; organisation: { code: string } } | null;
  from: { laCode: string | null; laName: string | null; outsideWales: boolean | null };
  to: { laCode: string | null; laName: string | null; outsideWales: boolean | null };
  records: Array<{ provider: { code: string }; givenName: string | null; familyName: string | null; dateOfBirth: string | null; leadWorker: Record<string, unknown> | null }>;
  status: { tier: number } | null;
}

/** A 17-year-old Careers Wales knows in `tier`, with a lead worker, and the Cardiff school they left; both records give a Cardiff address. */
const mover = (tier: number, dob = birthdayIn(17, -20)): RecordSpec[] => [
  {
    providerCode: ORG.careersWales,
    givenName: 'Elis',
    familyName: 'Symudol',
    dateOfBirth: dob,
    postcode: 'CF24 3AA',
    payload: {
      TIER_STATUS: { tier, assessedOn: day(-60) },
      CAREERS_GUIDANCE: { lastContactOn: day(-400), interviewCount: 2 },
      LEAD_WORKER: { leadWorkerName: 'Rhian Ifans', organisation: 'Careers Wales', allocatedOn: day(-50) },
    },
  },
  { providerCode: ORG.cardiffSchool, givenName: 'Elis', familyName: 'Symudol', dateOfBirth: dob, payload: { EDUCATION_ENROLMENT: { yearGroup: 11, status: 'LEFT', leftOn: day(-150) } } },
];

describe('moves between local authorities', () => {
  let t: TestApi;
  const tokens: Record<string, string> = {};
  const token = async (handle: string): Promise<string> => (tokens[handle] ??= await tokenFor(t.infra, handle));
  const transfers = async (handle: string, la: string, purpose = 'TRACKING', filter: Record<string, unknown> | null = null) =>
    gql<{ transfers: { edges: Array<{ node: TransferNode }> } }>(t.url, TRANSFERS, { token: await token(handle), purpose, variables: { la, filter } });
  const transferOf = async (
    handle: string,
    la: string,
    personId: string,
    purpose = 'TRACKING',
    filter: Record<string, unknown> | null = null,
  ): Promise<TransferNode | undefined> => {
    const res = await transfers(handle, la, purpose, filter);
    expect(res.body.errors, handle).toBeUndefined();
    return res.body.data!.transfers.edges.map((e) => e.node).find((n) => n.personId === personId);
  };
  const accept = async (handle: string, transferId: string, purpose = 'TRACKING') =>
    gql<{ acceptTransfer: TransferNode }>(t.url, ACCEPT, { token: await token(handle), purpose, variables: { input: { transferId } } });
  interface Decision {
    transferId: string;
    state: string;
    closedAt: string;
    reason: string;
  }
  /** An EPC's decline or withdrawal, as the console sends it (with an Idempotency-Key when given). */
  const decide = async (what: 'decline' | 'withdraw', handle: string, transferId: string, reason: string, key?: string) =>
    gql<{ declineTransfer?: Decision; withdrawTransfer?: Decision }>(t.url, what === 'decline' ? DECLINE : WITHDRAW, {
      token: await token(handle),
      purpose: 'TRACKING',
      variables: { input: { transferId, reason } },
      headers: key ? { 'idempotency-key': key } : {},
    });
  const transfersOf = async (personId: string) =>
    (await t.infra.ds.query(`SELECT to_la_code, status, close_reason FROM la_transfer WHERE person_id = $1 ORDER BY seq`, [personId])) as Array<{
      to_la_code: string | null;
      status: string;
      close_reason: string | null;
    }>;
  /** The change rows a request wrote, with the transaction that wrote them. */
  const changeRows = async (res: { headers: Headers }) =>
    (await t.infra.ds.query(`SELECT event, xmin::text AS xmin, details FROM access_event WHERE request_id = $1 AND event <> 'person.read' ORDER BY seq`, [
      requestIdOf(res),
    ])) as Array<{ event: string; xmin: string; details: string }>;
  /** A young person Careers Wales (tier 1) places in Cardiff, whose Careers Wales record now says Caernarfon: open to Gwynedd. */
  const movingToGwynedd = async (records = mover(1)): Promise<{ personId: string; cwRecord: string; transferId: string }> => {
    const { personId, recordIds } = await createPerson(t.infra.ds, records);
    await newAddress(recordIds[0]!, 'LL55 2BB');
    const [open] = (await t.infra.ds.query(`SELECT id FROM la_transfer WHERE person_id = $1 AND status = 'OPEN' AND to_la_code = 'gwynedd'`, [
      personId,
    ])) as [{ id: string }];
    return { personId, cwRecord: recordIds[0]!, transferId: open.id };
  };
  const person = async (handle: string, id: string) =>
    gql<{ youngPerson: { sourceRecords: Array<{ provider: { code: string }; givenName: string | null; careersGuidance: unknown }> } }>(t.url, PERSON, {
      token: await token(handle),
      purpose: 'TRACKING',
      variables: { id },
    });
  /** What the EPC gets of Careers Wales's record: its careers guidance (area-based: "the LA where the young person lives"). */
  const careersGuidanceFor = async (handle: string, id: string): Promise<unknown> => {
    const res = await person(handle, id);
    if (res.body.errors?.[0]?.extensions?.['code'] === 'NOT_FOUND') return 'NOT_FOUND';
    expect(res.body.errors, handle).toBeUndefined();
    const record = res.body.data!.youngPerson.sourceRecords.find((r) => r.provider.code === ORG.careersWales);
    return record === undefined ? 'NO_RECORD' : record.careersGuidance;
  };
  const onWorklist = async (handle: string, la: string, personId: string): Promise<boolean> =>
    (await wholeWorklist(t.url, await token(handle), la)).items.some((i) => i.person.id === personId);
  /** A partner's new version of its record with a new address, as its system sends it. */
  const newAddress = async (recordId: string, postcode: string): Promise<void> => {
    await t.infra.ds.query(`UPDATE source_record SET postcode = $2, version = version + 1, received_at = now() WHERE id = $1`, [recordId, postcode]);
  };
  const stateOf = async (personId: string) =>
    ((await t.infra.ds.query(`SELECT home_la_code, address_la_code, transfer_la_code FROM person_state WHERE person_id = $1`, [personId])) as [
      { home_la_code: string | null; address_la_code: string | null; transfer_la_code: string | null },
    ])[0];

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    // Every record, event and acceptance above kept person_state (home, address LA) as a fresh derivation gives it.
    expect(await stalePersonState(t.infra.ds)).toBe(0);
    await t.close();
  });

  it('places a young person by the latest address of the most authoritative source, not by who wrote last', async () => {
    const dob = birthdayIn(17, -5);
    const { personId, recordIds } = await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffSchool, dateOfBirth: dob }]);
    const [school] = recordIds as [string];
    expect(await stateOf(personId)).toEqual({ home_la_code: 'cardiff', address_la_code: 'cardiff', transfer_la_code: null });
    const addRecord = async (providerCode: string, postcode: string): Promise<string> =>
      ((await t.infra.ds.query(
        `INSERT INTO source_record (provider_organisation_id, partner_reference, person_id, given_name, family_name, date_of_birth, postcode)
         SELECT id, 'MV-' || left(md5(random()::text), 10), $1, 'Elis', 'Symudol', $3, $4 FROM organisation WHERE code = $2 RETURNING id`,
        [personId, providerCode, dob, postcode],
      )) as [{ id: string }])[0].id;
    const openTransfers = async () =>
      (await t.infra.ds.query(`SELECT from_la_code, to_la_code, status FROM la_transfer WHERE person_id = $1 ORDER BY seq`, [personId])) as unknown[];

    // A voluntary body's newer contact address (a friend's in Swansea) does not move the young person.
    await addRecord(ORG.cardiffVoluntary, 'SA1 5AA');
    expect(await stateOf(personId)).toMatchObject({ home_la_code: 'cardiff', address_la_code: 'cardiff' });
    expect(await openTransfers()).toEqual([]);
    // A college's enrolment address does: a transfer to Swansea opens, and the home LA waits for its acceptance.
    const college = await addRecord(ORG.cardiffCollege, 'SA1 6BB');
    expect(await stateOf(personId)).toEqual({ home_la_code: 'cardiff', address_la_code: 'swansea', transfer_la_code: 'swansea' });
    expect(await openTransfers()).toEqual([{ from_la_code: 'cardiff', to_la_code: 'swansea', status: 'OPEN' }]);
    // The school sending its record again with the same (older) address is no newer address.
    await t.infra.ds.query(`UPDATE source_record SET version = version + 1, received_at = now() WHERE id = $1`, [school]);
    expect((await stateOf(personId)).address_la_code).toBe('swansea');
    // An address that cannot be placed (a district the table does not list, in a wholly Welsh area) changes nothing.
    await newAddress(school, 'LL50 9ZZ');
    expect((await stateOf(personId)).address_la_code).toBe('swansea');
    // The college corrects the address back to Cardiff: the move did not happen.
    await newAddress(college, 'CF11 6AA');
    expect(await stateOf(personId)).toEqual({ home_la_code: 'cardiff', address_la_code: 'cardiff', transfer_la_code: null });
    expect(await openTransfers()).toEqual([{ from_la_code: 'cardiff', to_la_code: 'swansea', status: 'WITHDRAWN' }]);
  });

  it('a move makes the transfer appear for both EPCs; the area-based access follows only after the receiving EPC accepts', async () => {
    const { personId, recordIds } = await createPerson(t.infra.ds, mover(1));
    expect(await careersGuidanceFor('epc.cardiff', personId)).toEqual({ lastContactOn: day(-400), interviewCount: 2 });
    expect(await careersGuidanceFor('epc.gwynedd', personId)).toBe('NOT_FOUND');
    expect(await onWorklist('epc.cardiff', 'cardiff', personId)).toBe(true);

    // Careers Wales's system sends its record with a new address in Caernarfon.
    const [cw] = (await t.infra.ds.query('SELECT partner_reference FROM source_record WHERE id = $1', [recordIds[0]])) as [{ partner_reference: string }];
    const submitted = await gql<{ submitRecords: { updatedRows: number } }>(
      t.url,
      registered('SubmitRecords'),
      {
        token: await token('cw.system'),
        variables: { input: { records: [{ partnerReference: cw.partner_reference, givenName: 'Elis', familyName: 'Symudol', dateOfBirth: birthdayIn(17, -20), postcode: 'LL55 2BB' }] } },
      },
    );
    expect(submitted.body.errors).toBeUndefined();
    expect(submitted.body.data!.submitRecords.updatedRows).toBe(1);
    expect(await stateOf(personId)).toEqual({ home_la_code: 'cardiff', address_la_code: 'gwynedd', transfer_la_code: 'gwynedd' });

    // Both EPCs see the transfer; Blaenau Gwent's does not.
    const out = await transferOf('epc.cardiff', 'cardiff', personId);
    expect(out).toMatchObject({
      direction: 'OUTGOING',
      state: 'OPEN',
      closedAt: null,
      acceptedBy: null,
      from: { laCode: 'cardiff', laName: 'Cardiff', outsideWales: false },
      to: { laCode: 'gwynedd', laName: 'Gwynedd', outsideWales: false },
      status: { tier: 1 },
    });
    const incoming = await transferOf('epc.gwynedd', 'gwynedd', personId);
    expect(incoming).toMatchObject({ id: out!.id, direction: 'INCOMING', state: 'OPEN', from: { laCode: 'cardiff' }, to: { laCode: 'gwynedd' }, status: { tier: 1 } });
    // The minimal transfer dataset: who they are and their lead worker, from Careers Wales (tier 1) and the school.
    expect(incoming!.records.map((r) => [r.provider.code, r.givenName, r.leadWorker]).sort()).toEqual([
      [ORG.careersWales, 'Elis', { leadWorkerName: 'Rhian Ifans', organisation: 'Careers Wales', allocatedOn: day(-50) }],
      [ORG.cardiffSchool, 'Elis', null],
    ]);
    expect(await transferOf('epc.blaenau-gwent', 'blaenau-gwent', personId)).toBeUndefined();
    const otherLa = await transfers('epc.blaenau-gwent', 'gwynedd');
    expect(otherLa.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    // Until accepted, the area-based access stays with Cardiff: Gwynedd gets the transfer dataset only.
    expect(await careersGuidanceFor('epc.cardiff', personId)).toEqual({ lastContactOn: day(-400), interviewCount: 2 });
    expect(await careersGuidanceFor('epc.gwynedd', personId)).toBeNull();
    expect(await onWorklist('epc.cardiff', 'cardiff', personId)).toBe(true);
    expect(await onWorklist('epc.gwynedd', 'gwynedd', personId)).toBe(false);

    // Only the receiving LA accepts; another LA is told the transfer is not found, as for one that does not exist.
    const bySender = await accept('epc.cardiff', out!.id);
    expect(bySender.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'transferId' });
    const byStranger = await accept('epc.blaenau-gwent', out!.id);
    const noSuch = await accept('epc.blaenau-gwent', '00000000-0000-4000-8000-00000000abcd');
    expect([byStranger.status, byStranger.body.errors?.[0]?.extensions?.['code']]).toEqual([404, 'NOT_FOUND']);
    expect(byStranger.body.errors).toEqual(noSuch.body.errors);
    expect((await stateOf(personId)).home_la_code).toBe('cardiff');

    const accepted = await accept('epc.gwynedd', out!.id);
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data!.acceptTransfer).toMatchObject({
      id: out!.id,
      personId,
      direction: 'INCOMING',
      state: 'ACCEPTED',
      acceptedBy: { organisation: { code: ORG.gwyneddLa } },
      to: { laCode: 'gwynedd' },
    });
    expect(await stateOf(personId)).toEqual({ home_la_code: 'gwynedd', address_la_code: 'gwynedd', transfer_la_code: 'gwynedd' });
    // The acceptance, its MOVE event and its access-log row are one transaction.
    const logged = (await t.infra.ds.query(
      `SELECT a.event, a.xmin::text AS xmin, a.details FROM access_event a WHERE a.request_id = $1 AND a.event <> 'person.read'`,
      [requestIdOf(accepted)],
    )) as Array<{ event: string; xmin: string; details: string }>;
    expect(logged.map((r) => r.event)).toEqual(['transfer.accepted']);
    const [move] = (await t.infra.ds.query(
      `SELECT kind, reason, source_event_id, xmin::text AS xmin FROM tier_event WHERE person_id = $1 AND kind = 'MOVE'`,
      [personId],
    )) as Array<{ kind: string; reason: string; source_event_id: string; xmin: string }>;
    expect(move).toMatchObject({ reason: 'TRANSFER_ACCEPTED', source_event_id: out!.id, xmin: logged[0]!.xmin });
    expect(logged[0]!.details).not.toMatch(/gwynedd|cardiff|LL55/);

    // Now Gwynedd gets what the rules give the LA where the young person lives, and Cardiff no longer does.
    expect(await careersGuidanceFor('epc.gwynedd', personId)).toEqual({ lastContactOn: day(-400), interviewCount: 2 });
    expect(await careersGuidanceFor('epc.cardiff', personId)).toBe('NO_RECORD');
    expect(await onWorklist('epc.gwynedd', 'gwynedd', personId)).toBe(true);
    expect(await onWorklist('epc.cardiff', 'cardiff', personId)).toBe(false);
    // What started the move (Careers Wales's address) is no longer released to Cardiff: its list no longer shows it.
    expect(await transferOf('epc.cardiff', 'cardiff', personId)).toBeUndefined();

    // Accepting again answers the acceptance that stands, and changes nothing.
    const again = await accept('epc.gwynedd', out!.id);
    expect(again.body.data!.acceptTransfer).toEqual(accepted.body.data!.acceptTransfer);
    expect(await t.infra.ds.query(`SELECT count(*)::int AS n FROM tier_event WHERE person_id = $1 AND kind = 'MOVE'`, [personId])).toEqual([{ n: 1 }]);
  });

  it('a move out of Wales closes the case with that outcome: no Welsh LA receives it and the LA worklist drops it', async () => {
    const { personId, recordIds } = await createPerson(t.infra.ds, mover(1));
    expect(await onWorklist('epc.cardiff', 'cardiff', personId)).toBe(true);
    // The school's leavers' file gives the family's new address, in Bristol.
    await newAddress(recordIds[1]!, 'BS1 4DJ');
    // Careers Wales's record still says Cardiff but is older: the newest address of the same rank wins.
    expect(await stateOf(personId)).toEqual({ home_la_code: 'outside-wales', address_la_code: 'outside-wales', transfer_la_code: null });
    const closed = await transferOf('epc.cardiff', 'cardiff', personId);
    expect(closed).toMatchObject({ direction: 'OUTGOING', state: 'LEFT_WALES', from: { laCode: 'cardiff' }, to: { laCode: null, laName: null, outsideWales: true } });
    expect(closed!.closedAt).not.toBeNull();
    expect(await onWorklist('epc.cardiff', 'cardiff', personId)).toBe(false);
    const [move] = (await t.infra.ds.query(
      `SELECT te.reason, o.code FROM tier_event te JOIN organisation o ON o.id = te.source_organisation_id WHERE te.person_id = $1 AND te.kind = 'MOVE'`,
      [personId],
    )) as Array<{ reason: string; code: string }>;
    expect(move).toEqual({ reason: 'LEFT_WALES', code: ORG.cardiffLa });
    // Nobody is left to accept it.
    for (const handle of ['epc.gwynedd', 'epc.cardiff']) {
      const res = await accept(handle, closed!.id);
      expect(res.body.data ?? null, handle).toBeNull();
    }
  });

  it('a left-the-area destinations return starts a transfer to an unknown LA, which a later address sends to its EPC', async () => {
    const { personId, recordIds } = await createPerson(t.infra.ds, mover(1));
    const [cw] = (await t.infra.ds.query('SELECT partner_reference FROM source_record WHERE id = $1', [recordIds[0]])) as [{ partner_reference: string }];
    const ctx = await contextForHandle(t.infra, 'cw.system', 'test destinations');
    ctx.purpose = 'TRACKING';
    const landed = await t.infra.services.destinations.load(ctx, [{ partnerReference: cw.partner_reference, yearGroup: '13', laCode: 'cardiff', leftArea: 'true' }], 1, null);
    expect(landed.map((r) => r.outcome)).toEqual(['CREATED']);

    const open = await transferOf('epc.cardiff', 'cardiff', personId, 'UNKNOWN_RESOLUTION');
    expect(open).toMatchObject({ direction: 'OUTGOING', state: 'OPEN', from: { laCode: 'cardiff' }, to: { laCode: null, laName: null, outsideWales: null } });
    expect((await stateOf(personId)).home_la_code).toBe('cardiff');
    expect(await transferOf('epc.gwynedd', 'gwynedd', personId)).toBeUndefined();

    await newAddress(recordIds[0]!, 'LL57 1AA'); // Bangor
    expect(await transferOf('epc.cardiff', 'cardiff', personId)).toMatchObject({ id: open!.id, state: 'OPEN', to: { laCode: 'gwynedd' } });
    expect(await transferOf('epc.gwynedd', 'gwynedd', personId)).toMatchObject({ id: open!.id, direction: 'INCOMING' });
  });

  it('"moved out of area" from the worklist starts a transfer to the LA named; reversing the outcome withdraws it', async () => {
    const { personId } = await createPerson(t.infra.ds, mover(1));
    const outcome = await gql<{ recordUnknownOutcome: { id: string } }>(
      t.url,
      'mutation ($input: RecordUnknownOutcomeInput!) { recordUnknownOutcome(input: $input) { id outcome } }',
      { token: await token('epc.cardiff'), purpose: 'UNKNOWN_RESOLUTION', variables: { input: { personId, outcome: 'MOVED_OUT_OF_AREA', movedToLaCode: 'gwynedd' } } },
    );
    expect(outcome.body.errors).toBeUndefined();
    const out = await transferOf('epc.cardiff', 'cardiff', personId, 'UNKNOWN_RESOLUTION');
    expect(out).toMatchObject({ direction: 'OUTGOING', state: 'OPEN', to: { laCode: 'gwynedd' } });
    expect(await transferOf('epc.gwynedd', 'gwynedd', personId)).toMatchObject({ id: out!.id, direction: 'INCOMING', state: 'OPEN' });
    const logged = (await t.infra.ds.query(`SELECT event FROM access_event WHERE request_id = $1 AND event <> 'person.read' ORDER BY seq`, [
      requestIdOf(outcome),
    ])) as Array<{ event: string }>;
    expect(logged.map((r) => r.event)).toEqual(['unknown.resolved', 'transfer.destination_named']);

    // Naming another LA than a Welsh one, or with another outcome, is refused before anything changes.
    const bad = await gql(t.url, 'mutation ($input: RecordUnknownOutcomeInput!) { recordUnknownOutcome(input: $input) { id } }', {
      token: await token('epc.cardiff'),
      purpose: 'UNKNOWN_RESOLUTION',
      variables: { input: { personId, outcome: 'NOT_FOUND', movedToLaCode: 'gwynedd' } },
    });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'movedToLaCode' });

    const reopened = await gql(t.url, 'mutation ($input: ReopenUnknownInput!) { reopenUnknown(input: $input) { id } }', {
      token: await token('epc.cardiff'),
      purpose: 'UNKNOWN_RESOLUTION',
      variables: { input: { personId, eventId: outcome.body.data!.recordUnknownOutcome.id } },
    });
    expect(reopened.body.errors).toBeUndefined();
    expect(await transferOf('epc.cardiff', 'cardiff', personId)).toMatchObject({ id: out!.id, state: 'WITHDRAWN' });
    // No longer moving to Gwynedd: the transfer agreement gives Gwynedd nothing, so it sees nothing.
    expect(await transferOf('epc.gwynedd', 'gwynedd', personId)).toBeUndefined();
    expect(await stateOf(personId)).toMatchObject({ home_la_code: 'cardiff', transfer_la_code: null });
  });

  it('is read for TRACKING or UNKNOWN_RESOLUTION by EPCs only', async () => {
    const purpose = await transfers('epc.cardiff', 'cardiff', 'BROKERAGE');
    expect(purpose.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(purpose.body.errors?.[0]?.message).toMatch(/TRACKING or UNKNOWN_RESOLUTION/);
    for (const handle of ['cw.adviser.cardiff', 'school.cardiff.datamanager', 'leadworker.cardiff']) {
      const res = await transfers(handle, 'cardiff');
      expect(res.body.errors?.[0]?.message, handle).toMatch(/may not read Transfer \(transfers\)/);
    }
    // A school's system runs its registered operations only, and this is none of them.
    const bySystem = await transfers('school.cardiff', 'cardiff');
    expect(bySystem.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', rule: 'REGISTERED_OPERATIONS_ONLY' } });
  });

  it('denial reveals nothing: a move started by data withheld from an EPC leaves its transfers, and everything else it gets, unchanged', async () => {
    // Two young people in tier 3 (Careers Wales's data does not reach an LA), alike but for Careers Wales's address.
    const [stay, go] = [await createPerson(t.infra.ds, mover(3)), await createPerson(t.infra.ds, mover(3))];
    await newAddress(go.recordIds[0]!, 'LL55 2BB');
    await newAddress(stay.recordIds[0]!, 'CF24 4BB');
    expect((await stateOf(go.personId)).transfer_la_code).toBe('gwynedd');
    // Cardiff's EPC: no transfer for either, and each reads the same (the school's record only).
    expect(await transferOf('epc.cardiff', 'cardiff', go.personId)).toBeUndefined();
    const seen = async (id: string) => {
      const res = await person('epc.cardiff', id);
      return { records: res.body.data!.youngPerson.sourceRecords.map((r) => r.provider.code), redactions: res.body.extensions?.['redactions'] };
    };
    expect(await seen(go.personId)).toEqual(await seen(stay.personId));

    // Gwynedd's EPC gets the transfer dataset the agreement gives it, but not Careers Wales's word (tier 3): the
    // Careers Wales record is not listed, where the young person went is withheld, and the status is null.
    const incoming = await transfers('epc.gwynedd', 'gwynedd');
    const item = incoming.body.data!.transfers.edges.map((e) => e.node).find((n) => n.personId === go.personId);
    expect(item).toMatchObject({ direction: 'INCOMING', from: { laCode: 'cardiff' }, to: { laCode: null, laName: null, outsideWales: null }, status: null });
    expect(item!.records.map((r) => r.provider.code)).toEqual([ORG.cardiffSchool]);
    const index = incoming.body.data!.transfers.edges.findIndex((e) => e.node.personId === go.personId);
    const redactions = (incoming.body.extensions?.['redactions'] ?? []) as Array<{ path: Array<string | number>; category: string; reason: string }>;
    expect(redactions.filter((r) => r.path[2] === index && r.path[4] === 'to')).toEqual([
      { path: ['transfers', 'edges', index, 'node', 'to', 'laCode'], category: 'CONTACT', reason: 'WITHHELD', agreement: 'ISP-YEPF-REGIONAL@3' },
      { path: ['transfers', 'edges', index, 'node', 'to', 'laName'], category: 'CONTACT', reason: 'WITHHELD', agreement: 'ISP-YEPF-REGIONAL@3' },
      { path: ['transfers', 'edges', index, 'node', 'to', 'outsideWales'], category: 'CONTACT', reason: 'WITHHELD', agreement: 'ISP-YEPF-REGIONAL@3' },
    ]);
    // The young person who stayed is nobody Gwynedd has a basis to see.
    expect(incoming.body.data!.transfers.edges.some((e) => e.node.personId === stay.personId)).toBe(false);
    expect(await careersGuidanceFor('epc.gwynedd', stay.personId)).toBe('NOT_FOUND');
  });


  it('the receiving EPC declines with a reason: the sending EPC sees it declined, the same address does not reopen it, a later one does', async () => {
    const { personId, cwRecord, transferId } = await movingToGwynedd();
    expect(await transferOf('epc.gwynedd', 'gwynedd', personId)).toMatchObject({ id: transferId, direction: 'INCOMING', state: 'OPEN' });

    // Only the receiving LA declines; an LA that is neither side is told "not found", as for an id that does not exist.
    const bySender = await decide('decline', 'epc.cardiff', transferId, 'NOT_RESIDENT');
    expect(bySender.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'transferId' });
    const byStranger = await decide('decline', 'epc.blaenau-gwent', transferId, 'NOT_RESIDENT');
    const noSuch = await decide('decline', 'epc.blaenau-gwent', NO_SUCH, 'NOT_RESIDENT');
    expect([byStranger.status, byStranger.body.errors?.[0]?.extensions?.['code']]).toEqual([404, 'NOT_FOUND']);
    expect(byStranger.body.errors).toEqual(noSuch.body.errors);
    // A reason outside the list is refused by the schema.
    const noReason = await decide('decline', 'epc.gwynedd', transferId, 'MOVED_AGAIN');
    expect(noReason.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(await transfersOf(personId)).toEqual([{ to_la_code: 'gwynedd', status: 'OPEN', close_reason: null }]);

    const key = `decline-${transferId}`;
    const declined = await decide('decline', 'epc.gwynedd', transferId, 'TEMPORARY_STAY', key);
    expect(declined.body.errors).toBeUndefined();
    expect(declined.body.data!.declineTransfer).toMatchObject({ transferId, state: 'DECLINED', reason: 'TEMPORARY_STAY' });
    // The decision and its access-log row are one transaction; the row holds ids, not where the young person is.
    const logged = await changeRows(declined);
    expect(logged.map((r) => r.event)).toEqual(['transfer.declined']);
    const [row] = (await t.infra.ds.query(`SELECT xmin::text AS xmin FROM la_transfer WHERE id = $1`, [transferId])) as [{ xmin: string }];
    expect(row.xmin).toBe(logged[0]!.xmin);
    expect(logged[0]!.details).not.toMatch(/gwynedd|cardiff|LL55|TEMPORARY_STAY/);
    // A retry with the same key answers the same and changes nothing.
    const retry = await decide('decline', 'epc.gwynedd', transferId, 'TEMPORARY_STAY', key);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.data).toEqual(declined.body.data);

    // The home LA stays Cardiff; Gwynedd loses what the transfers agreement gave it, and its list no longer shows the move.
    expect(await stateOf(personId)).toEqual({ home_la_code: 'cardiff', address_la_code: 'gwynedd', transfer_la_code: null });
    expect(await careersGuidanceFor('epc.gwynedd', personId)).toBe('NOT_FOUND');
    expect(await transferOf('epc.gwynedd', 'gwynedd', personId)).toBeUndefined();
    expect(await onWorklist('epc.cardiff', 'cardiff', personId)).toBe(true);
    const out = await transferOf('epc.cardiff', 'cardiff', personId);
    expect(out).toMatchObject({ id: transferId, direction: 'OUTGOING', state: 'DECLINED', closeReason: 'TEMPORARY_STAY', to: { laCode: 'gwynedd' } });
    expect(out!.closedAt).not.toBeNull();
    expect((await transfers('epc.cardiff', 'cardiff', 'TRACKING', { states: ['DECLINED'] })).body.data!.transfers.edges.map((e) => e.node.id)).toContain(transferId);

    // Careers Wales sending its record again with the address it had: the decision stands, nothing reopens.
    await t.infra.ds.query(`UPDATE source_record SET version = version + 1, received_at = now() WHERE id = $1`, [cwRecord]);
    expect(await transfersOf(personId)).toEqual([{ to_la_code: 'gwynedd', status: 'DECLINED', close_reason: 'TEMPORARY_STAY' }]);
    // A later, different address (Bangor) is new evidence: a new transfer to Gwynedd opens, and Gwynedd sees it.
    await newAddress(cwRecord, 'LL57 1AA');
    expect(await transfersOf(personId)).toEqual([
      { to_la_code: 'gwynedd', status: 'DECLINED', close_reason: 'TEMPORARY_STAY' },
      { to_la_code: 'gwynedd', status: 'OPEN', close_reason: null },
    ]);
    const reopened = await transferOf('epc.gwynedd', 'gwynedd', personId, 'TRACKING', { states: ['OPEN'] });
    expect(reopened).toMatchObject({ direction: 'INCOMING', state: 'OPEN', closeReason: null });
    expect(reopened!.id).not.toBe(transferId);
    // With the young person moving its way again, Gwynedd sees its own earlier decline beside the new transfer.
    const gwynedd = (await transfers('epc.gwynedd', 'gwynedd')).body.data!.transfers.edges.map((e) => e.node).filter((n) => n.personId === personId);
    expect(gwynedd.map((n) => [n.id === transferId, n.state])).toEqual([
      [true, 'DECLINED'],
      [false, 'OPEN'],
    ]);
  });

  it('the sending EPC withdraws a move an address started, with a reason; the receiving EPC cannot, nor can an LA of neither side', async () => {
    const { personId, cwRecord, transferId } = await movingToGwynedd();
    // The console offers withdrawing to the sending side only.
    expect(await transferOf('epc.cardiff', 'cardiff', personId)).toMatchObject({ id: transferId, direction: 'OUTGOING', withdrawable: true });
    expect(await transferOf('epc.gwynedd', 'gwynedd', personId)).toMatchObject({ id: transferId, direction: 'INCOMING', withdrawable: false });
    const byReceiver = await decide('withdraw', 'epc.gwynedd', transferId, 'STILL_RESIDENT');
    expect(byReceiver.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'transferId' });
    const byStranger = await decide('withdraw', 'epc.blaenau-gwent', transferId, 'STILL_RESIDENT');
    const noSuch = await decide('withdraw', 'epc.blaenau-gwent', NO_SUCH, 'STILL_RESIDENT');
    expect([byStranger.status, byStranger.body.errors?.[0]?.extensions?.['code']]).toEqual([404, 'NOT_FOUND']);
    expect(byStranger.body.errors).toEqual(noSuch.body.errors);
    // Without a transfer purpose nothing is read or changed.
    const noPurpose = await gql(t.url, WITHDRAW, { token: await token('epc.cardiff'), variables: { input: { transferId, reason: 'STILL_RESIDENT' } } });
    expect(noPurpose.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(await transfersOf(personId)).toEqual([{ to_la_code: 'gwynedd', status: 'OPEN', close_reason: null }]);

    const withdrawn = await decide('withdraw', 'epc.cardiff', transferId, 'ADDRESS_WRONG');
    expect(withdrawn.body.errors).toBeUndefined();
    expect(withdrawn.body.data!.withdrawTransfer).toMatchObject({ transferId, state: 'WITHDRAWN', reason: 'ADDRESS_WRONG' });
    const logged = await changeRows(withdrawn);
    expect(logged.map((r) => r.event)).toEqual(['transfer.withdrawn']);
    const [row] = (await t.infra.ds.query(`SELECT xmin::text AS xmin FROM la_transfer WHERE id = $1`, [transferId])) as [{ xmin: string }];
    expect(row.xmin).toBe(logged[0]!.xmin);
    // Withdrawing again answers the withdrawal that stands.
    const again = await decide('withdraw', 'epc.cardiff', transferId, 'ADDRESS_WRONG');
    expect(again.body.data).toEqual(withdrawn.body.data);
    expect(await changeRows(again)).toEqual([]);

    expect(await transferOf('epc.cardiff', 'cardiff', personId)).toMatchObject({ id: transferId, state: 'WITHDRAWN', closeReason: 'ADDRESS_WRONG', withdrawable: false });
    expect(await transferOf('epc.gwynedd', 'gwynedd', personId)).toBeUndefined();
    expect(await stateOf(personId)).toEqual({ home_la_code: 'cardiff', address_la_code: 'gwynedd', transfer_la_code: null });
    // The same address again does not reopen it.
    await t.infra.ds.query(`UPDATE source_record SET version = version + 1, received_at = now() WHERE id = $1`, [cwRecord]);
    expect((await transfersOf(personId)).map((r) => r.status)).toEqual(['WITHDRAWN']);
  });

  it("the sending EPC does not withdraw Careers Wales's left-the-area return: it answers with an address or an outcome", async () => {
    const { personId, recordIds } = await createPerson(t.infra.ds, mover(1));
    const [cw] = (await t.infra.ds.query('SELECT partner_reference FROM source_record WHERE id = $1', [recordIds[0]])) as [{ partner_reference: string }];
    const ctx = await contextForHandle(t.infra, 'cw.system', 'test destinations');
    ctx.purpose = 'TRACKING';
    await t.infra.services.destinations.load(ctx, [{ partnerReference: cw.partner_reference, yearGroup: '13', laCode: 'cardiff', leftArea: 'true' }], 1, null);
    const open = await transferOf('epc.cardiff', 'cardiff', personId);
    expect(open).toMatchObject({ direction: 'OUTGOING', state: 'OPEN', withdrawable: false });
    const res = await decide('withdraw', 'epc.cardiff', open!.id, 'STILL_RESIDENT');
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'transferId' });
    expect((await transfersOf(personId)).map((r) => r.status)).toEqual(['OPEN']);
  });

  it('denial reveals nothing: a sending EPC not shown a move (withheld data started it) is told "not found" as for no transfer at all', async () => {
    // Careers Wales's tier-3 data does not reach the LA: its address moves the young person, unseen by Cardiff.
    const go = await createPerson(t.infra.ds, mover(3));
    await newAddress(go.recordIds[0]!, 'LL55 2BB');
    const [{ id }] = (await t.infra.ds.query(`SELECT id FROM la_transfer WHERE person_id = $1 AND status = 'OPEN'`, [go.personId])) as [{ id: string }];
    const hidden = await decide('withdraw', 'epc.cardiff', id, 'STILL_RESIDENT');
    const none = await decide('withdraw', 'epc.cardiff', NO_SUCH, 'STILL_RESIDENT');
    expect([hidden.status, hidden.body.errors]).toEqual([none.status, none.body.errors]);
    expect(hidden.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    // Each leaves the same trace in the log: one refusal, no change.
    const trace = async (res: { headers: Headers }) =>
      (await t.infra.ds.query(`SELECT event, outcome, person_id FROM access_event WHERE request_id = $1`, [requestIdOf(res)])) as unknown[];
    expect(await trace(hidden)).toEqual(await trace(none));
    expect((await transfersOf(go.personId)).map((r) => r.status)).toEqual(['OPEN']);
  });

  describe('a merge of two young people by matching', () => {
    /** The EPC confirms that `a` and `b`'s records are one young person (a review pair, as matching leaves it). */
    const merge = async (recordA: string, recordB: string): Promise<void> => {
      const [x, y] = recordA < recordB ? [recordA, recordB] : [recordB, recordA];
      const [{ id }] = (await t.infra.ds.query(
        `INSERT INTO match_candidate (record_a_id, record_b_id, version_a, version_b, rule, levels, weights, prior, total_weight, probability, status)
         VALUES ($1, $2, 1, 1, 'SCORED', '{}', '{}', -10, -2, 0.2, 'REVIEW') RETURNING id`,
        [x, y],
      )) as [{ id: string }];
      const res = await gql(t.url, 'mutation ($input: DecideMatchInput!) { confirmMatch(input: $input) { id status } }', {
        token: await token('epc.cardiff'),
        purpose: 'LINKAGE',
        variables: { input: { candidateId: id } },
      });
      expect(res.body.errors).toBeUndefined();
    };
    const personOf = async (recordId: string): Promise<string> =>
      ((await t.infra.ds.query('SELECT person_id FROM source_record WHERE id = $1', [recordId])) as [{ person_id: string }])[0].person_id;
    /** A Cardiff school's pupil, made before the one it will be merged with (so it is the person that stays). */
    /** Careers Wales's record alone (so the whole young person merges), moving them from Cardiff to Caernarfon. */
    const cwMovingToGwynedd = () => movingToGwynedd(mover(1).slice(0, 1));
    const pupil = () => createPerson(t.infra.ds, [{ providerCode: ORG.cardiffSchool, givenName: 'Elis', familyName: 'Symudol', dateOfBirth: birthdayIn(17, -20) }]);

    it('the open transfers of both are kept on the surviving person, deduplicated: one case, as Gwynedd saw it first', async () => {
      const a = await pupil();
      const b = await cwMovingToGwynedd(); // Careers Wales hears of a move to Caernarfon
      const first = b.transferId;
      await newAddress(a.recordIds[0]!, 'LL57 1AA'); // the school, later, of a move to Bangor
      expect(await t.infra.ds.query(`SELECT status FROM la_transfer WHERE person_id = $1`, [a.personId])).toEqual([{ status: 'OPEN' }]);
      await merge(a.recordIds[0]!, b.cwRecord);

      expect(await personOf(b.cwRecord)).toBe(a.personId);
      expect(await t.infra.ds.query('SELECT id FROM young_person WHERE id = $1', [b.personId])).toEqual([]);
      // One open case, the one Gwynedd had first (the merged person's); the survivor's later duplicate is gone.
      expect(await t.infra.ds.query(`SELECT id, to_la_code, status FROM la_transfer WHERE person_id = ANY($1) ORDER BY seq`, [[a.personId, b.personId]])).toEqual([
        { id: first, to_la_code: 'gwynedd', status: 'OPEN' },
      ]);
      const listed = (await transfers('epc.gwynedd', 'gwynedd')).body.data!.transfers.edges.map((e) => e.node);
      expect(listed.filter((n) => [a.personId, b.personId].includes(n.personId)).map((n) => [n.id, n.personId, n.state])).toEqual([
        [first, a.personId, 'OPEN'],
      ]);
      const accepted = await accept('epc.gwynedd', first);
      expect(accepted.body.errors).toBeUndefined();
      expect(await stateOf(a.personId)).toEqual({ home_la_code: 'gwynedd', address_la_code: 'gwynedd', transfer_la_code: 'gwynedd' });
    });

    it("a merged person's only transfer carries on under the surviving person, and a decline made on it still stands", async () => {
      // Open: the survivor takes the case over, the same transfer.
      const a = await pupil();
      const b = await cwMovingToGwynedd();
      await merge(a.recordIds[0]!, b.cwRecord);
      expect(await t.infra.ds.query(`SELECT id, status FROM la_transfer WHERE person_id = $1`, [a.personId])).toEqual([{ id: b.transferId, status: 'OPEN' }]);
      expect(await transferOf('epc.gwynedd', 'gwynedd', a.personId)).toMatchObject({ id: b.transferId, state: 'OPEN' });

      // Declined: the merge does not open it again from the same address.
      const c = await pupil();
      const d = await cwMovingToGwynedd();
      expect((await decide('decline', 'epc.gwynedd', d.transferId, 'NOT_RESIDENT')).body.errors).toBeUndefined();
      await merge(c.recordIds[0]!, d.cwRecord);
      expect(await personOf(d.cwRecord)).toBe(c.personId);
      expect(await t.infra.ds.query(`SELECT id, status FROM la_transfer WHERE person_id = $1`, [c.personId])).toEqual([{ id: d.transferId, status: 'DECLINED' }]);
      expect(await stateOf(c.personId)).toEqual({ home_la_code: 'cardiff', address_la_code: 'gwynedd', transfer_la_code: null });
      expect(await transferOf('epc.cardiff', 'cardiff', c.personId)).toMatchObject({ id: d.transferId, state: 'DECLINED', closeReason: 'NOT_RESIDENT' });
    });
  });
  it("a Gwynedd school's record with a Gwynedd address places its pupil in Gwynedd from the start: nothing to accept", async () => {
    const { personId } = await createPerson(t.infra.ds, [{ providerCode: GWYNEDD_SCHOOL, dateOfBirth: birthdayIn(16, -3) }]);
    expect(await stateOf(personId)).toEqual({ home_la_code: 'gwynedd', address_la_code: 'gwynedd', transfer_la_code: null });
    expect(await t.infra.ds.query('SELECT id FROM la_transfer WHERE person_id = $1', [personId])).toEqual([]);
  });
});
