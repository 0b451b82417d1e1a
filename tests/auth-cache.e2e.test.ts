import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES } from '../src/modules/organisations/organisations.data.js';
import { createPerson } from './support/factories.js';
import { gql, requestIdOf, startTestApi, tokenFor, type TestApi } from './support/harness.js';

const ME = '{ me { handle roles } }';
const PEOPLE = '{ youngPeople(first: 5) { edges { node { id sourceRecords { givenName } } } } }';
const SUSPEND = 'mutation ($id: ID!) { suspendSharingAgreement(id: $id, reason: "party review") { status } }';
const APPROVE = 'mutation ($id: ID!) { approveSharingAgreement(id: $id) { status } }';
const RETIRE = 'mutation ($id: ID!) { retireSharingAgreement(id: $id) { status } }';

// Authentication is cached per token and principal; these show both sides: the cached request is answered,
// and a principal revoked (or changed) since is refused on its very next request, before anything leaves.
describe('cached authentication', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
    await createPerson(t.infra.ds, [{ providerCode: DEMO_ORG_CODES.cardiffSchool, givenName: 'Cachedperson' }]);
  });
  afterAll(async () => {
    await t.infra.ds.query(`UPDATE principal SET active = true, roles = ARRAY['ADMIN'] WHERE handle = 'admin'`);
    await t.infra.ds.query(`UPDATE principal SET active = true WHERE handle IN ('epc.cardiff', 'wg.analyst')`);
    await t.close();
  });

  const loggedFor = async (requestId: string): Promise<number> => {
    const [row] = (await t.infra.ds.query('SELECT count(*)::int AS n FROM access_event WHERE request_id = $1', [requestId])) as [{ n: number }];
    return row.n;
  };

  it('answers a cached principal, and refuses it on the next request once deactivated, then answers again once reactivated', async () => {
    const token = await tokenFor(t.infra, 'wg.analyst');
    expect((await gql(t.url, ME, { token })).status).toBe(200);
    const cached = await gql<{ me: { handle: string } }>(t.url, ME, { token });
    expect(cached.status).toBe(200);
    expect(cached.body.data?.me.handle).toBe('wg.analyst');

    await t.infra.ds.query(`UPDATE principal SET active = false WHERE handle = 'wg.analyst'`);
    const refused = await gql(t.url, ME, { token });
    expect(refused.status).toBe(401);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(refused.body.errors?.[0]?.message).toMatch(/unknown or no longer active/);

    await t.infra.ds.query(`UPDATE principal SET active = true WHERE handle = 'wg.analyst'`);
    expect((await gql(t.url, ME, { token })).status).toBe(200);
  });

  it('sends no personal data, and writes no access-log row, to a principal revoked since its last request', async () => {
    const token = await tokenFor(t.infra, 'epc.cardiff');
    const before = await gql<{ youngPeople: { edges: unknown[] } }>(t.url, PEOPLE, { token, purpose: 'TRACKING' });
    expect(before.status).toBe(200);
    expect(before.body.data?.youngPeople.edges.length).toBeGreaterThan(0);
    expect(await loggedFor(requestIdOf(before))).toBeGreaterThan(0);

    await t.infra.ds.query(`UPDATE principal SET active = false WHERE handle = 'epc.cardiff'`);
    const after = await gql(t.url, PEOPLE, { token, purpose: 'TRACKING' });
    expect(after.status).toBe(401);
    expect(after.body.data ?? null).toBeNull();
    expect(JSON.stringify(after.body)).not.toMatch(/Cachedperson/);
    expect(await loggedFor(requestIdOf(after))).toBe(0);
    await t.infra.ds.query(`UPDATE principal SET active = true WHERE handle = 'epc.cardiff'`);
  });

  it('refuses a mutation by a principal revoked since its last request before it changes anything', async () => {
    const token = await tokenFor(t.infra, 'admin');
    expect((await gql(t.url, ME, { token })).status).toBe(200);
    const [agreement] = (await t.infra.ds.query(`SELECT id, status FROM sharing_agreement WHERE status = 'ACTIVE' ORDER BY reference LIMIT 1`)) as [
      { id: string; status: string },
    ];
    await t.infra.ds.query(`UPDATE principal SET active = false WHERE handle = 'admin'`);
    const res = await gql(t.url, RETIRE, { token, variables: { id: agreement.id } });
    await t.infra.ds.query(`UPDATE principal SET active = true WHERE handle = 'admin'`);
    expect(res.status).toBe(401);
    const [now] = (await t.infra.ds.query('SELECT status FROM sharing_agreement WHERE id = $1', [agreement.id])) as [{ status: string }];
    expect(now.status).toBe('ACTIVE');
  });

  it('takes a change of roles on the next request: refused once, then answered with the new roles', async () => {
    const token = await tokenFor(t.infra, 'admin');
    const first = await gql<{ me: { roles: string[] } }>(t.url, ME, { token });
    expect(first.body.data?.me.roles).toEqual(['ADMIN']);
    await t.infra.ds.query(`UPDATE principal SET roles = ARRAY['ADMIN', 'IG_OFFICER'] WHERE handle = 'admin'`);
    expect((await gql(t.url, ME, { token })).status).toBe(401);
    const again = await gql<{ me: { roles: string[] } }>(t.url, ME, { token });
    expect(again.status).toBe(200);
    expect(again.body.data?.me.roles).toEqual(['ADMIN', 'IG_OFFICER']);
    await t.infra.ds.query(`UPDATE principal SET roles = ARRAY['ADMIN'] WHERE handle = 'admin'`);
  });

  it('reads the person list under the current rules when the agreements changed since the principal was cached', async () => {
    const family = `Cachedfamily${Date.now().toString(36)}`;
    await createPerson(t.infra.ds, [{ providerCode: DEMO_ORG_CODES.cardiffSchool, familyName: family }]);
    const list = `{ youngPeople(first: 5, filter: { familyNamePrefix: "${family}" }) { edges { node { sourceRecords { familyName } } } } }`;
    const epc = await tokenFor(t.infra, 'epc.cardiff');
    const ig = await tokenFor(t.infra, 'ig.cardiff');
    const families = async (): Promise<string[]> => {
      const res = await gql<{ youngPeople: { edges: Array<{ node: { sourceRecords: Array<{ familyName: string | null }> } }> } }>(t.url, list, { token: epc, purpose: 'TRACKING' });
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      return res.body.data!.youngPeople.edges.flatMap((e) => e.node.sourceRecords.map((r) => r.familyName ?? ''));
    };
    const { body } = await gql<{ sharingAgreement: { id: string } }>(t.url, '{ sharingAgreement(reference: "ISP-YEPF-REGIONAL", version: 3) { id } }', { token: ig });
    const isp = body.data!.sharingAgreement.id;
    expect(await families()).toEqual([family]);
    // Cardiff suspends its part of the regional ISP: the school's record no longer reaches Cardiff's EPC.
    const suspended = await gql(t.url, SUSPEND, { token: ig, variables: { id: isp } });
    expect(suspended.body.errors, JSON.stringify(suspended.body.errors)).toBeUndefined();
    try {
      expect(await families()).toEqual([]);
    } finally {
      await gql(t.url, APPROVE, { token: ig, variables: { id: isp } });
    }
    expect(await families()).toEqual([family]);
  });
});
