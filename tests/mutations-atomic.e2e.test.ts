import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSchema } from '../src/graphql/schema.js';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import { createAuditDeniedRole, type AuditDeniedRole } from './support/audit.js';
import { birthdayIn, createPerson } from './support/factories.js';
import { gql, requestIdOf, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { registered } from './support/registered.js';

// Issue 9 item 3: every write is all or nothing with its log row; purpose and permission are checked before any
// change; a retried mutation with the same Idempotency-Key does nothing twice.

const AUDIT_UNAVAILABLE = {
  message: 'The access log could not be written, so no personal data was sent. Try again later.',
  extensions: { code: 'AUDIT_UNAVAILABLE' },
};

/** What the mutations below act on, made once with the log writable. */
interface Fixtures {
  consentPerson: string;
  tierPerson: string;
  splitPerson: { personId: string; collegeRecord: string };
  confirmPair: string;
  rejectPair: string;
  draftAgreement: string;
  activeAgreement: string;
  retiredAgreement: string;
  reference: string;
  /** A young person moving from Cardiff into Gwynedd: a transfer awaiting Gwynedd's EPC. */
  transfer: string;
  /** Two more such moves: one for Gwynedd's EPC to decline, one for Cardiff's to withdraw. */
  declinable: string;
  withdrawable: string;
  /** A college learner (the college's own reference) to notify a drop-out about, and an open notification to confirm. */
  dropOutLearner: string;
  openNotification: string;
  /** Young people on Cardiff's tier-1 unknowns worklist, and an outcome standing on another to reverse. */
  attemptPerson: string;
  outcomePerson: string;
  reopen: { personId: string; eventId: string };
  /** A partner system's fresh public key to register, and a registered one to revoke. */
  partnerJwk: Record<string, unknown>;
  partnerKeyToRevoke: string;
}

/** One mutation of the schema with a valid request, and the change events its access-log rows carry. */
interface MutationCase {
  handle: string;
  purpose?: string;
  query: string;
  variables(f: Fixtures): Record<string, unknown>;
  events: string[];
}

const CANDIDATE = 'id status decisions { kind decidedBy } recordA { id givenName } recordB { id givenName }';
const today = (): string => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const NOTIFY = registered('NotifyDropOut'); // as a college's system must send it
const RESOLUTION = 'id outcome contactMethod effectiveOn reversesEventId actor { displayName }';

/** Every mutation of the schema (a test fails when one is missing), each with a request that succeeds. */
const MUTATIONS: Record<string, MutationCase> = {
  acceptTransfer: {
    handle: 'epc.gwynedd',
    purpose: 'TRACKING',
    query: 'mutation ($input: AcceptTransferInput!) { acceptTransfer(input: $input) { id state direction to { laCode } records { givenName } } }',
    variables: (f) => ({ input: { transferId: f.transfer } }),
    events: ['transfer.accepted'],
  },
  declineTransfer: {
    handle: 'epc.gwynedd',
    purpose: 'TRACKING',
    query: 'mutation ($input: DeclineTransferInput!) { declineTransfer(input: $input) { transferId state closedAt reason } }',
    variables: (f) => ({ input: { transferId: f.declinable, reason: 'NOT_RESIDENT' } }),
    events: ['transfer.declined'],
  },
  withdrawTransfer: {
    handle: 'epc.cardiff',
    purpose: 'TRACKING',
    query: 'mutation ($input: WithdrawTransferInput!) { withdrawTransfer(input: $input) { transferId state closedAt reason } }',
    variables: (f) => ({ input: { transferId: f.withdrawable, reason: 'ADDRESS_WRONG' } }),
    events: ['transfer.withdrawn'],
  },
  activateSharingAgreement: {
    handle: 'ig.cardiff',
    query: 'mutation ($id: ID!) { activateSharingAgreement(id: $id) { id status } }',
    variables: (f) => ({ id: f.draftAgreement }),
    events: ['agreement.activated'],
  },
  approveSharingAgreement: {
    handle: 'ig.cardiff',
    query: 'mutation ($id: ID!) { approveSharingAgreement(id: $id) { id status } }',
    variables: (f) => ({ id: f.draftAgreement }),
    events: ['agreement.approved'],
  },
  confirmDropOutTier: {
    handle: 'cw.adviser.cardiff',
    purpose: 'TRACKING',
    query: 'mutation ($input: ConfirmDropOutTierInput!) { confirmDropOutTier(input: $input) { id action { tier closedAt } } }',
    variables: (f) => ({ input: { notificationId: f.openNotification } }),
    events: ['tier.assessed', 'dropout_notification.closed'],
  },
  confirmMatch: {
    handle: 'epc.cardiff',
    purpose: 'LINKAGE',
    query: `mutation ($input: DecideMatchInput!) { confirmMatch(input: $input) { ${CANDIDATE} } }`,
    variables: (f) => ({ input: { candidateId: f.confirmPair, note: 'same young person' } }),
    events: ['match.confirmed'],
  },
  draftSharingAgreement: {
    handle: 'ig.cardiff',
    query: 'mutation ($input: DraftSharingAgreementInput!) { draftSharingAgreement(input: $input) { id reference version status } }',
    variables: (f) => ({ input: agreementInput(`${f.reference}-NEW`) }),
    events: ['agreement.drafted'],
  },
  notifyDropOut: {
    handle: 'college.cardiff',
    purpose: 'TRACKING',
    query: NOTIFY,
    variables: (f) => ({ input: { partnerReference: f.dropOutLearner, reason: 'LEFT_NON_ATTENDANCE', leftOn: daysAgo(20), notifiedOn: daysAgo(2) } }),
    events: ['tier_history.recorded', 'dropout_notification.received'],
  },
  registerPartnerKey: {
    handle: 'admin',
    query: 'mutation ($input: RegisterPartnerKeyInput!) { registerPartnerKey(input: $input) { id kid thumbprint } }',
    variables: (f) => ({ input: { principalHandle: 'voluntary.cardiff', jwk: f.partnerJwk } }),
    events: ['partner_key.registered'],
  },
  revokePartnerKey: {
    handle: 'admin',
    query: 'mutation ($id: ID!) { revokePartnerKey(id: $id) { id revokedAt } }',
    variables: (f) => ({ id: f.partnerKeyToRevoke }),
    events: ['partner_key.revoked'],
  },
  subscribeStatusChanges: {
    handle: 'college.cardiff',
    purpose: 'TRACKING',
    query: registered('SubscribeStatusChanges'),
    variables: () => ({ input: { url: 'http://127.0.0.1:9/cyswllt-atomic-hook' } }),
    events: ['webhook.subscribed'],
  },
  unsubscribeStatusChanges: {
    // The school's system, subscribed in the set-up below.
    handle: 'school.cardiff',
    query: registered('UnsubscribeStatusChanges'),
    variables: () => ({}),
    events: ['webhook.unsubscribed'],
  },
  pingWorkers: { handle: 'admin', query: 'mutation { pingWorkers { id status } }', variables: () => ({}), events: ['job.enqueued'] },
  recordConsentEvent: {
    handle: 'epc.cardiff',
    purpose: 'TRACKING',
    query: 'mutation ($input: RecordConsentEventInput!) { recordConsentEvent(input: $input) { id kind givenBy evidenceReference recordedBy } }',
    variables: (f) => ({
      input: { personId: f.consentPerson, kind: 'GIVEN', givenBy: 'YOUNG_PERSON', recipientKind: 'CAREERS_WALES', evidenceReference: 'atomic-consent' },
    }),
    events: ['consent.given'],
  },
  recordContactAttempt: {
    handle: 'epc.cardiff',
    purpose: 'UNKNOWN_RESOLUTION',
    query: `mutation ($input: RecordContactAttemptInput!) { recordContactAttempt(input: $input) { ${RESOLUTION} } }`,
    variables: (f) => ({ input: { personId: f.attemptPerson, method: 'HOME_VISIT', attemptedOn: daysAgo(1) } }),
    events: ['unknown.contact_attempted'],
  },
  recordTierAssessment: {
    handle: 'cw.adviser.cardiff',
    query: 'mutation ($input: RecordTierAssessmentInput!) { recordTierAssessment(input: $input) { id personId tier assessedOn } }',
    variables: (f) => ({ input: { personId: f.tierPerson, tier: 2, assessedOn: today(), tier2Reason: 'YOUNG_CARER' } }),
    events: ['tier.assessed'],
  },
  recordUnknownOutcome: {
    handle: 'epc.cardiff',
    purpose: 'UNKNOWN_RESOLUTION',
    query: `mutation ($input: RecordUnknownOutcomeInput!) { recordUnknownOutcome(input: $input) { ${RESOLUTION} } }`,
    // A closing outcome: the item leaves the worklist, and a retry with the key still gets this answer.
    variables: (f) => ({ input: { personId: f.outcomePerson, outcome: 'MOVED_OUT_OF_AREA' } }),
    events: ['unknown.resolved'],
  },
  rejectMatch: {
    handle: 'epc.cardiff',
    purpose: 'UNKNOWN_RESOLUTION',
    query: `mutation ($input: DecideMatchInput!) { rejectMatch(input: $input) { ${CANDIDATE} } }`,
    variables: (f) => ({ input: { candidateId: f.rejectPair } }),
    events: ['match.rejected'],
  },
  reopenUnknown: {
    handle: 'epc.cardiff',
    purpose: 'UNKNOWN_RESOLUTION',
    query: `mutation ($input: ReopenUnknownInput!) { reopenUnknown(input: $input) { ${RESOLUTION} } }`,
    // Once reopened, the reversed outcome no longer stands: a retry with the key still gets this answer.
    variables: (f) => ({ input: f.reopen }),
    events: ['unknown.reopened'],
  },
  retireSharingAgreement: {
    handle: 'ig.cardiff',
    query: 'mutation ($id: ID!) { retireSharingAgreement(id: $id, reason: "replaced") { id status } }',
    variables: (f) => ({ id: f.retiredAgreement }),
    events: ['agreement.retired'],
  },
  splitPerson: {
    handle: 'epc.cardiff',
    purpose: 'UNKNOWN_RESOLUTION',
    query: 'mutation ($input: SplitPersonInput!) { splitPerson(input: $input) { personId newPersonId decisionId } }',
    variables: (f) => ({ input: { personId: f.splitPerson.personId, sourceRecordIds: [f.splitPerson.collegeRecord], note: 'two people' } }),
    events: ['person.split'],
  },
  submitRecords: {
    handle: 'school.cardiff',
    // The school's system runs the registered operation (sent by its hash).
    query: registered('SubmitRecords'),
    variables: () => ({ input: { records: [{ partnerReference: 'ATOMIC-1', givenName: 'Elin', familyName: 'Rowlands', dateOfBirth: '2010-06-01' }] } }),
    events: ['import.opened', 'record.received', 'import.sealed'],
  },
  suspendSharingAgreement: {
    handle: 'ig.cardiff',
    query: 'mutation ($id: ID!) { suspendSharingAgreement(id: $id, reason: "under review") { id status } }',
    variables: (f) => ({ id: f.activeAgreement }),
    events: ['agreement.party_suspended'],
  },
};

function agreementInput(reference: string): Record<string, unknown> {
  return {
    reference,
    kind: 'DDA',
    title: 'Atomic writes',
    lawfulBasis: 'PUBLIC_TASK',
    purposes: ['TRACKING'],
    partyCodes: [ORG.cardiffVoluntary, ORG.cardiffLa],
    effectiveFrom: '2026-01-01',
    reviewBy: '2030-01-01',
    clauses: [{ providerOrganisationCode: ORG.cardiffVoluntary, recipientOrganisationCode: ORG.cardiffLa, categories: ['IDENTITY'], purposes: ['TRACKING'] }],
  };
}

describe('every mutation is all or nothing with its access-log rows, checked first, and done once per Idempotency-Key', () => {
  let t: TestApi;
  let denied: TestApi;
  let role: AuditDeniedRole;
  let f: Fixtures;
  const tokens: Record<string, string> = {};
  const run = randomUUID().slice(0, 8);
  const keyOf = (field: string): string => `atomic-${field}-${run}`;
  /** Each mutation's first answer, with the log writable (the retries below must get the same). */
  const firstAnswers: Record<string, unknown> = {};

  const send = (api: TestApi, field: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) => {
    const c = MUTATIONS[field]!;
    return gql<Record<string, Record<string, unknown>>>(api.url, c.query, {
      token: tokens[c.handle],
      ...(c.purpose ? { purpose: c.purpose } : {}),
      variables: variables ?? c.variables(f),
      headers,
    });
  };
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => ((await t.infra.ds.query(sql, params)) as [T])[0];
  /** Row counts of every table of the public schema (a partitioned table counted once, with its partitions). */
  const snapshot = async (): Promise<Record<string, number>> => {
    const tables = (await t.infra.ds.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
    )) as Array<{ name: string }>;
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = (await one<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`)).n;
    return counts;
  };
  const reviewPair = async (a: string, b: string): Promise<string> => {
    const [x, y] = a < b ? [a, b] : [b, a];
    return (
      await one<{ id: string }>(
        `INSERT INTO match_candidate (record_a_id, record_b_id, version_a, version_b, rule, levels, weights, prior, total_weight, probability, status)
         VALUES ($1, $2, 1, 1, 'SCORED', '{}', '{}', -10, -2, 0.2, 'REVIEW') RETURNING id`,
        [x, y],
      )
    ).id;
  };
  /** Two Cardiff records, each its own person, waiting in the review queue as a pair. */
  const newPair = async (name: string): Promise<{ pair: string; records: string[] }> => {
    const a = await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffSchool, givenName: name, dateOfBirth: birthdayIn(15) }]);
    const b = await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffCollege, givenName: name, dateOfBirth: birthdayIn(15) }]);
    return { pair: await reviewPair(a.recordIds[0]!, b.recordIds[0]!), records: [a.recordIds[0]!, b.recordIds[0]!] };
  };
  const draft = async (reference: string): Promise<string> => {
    const res = await gql<{ draftSharingAgreement: { id: string } }>(
      t.url,
      'mutation ($input: DraftSharingAgreementInput!) { draftSharingAgreement(input: $input) { id } }',
      { token: tokens['ig.cardiff'], variables: { input: agreementInput(reference) } },
    );
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.draftSharingAgreement.id;
  };

  beforeAll(async () => {
    t = await startTestApi();
    role = await createAuditDeniedRole('no_mutation_audit');
    denied = await startTestApi({ DATABASE_URL: role.url });
    for (const h of new Set(Object.values(MUTATIONS).map((c) => c.handle))) tokens[h] = await tokenFor(t.infra, h);

    const consent = await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffSchool, dateOfBirth: birthdayIn(17, 40) }]);
    const tier = await createPerson(t.infra.ds, [{ providerCode: ORG.careersWales }]);
    const merged = await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffSchool }, { providerCode: ORG.cardiffCollege }]);
    /** A Cardiff school's pupil whose school record now gives a Caernarfon address: a transfer awaiting Gwynedd. */
    const moving = async (): Promise<string> => {
      const mover = await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffSchool, givenName: 'Ianto' }]);
      await t.infra.ds.query(`UPDATE source_record SET postcode = 'LL55 2BB', received_at = now() WHERE id = $1`, [mover.recordIds[0]]);
      return (await one<{ id: string }>(`SELECT id FROM la_transfer WHERE person_id = $1 AND status = 'OPEN'`, [mover.personId])).id;
    };
    const transfer = await moving();
    const reference = `DDA-ATOMIC-${run.toUpperCase()}`;
    const activeAgreement = await draft(`${reference}-ACTIVE`);
    const activated = await gql(t.url, 'mutation ($id: ID!) { activateSharingAgreement(id: $id) { status } }', {
      token: tokens['ig.cardiff'],
      variables: { id: activeAgreement },
    });
    expect(activated.body.errors).toBeUndefined();
    // A Cardiff college's learner known to Careers Wales: one to notify about, one notified already (open).
    const learner = async (): Promise<string> => {
      const { recordIds } = await createPerson(t.infra.ds, [
        { providerCode: ORG.cardiffCollege, payload: { EDUCATION_ENROLMENT: { status: 'ENROLLED', course: 'Level 2 Plumbing' } } },
        { providerCode: ORG.careersWales, payload: { CAREERS_GUIDANCE: { interviewCount: 1 } } },
      ]);
      return (await one<{ partner_reference: string }>('SELECT partner_reference FROM source_record WHERE id = $1', [recordIds[0]])).partner_reference;
    };
    const notified = await gql<{ notifyDropOut: { id: string } }>(t.url, NOTIFY, {
      token: await tokenFor(t.infra, 'college.cardiff'),
      purpose: 'TRACKING',
      variables: { input: { partnerReference: await learner(), reason: 'LEFT_FOR_EMPLOYMENT', leftOn: daysAgo(10) } },
    });
    expect(notified.body.errors).toBeUndefined();
    // Seventeen-year-olds who left a Cardiff school, in tier 1 with Careers Wales: on Cardiff's worklist.
    const unknown = async (): Promise<string> => {
      const dob = birthdayIn(17, -10);
      return (
        await createPerson(t.infra.ds, [
          { providerCode: ORG.cardiffSchool, dateOfBirth: dob, payload: { EDUCATION_ENROLMENT: { yearGroup: 11, status: 'LEFT', leftOn: daysAgo(150) } } },
          { providerCode: ORG.careersWales, dateOfBirth: dob, payload: { TIER_STATUS: { tier: 1, assessedOn: daysAgo(30) } } },
        ])
      ).personId;
    };
    const reopenPerson = await unknown();
    const standing = await gql<{ recordUnknownOutcome: { id: string } }>(t.url, MUTATIONS['recordUnknownOutcome']!.query, {
      token: tokens['epc.cardiff'],
      purpose: 'UNKNOWN_RESOLUTION',
      variables: { input: { personId: reopenPerson, outcome: 'LEFT_WALES' } },
    });
    expect(standing.body.errors).toBeUndefined();
    // Partner credentials and webhooks: a key to register and one to revoke; the school's system subscribed.
    const jwkOf = async (): Promise<Record<string, unknown>> => ({
      ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey)),
      kid: `atomic-${randomUUID()}`,
    });
    const toRevoke = await gql<{ registerPartnerKey: { id: string } }>(t.url, MUTATIONS['registerPartnerKey']!.query, {
      token: tokens['admin'],
      variables: { input: { principalHandle: 'college.cardiff-west', jwk: await jwkOf() } },
    });
    expect(toRevoke.body.errors).toBeUndefined();
    const subscribed = await gql(t.url, MUTATIONS['subscribeStatusChanges']!.query, {
      token: tokens['school.cardiff'],
      purpose: 'TRACKING',
      variables: { input: { url: 'http://127.0.0.1:9/cyswllt-atomic-school' } },
    });
    expect(subscribed.body.errors).toBeUndefined();
    f = {
      partnerJwk: await jwkOf(),
      partnerKeyToRevoke: toRevoke.body.data!.registerPartnerKey.id,
      dropOutLearner: await learner(),
      openNotification: notified.body.data!.notifyDropOut.id,
      attemptPerson: await unknown(),
      outcomePerson: await unknown(),
      reopen: { personId: reopenPerson, eventId: standing.body.data!.recordUnknownOutcome.id },
      consentPerson: consent.personId,
      tierPerson: tier.personId,
      splitPerson: { personId: merged.personId, collegeRecord: merged.recordIds[1]! },
      confirmPair: (await newPair('Llinos')).pair,
      rejectPair: (await newPair('Heledd')).pair,
      draftAgreement: await draft(`${reference}-DRAFT`),
      activeAgreement,
      retiredAgreement: await draft(`${reference}-RETIRED`),
      reference,
      transfer,
      declinable: await moving(),
      withdrawable: await moving(),
    };
  });
  afterAll(async () => {
    await denied.close();
    await role.drop();
    await t.close();
  });

  it('the table holds every mutation of the schema', async () => {
    const fields = Object.keys((await getSchema()).getMutationType()!.getFields()).sort();
    expect(Object.keys(MUTATIONS).sort()).toEqual(fields);
  });

  it('with the access log unwritable, no mutation leaves a trace in any table: each answers 503 AUDIT_UNAVAILABLE', async () => {
    const before = await snapshot();
    const [head] = (await t.infra.ds.query('SELECT seq FROM access_chain_head')) as [{ seq: string }];
    for (const field of Object.keys(MUTATIONS)) {
      // With the key the retry below will send: a request that changed nothing does not take its key.
      const res = await send(denied, field, { 'idempotency-key': keyOf(field) });
      expect([field, res.status, res.body.data ?? null, res.body.errors]).toEqual([field, 503, null, [AUDIT_UNAVAILABLE]]);
    }
    expect(await snapshot()).toEqual(before);
    expect((await t.infra.ds.query('SELECT seq FROM access_chain_head')) as unknown).toEqual([head]);
  });

  it('with the log writable, each mutation succeeds and its change rows commit in the transaction that takes its key', async () => {
    for (const [field, c] of Object.entries(MUTATIONS)) {
      const res = await send(t, field, { 'idempotency-key': keyOf(field) });
      const requestId = requestIdOf(res);
      expect([field, res.status, res.body.errors]).toEqual([field, 200, undefined]);
      expect(res.headers.get('idempotent-replayed')).toBeNull();
      firstAnswers[field] = res.body.data;
      const logged = (await t.infra.ds.query(
        `SELECT event, xmin::text AS xmin FROM access_event WHERE request_id = $1 AND event <> 'person.read' ORDER BY seq`,
        [requestId],
      )) as Array<{ event: string; xmin: string }>;
      expect([field, [...new Set(logged.map((r) => r.event))]]).toEqual([field, c.events]);
      const key = await one<{ xmin: string; operation: string; result: unknown }>(
        'SELECT xmin::text AS xmin, operation, result FROM idempotency_key WHERE key = $1',
        [keyOf(field)],
      );
      expect(key.operation).toBe(field);
      // One transaction: the change's rows and the key's row were written together.
      expect([field, new Set(logged.map((r) => r.xmin))]).toEqual([field, new Set([key.xmin])]);
      // The key keeps ids, never a personal value sent in the request.
      expect(JSON.stringify(key.result)).not.toMatch(/Elin|Rowlands|2010-06-01|atomic-consent|same young person|Ianto|gwynedd/);
    }
  });

  it('a retry with the same Idempotency-Key does nothing again: the same answer, no new row anywhere but one replay row in the log', async () => {
    expect(Object.keys(firstAnswers).sort()).toEqual(Object.keys(MUTATIONS).sort()); // the test above ran them once
    const before = await snapshot();
    for (const field of Object.keys(MUTATIONS)) {
      const res = await send(t, field, { 'idempotency-key': keyOf(field) });
      const requestId = requestIdOf(res);
      expect([field, res.status, res.body.errors]).toEqual([field, 200, undefined]);
      expect([field, res.body.data]).toEqual([field, firstAnswers[field]]);
      expect(res.headers.get('idempotent-replayed')).toBe('true');
      const logged = (await t.infra.ds.query(
        `SELECT event, outcome, details FROM access_event WHERE request_id = $1 AND event <> 'person.read'`,
        [requestId],
      )) as Array<{ event: string; outcome: string; details: string }>;
      expect(logged.map((r) => [r.event, r.outcome])).toEqual([['request.replayed', 'NONE']]);
      expect(JSON.parse(logged[0]!.details)).toMatchObject({ operation: field });
    }
    const after = await snapshot();
    expect({ ...after, access_event: 0 }).toEqual({ ...before, access_event: 0 }); // one decision, one consent event, one import …
    expect(after['access_event']).toBeGreaterThan(before['access_event']!);
  });

  it('concurrent retries with one key run once: one consent event, every answer the same event', async () => {
    const events = async (): Promise<number> =>
      (await one<{ n: number }>(`SELECT count(*)::int AS n FROM consent_event WHERE person_id = $1`, [f.consentPerson])).n;
    const before = await events();
    const answers = await Promise.all(Array.from({ length: 6 }, () => send(t, 'recordConsentEvent', { 'idempotency-key': keyOf('concurrent') })));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((a) => a.body.data!['recordConsentEvent']!['id'])).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
    expect(await events()).toBe(before + 1);
  });

  it('the same key with a different request is refused with 422 IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
    const key = { 'idempotency-key': keyOf('reused') };
    const first = await send(t, 'recordConsentEvent', key);
    expect(first.status).toBe(200);
    const before = await snapshot();
    const input = (MUTATIONS['recordConsentEvent']!.variables(f) as { input: Record<string, unknown> }).input;
    const other = await send(t, 'recordConsentEvent', key, { input: { ...input, kind: 'REFUSED' } });
    const another = await send(t, 'rejectMatch', key); // the same principal's key, on another mutation
    for (const res of [other, another]) {
      expect(res.status).toBe(422);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_REQUEST', reason: 'IDEMPOTENCY_KEY_REUSED' });
      expect(res.body.errors?.[0]?.message).toMatch(/IDEMPOTENCY_KEY_REUSED/);
    }
    expect(await snapshot()).toEqual(before);
    // Another principal's key of the same name is its own.
    const tier = await send(t, 'recordTierAssessment', { 'idempotency-key': keyOf('reused') });
    expect(tier.body.errors).toBeUndefined();

    // A day on, the key is forgotten: it may guard a new request, and keys past their day are cleared away.
    await t.infra.ds.query(`UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE key = $1`, [keyOf('reused')]);
    await t.infra.ds.query(
      `INSERT INTO idempotency_key (principal_id, key, operation, request_hash, request_id, expires_at)
       SELECT id, $1, 'pingWorkers', repeat('0', 64), 'old', now() - interval '1 day' FROM principal WHERE handle = 'admin'`,
      [keyOf('stale')],
    );
    const fresh = await send(t, 'recordConsentEvent', key, { input: { ...input, kind: 'REFUSED' } });
    expect(fresh.body.errors).toBeUndefined();
    expect(fresh.body.data!['recordConsentEvent']).toMatchObject({ kind: 'REFUSED' });
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(await t.infra.ds.query('SELECT key FROM idempotency_key WHERE key = $1', [keyOf('stale')])).toEqual([]);
  });

  it('refuses a malformed key, and one key over two mutations, before anything runs', async () => {
    const before = await snapshot();
    for (const bad of ['', 'x'.repeat(101), 'has space', 'ünïcode', 'a/b']) {
      const res = await send(t, 'recordTierAssessment', { 'idempotency-key': bad });
      expect([bad, res.status, res.body.errors?.[0]?.extensions?.['code']]).toEqual([bad, 400, 'BAD_REQUEST']);
    }
    const two = await gql(t.url, 'mutation ($id: ID!) { a: retireSharingAgreement(id: $id) { id } b: retireSharingAgreement(id: $id) { id } }', {
      token: tokens['ig.cardiff'],
      variables: { id: f.draftAgreement },
      headers: { 'idempotency-key': keyOf('two') },
    });
    expect(two.status).toBe(400);
    expect(two.body.errors?.[0]?.message).toMatch(/one key guards one mutation/);
    expect(await snapshot()).toEqual(before);
    // A query's key is ignored: queries change nothing.
    const query = await gql(t.url, '{ me { handle } }', { token: tokens['ig.cardiff'], headers: { 'idempotency-key': 'x y' } });
    expect(query.body.errors).toBeUndefined();
  });

  it('confirmMatch with no purpose or a forbidden one changes nothing; with its purpose it merges once, and again is the same decision', async () => {
    const { pair, records } = await newPair('Angharad');
    const personsOf = async (): Promise<number> =>
      (await one<{ n: number }>('SELECT count(DISTINCT person_id)::int AS n FROM source_record WHERE id = ANY($1)', [records])).n;
    const confirm = (purpose?: string) =>
      gql<{ confirmMatch: { id: string; status: string; decisions: Array<{ kind: string }> } }>(
        t.url,
        `mutation ($input: DecideMatchInput!) { confirmMatch(input: $input) { ${CANDIDATE} } }`,
        { token: tokens['epc.cardiff'], ...(purpose ? { purpose } : {}), variables: { input: { candidateId: pair } } },
      );
    const before = await snapshot();
    const none = await confirm();
    expect(none.body.errors?.[0]?.extensions?.['code']).toBe('BAD_REQUEST');
    expect(none.body.errors?.[0]?.message).toMatch(/X-Purpose/);
    const forbidden = await confirm('ADMISSIONS'); // an EPC never declares admissions
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(forbidden.body.data ?? null).toBeNull();
    // Nothing changed: no decision, no merge, no constraint; only the refusal is in the log.
    expect({ ...(await snapshot()), access_event: 0 }).toEqual({ ...before, access_event: 0 });
    expect(await personsOf()).toBe(2);

    const ok = await confirm('LINKAGE');
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.confirmMatch.decisions.map((d) => d.kind)).toEqual(['CONFIRM']);
    expect(await personsOf()).toBe(1);
    // Confirmed again (a retry without a key, or a second EPC): the decision that stands, not a second one.
    const afterFirst = await snapshot();
    const again = await confirm('LINKAGE');
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data!.confirmMatch).toEqual(ok.body.data!.confirmMatch);
    expect({ ...(await snapshot()), access_event: 0 }).toEqual({ ...afterFirst, access_event: 0 });
  });

  it('a mutation declaring a purpose its role may not use is refused before it runs (403), and the refusal is logged', async () => {
    const before = await snapshot();
    const res = await gql(t.url, MUTATIONS['submitRecords']!.query, {
      token: tokens['school.cardiff'],
      purpose: 'ADMISSIONS', // a school's system never declares admissions
      variables: { input: { records: [{ partnerReference: 'ATOMIC-ADM', givenName: 'Bethan', familyName: 'Huws' }] } },
    });
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(res.body.errors?.[0]?.message).toMatch(/may not use purpose ADMISSIONS \(ROLE_NOT_PERMITTED\)/);
    expect({ ...(await snapshot()), access_event: 0 }).toEqual({ ...before, access_event: 0 });
    const logged = (await t.infra.ds.query(`SELECT event, purpose, details FROM access_event WHERE request_id = $1`, [requestIdOf(res)])) as unknown[];
    expect(logged).toEqual([{ event: 'operation.refused', purpose: 'ADMISSIONS', details: '{"refused":"ROLE_NOT_PERMITTED"}' }]);
  });

  it('deciding a decided pair the other way is BAD_USER_INPUT unless it overrules the decision on purpose', async () => {
    const { pair, records } = await newPair('Gwenllian');
    const decide = (field: 'confirmMatch' | 'rejectMatch', overrule?: boolean) =>
      gql<Record<string, { status: string; decisions: Array<{ kind: string }> }>>(
        t.url,
        `mutation ($input: DecideMatchInput!) { ${field}(input: $input) { status decisions { kind } } }`,
        { token: tokens['epc.cardiff'], purpose: 'LINKAGE', variables: { input: { candidateId: pair, ...(overrule ? { overrule } : {}) } } },
      );
    expect((await decide('rejectMatch')).body.data!['rejectMatch']!.status).toBe('REJECTED');
    const before = await snapshot();
    const flipped = await decide('confirmMatch');
    expect(flipped.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'overrule' });
    expect(flipped.body.errors?.[0]?.message).toMatch(/already REJECTED.*overrule: true/);
    expect({ ...(await snapshot()), access_event: 0 }).toEqual({ ...before, access_event: 0 });

    const overruled = await decide('confirmMatch', true);
    expect(overruled.body.data!['confirmMatch']).toEqual({ status: 'CONFIRMED', decisions: [{ kind: 'REJECT' }, { kind: 'CONFIRM' }] });
    const persons = await one<{ n: number }>('SELECT count(DISTINCT person_id)::int AS n FROM source_record WHERE id = ANY($1)', [records]);
    expect(persons.n).toBe(1);
    const [logged] = (await t.infra.ds.query(
      `SELECT details FROM access_event WHERE event = 'match.confirmed' AND details::jsonb->>'candidateId' = $1`,
      [pair],
    )) as Array<{ details: string }>;
    expect(JSON.parse(logged!.details)).toMatchObject({ overruled: 'REJECTED' });
  });
});
