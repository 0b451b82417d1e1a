import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import type { IdentityFields } from '../src/modules/sources/identity-fields.js';
import type { CategorisedPayload } from '../src/modules/sources/source-record.entity.js';
import { SIGNATURE_HEADER, verifyWebhook } from '../src/modules/status-changes/webhook-signature.js';
import { birthdayIn } from './support/factories.js';
import { gql, requestIdOf, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { ownerDataSource } from './support/owner-db.js';
import { registered } from './support/registered.js';
import { startWorkerProcess, waitFor } from './support/worker.js';
import { clearWorlds, daysAgo, loadOrgs, loadWorld, personId, PROVIDER_CODES, recordId, type OrgFacts, type World, type WorldRecord } from './support/worlds.js';

// The change feed over HTTP (docs/partners.md): statusChanges lists, for a partner's own learners only, the changes
// the sharing rules release to it; webhooks deliver the same changes (ids and kinds only), signed, through the real
// worker, retried until the receiver takes them and otherwise put on the partner's dead-letter list.

const FEED = registered('StatusChanges');
const NOTIFY = registered('NotifyDropOut');
const ASSESS = registered('RecordTierAssessment');
const SUBSCRIBE = registered('SubscribeStatusChanges');
const UNSUBSCRIBE = registered('UnsubscribeStatusChanges');
const SUBSCRIPTION = registered('WebhookSubscription');
const DEAD = registered('WebhookDeadLetters');

interface Change {
  id: string;
  reference: string;
  personId: string;
  kind: string;
  occurredAt: string;
  cursor: string;
}
interface Page {
  changes: Change[];
  endCursor: string;
  hasMore: boolean;
}

const DOB = birthdayIn(17, 40);
const ULN = ['1000000019', '1000000027'] as const;

function identity(uln: string | null): IdentityFields {
  return {
    givenName: 'Ffion', middleNames: null, familyName: 'Prys', dateOfBirth: DOB, sex: 'F', upn: null, uln,
    otherIdentifier: null, postcode: 'CF10 1AA', addressLine: null, locality: 'Cardiff', email: null, phone: null,
  };
}

function rec(person: number, slot: number, providerCode: string, reference: string, payload: CategorisedPayload, uln: string | null = null): WorldRecord {
  return { id: recordId(person, slot), personId: personId(person), providerCode, partnerReference: reference, identity: identity(uln), payload, version: 1, receivedAt: new Date(Date.parse(`${daysAgo(1)}T08:00:00Z`) + slot * 3_600_000).toISOString() };
}

/**
 * Person 0: the Cardiff college's learner, known to Careers Wales too (CW's learner). Person 1: a pupil of the
 * school only, of whom neither Careers Wales nor the college supplied anything.
 */
function world(): World {
  return {
    people: [personId(0), personId(1)],
    records: [
      rec(0, 0, ORG.cardiffCollege, 'SC-COL-0', { EDUCATION_ENROLMENT: { status: 'ENROLLED', startDate: daysAgo(30) } }, ULN[0]),
      rec(0, 1, ORG.careersWales, 'SC-CW-0', { CAREERS_GUIDANCE: { adviser: 'CW' } }, ULN[0]),
      rec(1, 0, ORG.cardiffSchool, 'SC-SCH-1', { EDUCATION_ENROLMENT: { status: 'ENROLLED', startDate: daysAgo(300) } }, ULN[1]),
    ],
    tiers: [],
    consents: [],
    links: [{ recordA: recordId(0, 0), recordB: recordId(0, 1), rule: 'ULN', status: 'LINKED' }],
  };
}

/** A local webhook receiver: answers each delivery's first `failFirst` attempts with 500, then 200 (or always `always`). */
function receiver(options: { failFirst?: number; always?: number } = {}) {
  const received: Array<{ delivery: string; signature: string | undefined; body: string; answered: number }> = [];
  const attempts = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const delivery = String(req.headers['cyswllt-delivery']);
      const n = (attempts.get(delivery) ?? 0) + 1;
      attempts.set(delivery, n);
      const answered = options.always ?? (n <= (options.failFirst ?? 0) ? 500 : 200);
      received.push({ delivery, signature: req.headers[SIGNATURE_HEADER] as string | undefined, body, answered });
      res.statusCode = answered;
      res.end();
    });
  });
  return {
    received,
    async start(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/cyswllt`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('change feed and webhooks for partners’ own learners', { timeout: 180_000 }, () => {
  let t: TestApi;
  let owner: DataSource;
  let orgs: Map<string, OrgFacts>;
  let recorder: string;
  const tokens: Record<string, string> = {};
  const token = async (handle: string): Promise<string> => (tokens[handle] ??= await tokenFor(t.infra, handle, '1h'));

  const feed = async (handle: string, after: string | null, purpose = 'TRACKING') =>
    gql<{ statusChanges: Page }>(t.url, FEED, { token: await token(handle), purpose, variables: { after, first: 50 } });
  /** The cursor at the end of the feed now. */
  const head = async (handle: string): Promise<string> => {
    let after: string | null = null;
    for (;;) {
      const page: Page = (await feed(handle, after)).body.data!.statusChanges;
      after = page.endCursor;
      if (!page.hasMore) return after;
    }
  };
  /** Every change after `after`, once `until` holds of them (transactions still running hold the feed back). */
  const changesAfter = async (handle: string, after: string, until: (c: Change[]) => boolean): Promise<Change[]> => {
    let seen: Change[] = [];
    const ok = await waitFor(async () => {
      const res = await feed(handle, after);
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      seen = res.body.data!.statusChanges.changes;
      return until(seen);
    }, 20_000);
    expect(ok, JSON.stringify(seen)).toBe(true);
    return seen;
  };
  const notify = async (handle: string, reference: string) => {
    const res = await gql<{ notifyDropOut: { id: string } }>(t.url, NOTIFY, {
      token: await token(handle),
      purpose: 'TRACKING',
      variables: { input: { partnerReference: reference, reason: 'LEFT_NON_ATTENDANCE', leftOn: daysAgo(5) } },
    });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data!.notifyDropOut.id;
  };
  const assess = async (person: string, tier: number) => {
    const res = await gql(t.url, ASSESS, { token: await token('cw.system'), purpose: 'TRACKING', variables: { input: { personId: person, tier, assessedOn: daysAgo(0) } } });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  };
  const load = async (w: World): Promise<void> => {
    await owner.query(`DELETE FROM dropout_notification WHERE source_record_id IN (SELECT id FROM source_record WHERE person_id = ANY($1))`, [[personId(0), personId(1)]]);
    await clearWorlds(owner);
    await loadWorld(t.infra.ds, w, orgs, recorder);
  };
  const shape = (changes: Change[]) => changes.map((c) => ({ reference: c.reference, personId: c.personId, kind: c.kind }));

  beforeAll(async () => {
    t = await startTestApi();
    owner = await ownerDataSource(1);
    orgs = await loadOrgs(t.infra.ds, PROVIDER_CODES);
    [{ id: recorder }] = (await t.infra.ds.query(`SELECT id FROM principal WHERE handle = 'admin'`)) as [{ id: string }];
    await owner.query(`DELETE FROM webhook_subscription`);
  });
  afterAll(async () => {
    await owner.query(`DELETE FROM webhook_subscription`);
    await owner.query(`DELETE FROM dropout_notification WHERE source_record_id IN (SELECT id FROM source_record WHERE person_id = ANY($1))`, [[personId(0), personId(1)]]);
    await clearWorlds(owner);
    await owner.destroy();
    await t.close();
  });

  it("shows Careers Wales the college's drop-out notification and its own tier change about its learner; the college sees its notification but not the tier", async () => {
    await load(world());
    const cwStart = await head('cw.system');
    const collegeStart = await head('college.cardiff');
    await notify('college.cardiff', 'SC-COL-0');
    await assess(personId(0), 3);

    const cw = await changesAfter('cw.system', cwStart, (c) => c.length >= 2);
    expect(shape(cw)).toEqual([
      { reference: 'SC-CW-0', personId: personId(0), kind: 'DROP_OUT_NOTIFICATION' },
      { reference: 'SC-CW-0', personId: personId(0), kind: 'ASSESSMENT' },
    ]);
    // Careers Wales's assessment is its TIER_STATUS, which the regional ISP does not give a college.
    const college = await changesAfter('college.cardiff', collegeStart, (c) => c.length >= 1);
    expect(shape(college)).toEqual([{ reference: 'SC-COL-0', personId: personId(0), kind: 'DROP_OUT_NOTIFICATION' }]);

    // Paging on from a change's cursor gives what follows it, and the read is in the access log (one row for the person).
    const rest = await feed('cw.system', cw[0]!.cursor);
    expect(shape(rest.body.data!.statusChanges.changes)).toEqual([shape(cw)[1]]);
    const rows = (await t.infra.ds.query(`SELECT event, person_id, released FROM access_event WHERE request_id = $1`, [requestIdOf(rest)])) as Array<{
      event: string;
      person_id: string;
      released: string[];
    }>;
    expect(rows).toEqual([{ event: 'person.read', person_id: personId(0), released: ['TIER_STATUS.statusChange@0'] }]);
    // No purpose, no feed; a malformed cursor is refused by name.
    const noPurpose = await gql(t.url, FEED, { token: await token('cw.system'), variables: {} });
    expect(noPurpose.body.errors?.[0]?.extensions, JSON.stringify(noPurpose.body)).toMatchObject({ code: 'BAD_REQUEST' });
    expect(noPurpose.status).toBe(400);
    expect((await feed('cw.system', 'not-a-cursor')).body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  });

  it('a partner never learns of changes about people it did not supply: two worlds differing only in those look the same', async () => {
    const observe = async (others: boolean) => {
      await load(world());
      const start = { cw: await head('cw.system'), west: await head('college.cardiff-west'), school: await head('school.cardiff') };
      if (others) {
        // The school's pupil (not Careers Wales's learner, nor the other college's) drops out; the school sees its own.
        await notify('school.cardiff', 'SC-SCH-1');
        expect(shape(await changesAfter('school.cardiff', start.school, (c) => c.length >= 1))).toEqual([
          { reference: 'SC-SCH-1', personId: personId(1), kind: 'DROP_OUT_NOTIFICATION' },
        ]);
      }
      await notify('college.cardiff', 'SC-COL-0');
      const cw = await changesAfter('cw.system', start.cw, (c) => c.length >= 1);
      const west = (await feed('college.cardiff-west', start.west)).body.data!.statusChanges;
      return { cw: shape(cw), west: { changes: west.changes, hasMore: west.hasMore } };
    };
    const withOthers = await observe(true);
    const without = await observe(false);
    expect(withOthers.cw).toEqual([{ reference: 'SC-CW-0', personId: personId(0), kind: 'DROP_OUT_NOTIFICATION' }]);
    expect(without.cw).toEqual(withOthers.cw);
    expect(without.west).toEqual(withOthers.west);
    expect(withOthers.west).toEqual({ changes: [], hasMore: false });
  });

  it('webhooks: a delivery refused twice arrives once, signed; one never taken is on the dead-letter list; bodies carry ids and kinds only', async () => {
    await load(world());
    const ok = receiver({ failFirst: 2 });
    const broken = receiver({ always: 503 });
    let worker: { child: ChildProcess; output: () => string } | undefined;
    try {
      const okUrl = await ok.start();
      const brokenUrl = await broken.start();
      const sub = await gql<{ subscribeStatusChanges: { url: string; purpose: string; secret: string } }>(t.url, SUBSCRIBE, {
        token: await token('cw.system'),
        purpose: 'TRACKING',
        variables: { input: { url: okUrl } },
      });
      expect(sub.body.errors, JSON.stringify(sub.body.errors)).toBeUndefined();
      const { secret } = sub.body.data!.subscribeStatusChanges;
      expect(secret).toMatch(/^whsec_/);
      expect((await t.infra.ds.query(`SELECT event FROM access_event WHERE request_id = $1`, [requestIdOf(sub)])) as unknown[]).toEqual([{ event: 'webhook.subscribed' }]);
      const shown = await gql<{ webhookSubscription: Record<string, unknown> }>(t.url, SUBSCRIPTION, { token: await token('cw.system') });
      expect(shown.body.data?.webhookSubscription).toEqual({ url: okUrl, purpose: 'TRACKING', createdAt: expect.any(String) });
      const collegeSub = await gql(t.url, SUBSCRIBE, { token: await token('college.cardiff'), purpose: 'TRACKING', variables: { input: { url: brokenUrl } } });
      expect(collegeSub.body.errors).toBeUndefined();

      worker = await startWorkerProcess({ WEBHOOK_DISPATCH_INTERVAL_MS: '200', WEBHOOK_BACKOFF_MS: '100', WEBHOOK_ATTEMPTS: '4' });
      await notify('college.cardiff', 'SC-COL-0');

      // Careers Wales's receiver: two 500s, then taken.
      const taken = () => ok.received.filter((r) => r.answered === 200);
      expect(await waitFor(async () => taken().length >= 1, 60_000), worker.output()).toBe(true);
      const first = taken()[0]!;
      expect(ok.received.filter((r) => r.delivery === first.delivery).map((r) => r.answered)).toEqual([500, 500, 200]);
      expect(verifyWebhook(secret, first.body, first.signature)).toBe(true);
      expect(verifyWebhook(secret, `${first.body} `, first.signature)).toBe(false);
      expect(verifyWebhook('whsec_another', first.body, first.signature)).toBe(false);
      const body = JSON.parse(first.body) as Record<string, unknown>;
      expect(body).toEqual({ deliveryId: first.delivery, type: 'status_change', change: { id: expect.any(String), kind: 'DROP_OUT_NOTIFICATION', occurredAt: expect.any(String) } });
      expect(first.body).not.toMatch(/SC-|Ffion|Prys|1000000019/);

      // Another change is delivered after it; the first has still arrived exactly once.
      await assess(personId(0), 3);
      expect(await waitFor(async () => taken().length >= 2, 60_000), worker.output()).toBe(true);
      expect(taken().filter((r) => r.delivery === first.delivery)).toHaveLength(1);
      expect(JSON.parse(taken()[1]!.body)).toMatchObject({ change: { kind: 'ASSESSMENT' } });
      const [row] = (await t.infra.ds.query(`SELECT status, attempts FROM webhook_delivery WHERE id = $1`, [first.delivery])) as Array<{ status: string; attempts: number }>;
      expect(row).toEqual({ status: 'DELIVERED', attempts: 3 });

      // The college's receiver never takes its drop-out notification: after four attempts it is a dead letter.
      const dead = async () =>
        (await gql<{ webhookDeadLetters: Array<Record<string, unknown>> }>(t.url, DEAD, { token: await token('college.cardiff'), variables: { first: 10 } })).body.data!
          .webhookDeadLetters;
      expect(await waitFor(async () => (await dead()).length >= 1, 60_000), worker.output()).toBe(true);
      const [letter] = await dead();
      expect(letter).toMatchObject({ kind: 'DROP_OUT_NOTIFICATION', attempts: 4, lastFailure: 'HTTP_503' });
      expect(broken.received.filter((r) => r.delivery === letter!['deliveryId'])).toHaveLength(4);
      // Careers Wales's dead-letter list has none of the college's.
      expect((await gql<{ webhookDeadLetters: unknown[] }>(t.url, DEAD, { token: await token('cw.system'), variables: { first: 10 } })).body.data!.webhookDeadLetters).toEqual([]);
      // The college heard nothing of Careers Wales's assessment.
      expect(broken.received.every((r) => (JSON.parse(r.body) as WebhookBody).change.kind === 'DROP_OUT_NOTIFICATION')).toBe(true);

      const unsubscribed = await gql<{ unsubscribeStatusChanges: boolean }>(t.url, UNSUBSCRIBE, { token: await token('college.cardiff') });
      expect(unsubscribed.body.data?.unsubscribeStatusChanges).toBe(true);
    } finally {
      if (worker) {
        const exited = new Promise((r) => worker!.child.once('exit', r));
        worker.child.kill('SIGTERM');
        await exited;
      }
      await ok.close();
      await broken.close();
    }
  });
});

interface WebhookBody {
  change: { kind: string };
}
