import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditDeniedRole, type AuditDeniedRole } from './support/audit.js';
import { createPerson } from './support/factories.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { registered } from './support/registered.js';

const NOTIFY = registered('NotifyDropOut');

const QUEUE = registered('DropOutNotifications');

const CONFIRM = `mutation Confirm($input: ConfirmDropOutTierInput!) { confirmDropOutTier(input: $input) { id action { tier closedAt } } }`;

interface Node {
  id: string;
  youngPersonId: string | null;
  provider: { code: string };
  reason: string | null;
  leftOn: string | null;
  late: boolean | null;
  proposal: { tier: number; tier4Risk: string | null; tier2Reason: string | null } | null;
  learnerRecord?: { partnerReference: string | null } | null;
  action: { tier: number | null; closedAt?: string | null } | null;
}
interface Queue {
  dropOutNotifications: { edges: Array<{ cursor: string; node: Node }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** An ISO date `days` before today. */
const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe('drop-out notifications', () => {
  let t: TestApi;
  let college: string;
  let otherCollege: string;
  let adviser: string;
  let epcCardiff: string;
  let epcGwynedd: string;
  let analyst: string;

  /** A learner of a college (and known to Careers Wales), with the college's reference for them. */
  const learner = async (collegeCode = 'college.bae-caerdydd'): Promise<{ personId: string; reference: string }> => {
    const { personId, recordIds } = await createPerson(t.infra.ds, [
      { providerCode: collegeCode, payload: { EDUCATION_ENROLMENT: { status: 'ENROLLED', course: 'Level 2 Plumbing' } } },
      { providerCode: 'careers-wales', payload: { CAREERS_GUIDANCE: { interviewCount: 1 } } },
    ]);
    const [row] = (await t.infra.ds.query('SELECT partner_reference FROM source_record WHERE id = $1', [recordIds[0]])) as [{ partner_reference: string }];
    return { personId, reference: row.partner_reference };
  };
  const notify = (token: string, input: Record<string, unknown>, purpose = 'TRACKING') =>
    gql<{ notifyDropOut: Node }>(t.url, NOTIFY, { token, purpose, variables: { input } });
  const queue = (token: string, purpose: string, variables: Record<string, unknown> = {}) => gql<Queue>(t.url, QUEUE, { token, purpose, variables: { first: 100, ...variables } });
  const idsIn = (body: { data?: Queue | null }): string[] => (body.data?.dropOutNotifications.edges ?? []).map((e) => e.node.id);

  beforeAll(async () => {
    t = await startTestApi();
    const token = (handle: string): Promise<string> => tokenFor(t.infra, handle);
    college = await token('college.cardiff');
    otherCollege = await token('college.cardiff-west');
    adviser = await token('cw.adviser.cardiff');
    epcCardiff = await token('epc.cardiff');
    epcGwynedd = await token('epc.gwynedd');
    analyst = await token('wg.analyst');
  });
  afterAll(async () => {
    await t.close();
  });

  it('a college notifies about its own learner: the tier proposal, the delay and lateness, a tier-history event and an access-log row, all in its transaction', async () => {
    const { personId, reference } = await learner();
    const res = await notify(college, { partnerReference: reference, reason: 'LEFT_NON_ATTENDANCE', leftOn: daysAgo(20), notifiedOn: daysAgo(2) });
    expect(res.body.errors).toBeUndefined();
    const n = res.body.data!.notifyDropOut;
    expect(n).toMatchObject({ youngPersonId: personId, provider: { code: 'college.bae-caerdydd' }, reason: 'LEFT_NON_ATTENDANCE', late: true, action: null });
    expect(n.proposal).toEqual({ tier: 3, tier4Risk: null, tier2Reason: null });
    const events = (await t.infra.ds.query(`SELECT kind, reason, source_event_id FROM tier_event WHERE person_id = $1`, [personId])) as unknown[];
    expect(events).toEqual([{ kind: 'DROP_OUT_NOTIFICATION', reason: 'LEFT_NON_ATTENDANCE', source_event_id: n.id }]);
    const logged = (await t.infra.ds.query(
      `SELECT event, operation FROM access_event WHERE person_id = $1 AND details::jsonb->>'notificationId' = $2`,
      [personId, n.id],
    )) as Array<{ event: string; operation: string }>;
    expect(logged.map((r) => r.event)).toEqual(['dropout_notification.received']);
    const together = (await t.infra.ds.query(
      `SELECT event, xmin::text AS tx FROM access_event WHERE person_id = $1 AND event IN ('dropout_notification.received', 'tier_history.recorded')`,
      [personId],
    )) as Array<{ event: string; tx: string }>;
    expect(together.map((r) => r.event).sort()).toEqual(['dropout_notification.received', 'tier_history.recorded']);
    expect(new Set(together.map((r) => r.tx)).size).toBe(1);

    // The same notification sent again is the same one; an at-risk notification implies tier 4 and has no delay.
    const again = await notify(college, { partnerReference: reference, reason: 'LEFT_NON_ATTENDANCE', leftOn: daysAgo(20), notifiedOn: daysAgo(2) });
    expect(again.body.data!.notifyDropOut.id).toBe(n.id);
    const risk = await notify(college, { partnerReference: reference, reason: 'AT_RISK_ATTENDANCE' });
    expect(risk.body.data!.notifyDropOut).toMatchObject({ leftOn: null, delayDays: null, late: null, proposal: { tier: 4, tier4Risk: 'HIGH' } });
  });

  it('refuses before anything lands: a learner the college never submitted, a bad date, the wrong purpose or role, a principal that is not a post-16 provider', async () => {
    const { reference } = await learner('college.cardiff-west');
    const before = ((await t.infra.ds.query('SELECT count(*)::int AS n FROM dropout_notification')) as [{ n: number }])[0].n;
    const notOurs = await notify(college, { partnerReference: reference, reason: 'LEFT_OTHER', leftOn: daysAgo(3) });
    expect(notOurs.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'partnerReference' } });
    expect(notOurs.body.errors?.[0]?.message).not.toContain(reference);
    const left = await notify(otherCollege, { partnerReference: reference, reason: 'LEFT_OTHER' });
    expect(left.body.errors?.[0]).toMatchObject({ message: 'leftOn: is required when the learner has left' });
    const admissions = await notify(otherCollege, { partnerReference: reference, reason: 'LEFT_OTHER', leftOn: daysAgo(3) }, 'ADMISSIONS');
    expect(admissions.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(admissions.body.errors?.[0]?.message).toContain('PURPOSE_NOT_PERMITTED');
    const none = await gql(t.url, NOTIFY, { token: otherCollege, variables: { input: { partnerReference: reference, reason: 'LEFT_OTHER', leftOn: daysAgo(3) } } });
    expect(none.body.errors?.[0]?.message).toContain('X-Purpose');
    const byAdviser = await notify(adviser, { partnerReference: reference, reason: 'LEFT_OTHER', leftOn: daysAgo(3) });
    expect(byAdviser.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(((await t.infra.ds.query('SELECT count(*)::int AS n FROM dropout_notification')) as [{ n: number }])[0].n).toBe(before);
    // The second college's own learner is accepted from it.
    const ok = await notify(otherCollege, { partnerReference: reference, reason: 'LEFT_OTHER', leftOn: daysAgo(3) });
    expect(ok.body.data?.notifyDropOut.provider.code).toBe('college.cardiff-west');
  });

  it("one college's notification is not visible to another college; Careers Wales and the EPC of the learner's area see it as the rules say", async () => {
    const { personId, reference } = await learner();
    const id = (await notify(college, { partnerReference: reference, reason: 'LEFT_LEARNER_DECISION', leftOn: daysAgo(5) })).body.data!.notifyDropOut.id;

    expect(idsIn((await queue(college, 'TRACKING')).body)).toContain(id);
    const other = await queue(otherCollege, 'TRACKING');
    expect(other.body.errors).toBeUndefined();
    expect(idsIn(other.body)).not.toContain(id);
    const direct = await gql(t.url, registered('DropOutNotification'), { token: otherCollege, purpose: 'TRACKING', variables: { id } });
    expect(direct.body.errors?.[0]).toMatchObject({ message: 'Drop-out notification not found', extensions: { code: 'NOT_FOUND' } });
    expect(direct.body.data ?? null).toBeNull();
    // Not found is what an id that does not exist gets, too.
    const missing = await gql(t.url, registered('DropOutNotification'), { token: otherCollege, purpose: 'TRACKING', variables: { id: '00000000-0000-4000-8000-000000000000' } });
    expect(missing.body.errors?.[0]?.message).toBe(direct.body.errors?.[0]?.message);
    // The withheld notification is in the access log with its precise reason (the IG officer can prove it).
    const [withheld] = (await t.infra.ds.query(
      `SELECT withheld FROM access_event WHERE person_id = $1 AND principal_id = (SELECT id FROM principal WHERE handle = 'college.cardiff-west') ORDER BY seq DESC LIMIT 1`,
      [personId],
    )) as [{ withheld: string[] }];
    expect(withheld.withheld.join(' ')).toContain('EDUCATION_ENROLMENT.*EDUCATION_ENROLMENT@0!NO_AGREEMENT');

    const cw = await queue(adviser, 'TRACKING');
    const seen = cw.body.data!.dropOutNotifications.edges.find((e) => e.node.id === id)!.node;
    expect(seen).toMatchObject({ youngPersonId: personId, reason: 'LEFT_LEARNER_DECISION', learnerRecord: { partnerReference: reference } });
    // The college → LA clause releases enrolment data to the EPC where the learner lives (Cardiff), not elsewhere.
    expect(idsIn((await queue(epcCardiff, 'TRACKING')).body)).toContain(id);
    expect(idsIn((await queue(epcGwynedd, 'TRACKING')).body)).not.toContain(id);
    const analystQueue = await queue(analyst, 'STATISTICS');
    expect(analystQueue.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('the adviser confirms the proposed tier: the assessment, the closing and their log rows commit together; the action is Careers Wales’s data', async () => {
    const { personId, reference } = await learner();
    const id = (await notify(college, { partnerReference: reference, reason: 'LEFT_ILLNESS', leftOn: daysAgo(4) })).body.data!.notifyDropOut.id;
    const open = await queue(adviser, 'TRACKING', { filter: { status: 'OPEN' } });
    expect(open.body.data!.dropOutNotifications.edges.find((e) => e.node.id === id)?.node.proposal).toEqual({ tier: 2, tier4Risk: null, tier2Reason: 'SICKNESS' });
    // The status is Careers Wales's data: a college may not filter on it.
    const byStatus = await queue(college, 'TRACKING', { filter: { status: 'OPEN' } });
    expect(byStatus.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });

    const confirmed = await gql<{ confirmDropOutTier: { id: string; action: { tier: number; closedAt: string } } }>(t.url, CONFIRM, {
      token: adviser,
      purpose: 'TRACKING',
      variables: { input: { notificationId: id } },
    });
    expect(confirmed.body.errors).toBeUndefined();
    expect(confirmed.body.data!.confirmDropOutTier.action.tier).toBe(2);
    const [assessment] = (await t.infra.ds.query(
      `SELECT ta.tier, te.tier2_reason, te.source_event_id FROM tier_assessment ta JOIN tier_event te ON te.tier_assessment_id = ta.id WHERE ta.person_id = $1`,
      [personId],
    )) as [{ tier: number; tier2_reason: string; source_event_id: string }];
    expect(assessment).toEqual({ tier: 2, tier2_reason: 'SICKNESS', source_event_id: id });
    const logged = (await t.infra.ds.query(`SELECT event, xmin::text AS tx FROM access_event WHERE person_id = $1 AND event IN ('tier.assessed', 'dropout_notification.closed')`, [personId])) as Array<{
      event: string;
      tx: string;
    }>;
    expect(logged.map((r) => r.event).sort()).toEqual(['dropout_notification.closed', 'tier.assessed']);
    expect(new Set(logged.map((r) => r.tx)).size).toBe(1);

    expect(idsIn((await queue(adviser, 'TRACKING', { filter: { status: 'OPEN' } })).body)).not.toContain(id);
    expect(idsIn((await queue(adviser, 'TRACKING', { filter: { status: 'CLOSED' } })).body)).toContain(id);
    const twice = await gql(t.url, CONFIRM, { token: adviser, purpose: 'TRACKING', variables: { input: { notificationId: id } } });
    expect(twice.body.errors?.[0]?.message).toBe('notificationId: this notification is already closed');

    // The college sees its notification but not what Careers Wales did (null, not redacted: its absence says nothing).
    const own = (await queue(college, 'TRACKING')).body.data!.dropOutNotifications.edges.find((e) => e.node.id === id)!.node;
    expect(own.action).toBeNull();
    // Careers Wales's tier reaches the EPC only in tiers 1–2 (here 2, so the EPC sees the action).
    const epc = await queue(epcCardiff, 'TRACKING');
    expect(epc.body.data!.dropOutNotifications.edges.find((e) => e.node.id === id)!.node.action?.tier).toBe(2);
  });

  it("the EPC does not see Careers Wales's action once the tier is 3 or above", async () => {
    const { personId, reference } = await learner();
    const id = (await notify(college, { partnerReference: reference, reason: 'LEFT_NON_ATTENDANCE', leftOn: daysAgo(6) })).body.data!.notifyDropOut.id;
    const confirmed = await gql(t.url, CONFIRM, { token: adviser, purpose: 'BROKERAGE', variables: { input: { notificationId: id } } });
    expect(confirmed.body.errors).toBeUndefined();
    const [{ tier }] = (await t.infra.ds.query('SELECT current_tier AS tier FROM person_state WHERE person_id = $1', [personId])) as [{ tier: number }];
    expect(tier).toBe(3);
    const epc = (await queue(epcCardiff, 'TRACKING')).body.data!.dropOutNotifications.edges.find((e) => e.node.id === id)!.node;
    expect(epc.reason).toBe('LEFT_NON_ATTENDANCE');
    expect(epc.action).toBeNull();
  });

  it("a notification whose learner is not linked yet is withheld even from its sender (nobody to decide for), with redactions", async () => {
    const [org] = (await t.infra.ds.query(`SELECT id FROM organisation WHERE code = 'college.bae-caerdydd'`)) as [{ id: string }];
    await t.infra.ds.query(`INSERT INTO source_record (provider_organisation_id, partner_reference, given_name, family_name) VALUES ($1, 'UNLINKED-1', 'Nia', 'Rees')`, [org.id]);
    const res = await notify(college, { partnerReference: 'UNLINKED-1', reason: 'LEFT_OTHER', leftOn: daysAgo(1) });
    expect(res.body.data!.notifyDropOut).toMatchObject({ youngPersonId: null, reason: null, leftOn: null, proposal: null });
    const redactions = res.body.extensions?.['redactions'] as Array<{ path: string[]; category: string; reason: string }>;
    expect(redactions.map((r) => r.path.at(-1))).toEqual(expect.arrayContaining(['reason', 'leftOn', 'notifiedOn', 'late', 'proposal']));
    expect(new Set(redactions.map((r) => r.category))).toEqual(new Set(['EDUCATION_ENROLMENT']));
    expect(idsIn((await queue(adviser, 'TRACKING')).body)).not.toContain(res.body.data!.notifyDropOut.id);
  });

  it('pages the queue with cursors over shown notifications only', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { reference } = await learner();
      made.push((await notify(college, { partnerReference: reference, reason: 'AT_RISK_OTHER' })).body.data!.notifyDropOut.id);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res: { body: { data?: Queue | null } } = await queue(college, 'TRACKING', { first: 2, after });
      seen.push(...idsIn(res.body));
      const info = res.body.data!.dropOutNotifications.pageInfo;
      if (!info.hasNextPage) break;
      after = info.endCursor;
    }
    expect(seen.filter((id) => made.includes(id))).toEqual(made);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('with the access log unwritable, nothing lands and the answer is AUDIT_UNAVAILABLE', async () => {
    let role: AuditDeniedRole | undefined;
    let denied: TestApi | undefined;
    try {
      role = await createAuditDeniedRole('no_notification_audit');
      denied = await startTestApi({ DATABASE_URL: role.url });
      const { reference } = await learner();
      const res = await notify(college, { partnerReference: reference, reason: 'LEFT_OTHER', leftOn: daysAgo(2) });
      expect(res.status).toBe(200);
      const refused = await gql(denied.url, NOTIFY, { token: college, purpose: 'TRACKING', variables: { input: { partnerReference: reference, reason: 'LEFT_EXCLUDED', leftOn: daysAgo(2) } } });
      expect(refused.status).toBe(503);
      expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('AUDIT_UNAVAILABLE');
      const rows = (await t.infra.ds.query(`SELECT reason FROM dropout_notification n JOIN source_record sr ON sr.id = n.source_record_id WHERE sr.partner_reference = $1`, [reference])) as unknown[];
      expect(rows).toEqual([{ reason: 'LEFT_OTHER' }]);
    } finally {
      await denied?.close();
      await role?.drop();
    }
  });
});
