import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUln } from '../src/modules/identifiers/uln.js';
import { contextForHandle } from '../src/modules/imports/cli-context.js';
import { birthdayIn } from './support/factories.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { registered } from './support/registered.js';

// Issue 10 item 4's loose end: a drop-out notification (or a destinations return) that arrives before matching
// has linked its learner's record to a young person gets its tier-history event when the link is made, in the
// statement that links, once; a "left the area" return then starts a transfer as it would have on arrival.

const SUBMIT = registered('SubmitRecords');
const NOTIFY = registered('NotifyDropOut');
const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('tier-history events of notifications and returns that arrive before their learner is linked', () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.close();
  });

  it('are written when matching links the record, once, with the sender as actor; a left-the-area return then opens a transfer', async () => {
    const run = randomUUID().slice(0, 6).toUpperCase();
    // Names carry no digits: a run's letters only.
    const surname = `Cyswllt${[...run].map((c) => String.fromCharCode(65 + (parseInt(c, 16) % 26))).join('').toLowerCase()}`;
    const uln = makeUln(`51${String(Date.now()).slice(-7)}`)!;
    const learner = { givenName: 'Gwenno', familyName: surname, dateOfBirth: birthdayIn(17, -30), sex: 'F', postcode: 'CF14 2AB', uln };
    const submit = async (handle: string, partnerReference: string): Promise<string> => {
      const res = await gql<{ submitRecords: { id: string; rejectedRows: number } }>(t.url, SUBMIT, {
        token: await tokenFor(t.infra, handle),
        variables: { input: { records: [{ partnerReference, ...learner }] } },
      });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.submitRecords.rejectedRows).toBe(0);
      return res.body.data!.submitRecords.id;
    };
    const collegeImport = await submit('college.cardiff', `COL-${run}`);
    const cwImport = await submit('cw.system', `CW-${run}`);
    const records = (await t.infra.ds.query(
      `SELECT id, person_id FROM source_record WHERE partner_reference = ANY($1) ORDER BY partner_reference`,
      [[`COL-${run}`, `CW-${run}`]],
    )) as Array<{ id: string; person_id: string | null }>;
    expect(records.map((r) => r.person_id)).toEqual([null, null]); // matching has not run yet

    // The college notifies Careers Wales; Careers Wales's survey says the learner left the area.
    const notified = await gql<{ notifyDropOut: { id: string; youngPersonId: string | null } }>(t.url, NOTIFY, {
      token: await tokenFor(t.infra, 'college.cardiff'),
      purpose: 'TRACKING',
      variables: { input: { partnerReference: `COL-${run}`, reason: 'LEFT_NON_ATTENDANCE', leftOn: day(-20), notifiedOn: day(-3) } },
    });
    expect(notified.body.errors).toBeUndefined();
    const notificationId = notified.body.data!.notifyDropOut.id;
    const ctx = await contextForHandle(t.infra, 'cw.system', 'test destinations');
    ctx.purpose = 'TRACKING';
    const [returned] = await t.infra.services.destinations.load(ctx, [{ partnerReference: `CW-${run}`, yearGroup: '13', laCode: 'cardiff', leftArea: 'true' }], 1, null);
    const eventsOf = async (sourceIds: string[]) =>
      (await t.infra.ds.query(
        `SELECT te.person_id, te.kind, te.reason, te.effective_on::text AS effective_on, te.source_event_id, p.handle AS actor, o.code AS supplier
           FROM tier_event te JOIN organisation o ON o.id = te.source_organisation_id LEFT JOIN principal p ON p.id = te.actor_principal_id
          WHERE te.source_event_id = ANY($1) ORDER BY te.kind`,
        [sourceIds],
      )) as Array<Record<string, string | null>>;
    expect(await eventsOf([notificationId, returned!.id!])).toEqual([]);

    // Matching links both records (one young person, on the shared ULN): the events are written then.
    await t.infra.services.matching.processQueue(collegeImport);
    await t.infra.services.matching.processQueue(cwImport);
    const [personId] = [
      ...new Set(
        ((await t.infra.ds.query('SELECT person_id FROM source_record WHERE id = ANY($1)', [records.map((r) => r.id)])) as Array<{ person_id: string }>).map(
          (r) => r.person_id,
        ),
      ),
    ];
    expect(personId).toBeTruthy();
    const snapshot = (await t.infra.ds.query(`SELECT max(snapshot_on)::text AS s FROM destination_return WHERE id = $1`, [returned!.id])) as [{ s: string }];
    expect(await eventsOf([notificationId, returned!.id!])).toEqual([
      { person_id: personId, kind: 'DESTINATION_RETURN', reason: 'LEFT_AREA', effective_on: snapshot[0].s, source_event_id: returned!.id, actor: 'cw.system', supplier: 'careers-wales' },
      { person_id: personId, kind: 'DROP_OUT_NOTIFICATION', reason: 'LEFT_NON_ATTENDANCE', effective_on: day(-20), source_event_id: notificationId, actor: 'college.cardiff', supplier: 'college.bae-caerdydd' },
    ]);
    // The return said the young person left the area: a transfer out of Cardiff, to an LA not yet known.
    expect(await t.infra.ds.query(`SELECT from_la_code, to_la_code, cause, status FROM la_transfer WHERE person_id = $1`, [personId])).toEqual([
      { from_la_code: 'cardiff', to_la_code: null, cause: 'DESTINATION_RETURN', status: 'OPEN' },
    ]);

    // Linking again (a record unlinked and relinked, a later run) writes nothing twice.
    await t.infra.ds.query('UPDATE source_record SET person_id = NULL WHERE id = $1', [records[0]!.id]);
    await t.infra.ds.query('UPDATE source_record SET person_id = $2 WHERE id = $1', [records[0]!.id, personId]);
    expect(await eventsOf([notificationId, returned!.id!])).toHaveLength(2);
  });
});
