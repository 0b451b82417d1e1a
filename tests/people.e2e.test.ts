import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES } from '../src/modules/organisations/organisations.data.js';
import { createPerson } from './support/factories.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';

const PERSON = `query ($id: ID!) { youngPerson(id: $id) { id sourceRecords { provider { code } partnerReference givenName familyName
  dateOfBirth upn tierStatus attendance } } }`;
const PAGE = `query ($first: Int!, $after: String, $filter: YoungPeopleFilter) {
  youngPeople(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id sourceRecords { familyName } } } } }`;

interface Page {
  youngPeople: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ cursor: string; node: { id: string; sourceRecords: Array<{ familyName: string }> } }>;
  };
}

describe('young people over HTTP', () => {
  let t: TestApi;
  let admin: string;
  const family = `Prys-${Date.now().toString(36)}`;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApi();
    admin = await tokenFor(t.infra, 'admin');
    for (let i = 0; i < 5; i++) {
      const { personId } = await createPerson(t.infra.ds, [
        { providerCode: DEMO_ORG_CODES.cardiffSchool, familyName: family, payload: { ATTENDANCE: { percent: 90 + i } } },
        { providerCode: DEMO_ORG_CODES.careersWales, familyName: family, payload: { TIER_STATUS: { tier: 5 - (i % 5) } } },
      ]);
      ids.push(personId);
    }
    ids.sort();
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives admin a person with every source record and its provenance', async () => {
    const res = await gql<{ youngPerson: { id: string; sourceRecords: Array<Record<string, unknown>> } }>(t.url, PERSON, {
      token: admin,
      purpose: 'TRACKING',
      variables: { id: ids[0] },
    });
    expect(res.body.errors).toBeUndefined();
    const records = res.body.data!.youngPerson.sourceRecords;
    expect(records.map((r) => (r['provider'] as { code: string }).code).sort()).toEqual(
      [DEMO_ORG_CODES.cardiffSchool, DEMO_ORG_CODES.careersWales].sort(),
    );
    const school = records.find((r) => (r['provider'] as { code: string }).code === DEMO_ORG_CODES.cardiffSchool)!;
    expect(school['familyName']).toBe(family);
    expect(school['attendance']).toMatchObject({ percent: expect.any(Number) });
    expect(school['tierStatus']).toBeNull();
  });

  it('pages through a filtered list with cursors, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: Awaited<ReturnType<typeof gql<Page>>> = await gql<Page>(t.url, PAGE, {
        token: admin,
      purpose: 'TRACKING',
        variables: { first: 2, after, filter: { familyNamePrefix: family.toLowerCase() } },
      });
      expect(res.body.errors).toBeUndefined();
      const page: Page['youngPeople'] = res.body.data!.youngPeople;
      expect(page.totalCount).toBe(5);
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
  });

  it('filters by LA area and by provider', async () => {
    const inCardiff = await gql<Page>(t.url, PAGE, {
      token: admin,
      purpose: 'TRACKING',
      variables: { first: 100, filter: { laCode: 'cardiff', familyNamePrefix: family } },
    });
    expect(inCardiff.body.data!.youngPeople.totalCount).toBe(5);
    const inGwynedd = await gql<Page>(t.url, PAGE, {
      token: admin,
      purpose: 'TRACKING',
      variables: { first: 100, filter: { laCode: 'gwynedd', familyNamePrefix: family } },
    });
    expect(inGwynedd.body.data!.youngPeople.totalCount).toBe(0);
  });

  it('names the bad argument when the page size or cursor is wrong', async () => {
    const big = await gql(t.url, PAGE, { token: admin,
      purpose: 'TRACKING', variables: { first: 101 } });
    expect(big.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
    const bad = await gql(t.url, PAGE, { token: admin,
      purpose: 'TRACKING', variables: { first: 5, after: 'bogus' } });
    expect(bad.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  });

  it('refuses personal data without a declared purpose, or with one the role may not use', async () => {
    const none = await gql(t.url, PERSON, { token: admin, variables: { id: ids[0] } });
    expect(none.body.data ?? null).toBeNull();
    expect(none.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(none.body.errors?.[0]?.message).toMatch(/X-Purpose/);

    const unknown = await gql(t.url, PERSON, { token: admin, purpose: 'CURIOSITY', variables: { id: ids[0] } });
    expect(unknown.body.data ?? null).toBeNull();
    expect(unknown.body.errors?.[0]?.message).toMatch(/"CURIOSITY" is not a purpose/);

    const epc = await tokenFor(t.infra, 'epc.cardiff');
    const wrongRole = await gql(t.url, PAGE, { token: epc, purpose: 'ADMISSIONS', variables: { first: 5 } });
    expect(wrongRole.body.data ?? null).toBeNull();
    expect(wrongRole.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(wrongRole.body.errors?.[0]?.message).toMatch(/may not use purpose ADMISSIONS/);
  });

  it('never lists or counts a person the principal has no basis to see', async () => {
    // Gwynedd's EPC may read individual records, but no agreement gives it Cardiff's school or Careers Wales data.
    const gwynedd = await tokenFor(t.infra, 'epc.gwynedd');
    const page = await gql<Page>(t.url, PAGE, { token: gwynedd, purpose: 'TRACKING', variables: { first: 100, filter: { familyNamePrefix: family } } });
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data!.youngPeople).toMatchObject({ totalCount: 0, edges: [] });
    const one = await gql(t.url, PERSON, { token: gwynedd, purpose: 'TRACKING', variables: { id: ids[0] } });
    expect(one.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    // Cardiff's EPC, with a basis, counts them all (the filter above is not empty by accident).
    const cardiff = await gql<Page>(t.url, PAGE, {
      token: await tokenFor(t.infra, 'epc.cardiff'),
      purpose: 'TRACKING',
      variables: { first: 100, filter: { familyNamePrefix: family } },
    });
    expect(cardiff.body.data!.youngPeople.totalCount).toBe(ids.length);
    // wg.analyst (STATISTICS only) may not ask for individual records at all: refused by its role.
    const analyst = await gql(t.url, PAGE, { token: await tokenFor(t.infra, 'wg.analyst'), purpose: 'STATISTICS', variables: { first: 100 } });
    expect(analyst.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('lists organisations for any authenticated principal', async () => {
    const res = await gql<{ organisations: Array<{ code: string; kind: string }> }>(
      t.url,
      '{ organisations(kind: LOCAL_AUTHORITY) { code kind } }',
      { token: await tokenFor(t.infra, 'school.cardiff.datamanager') },
    );
    expect(res.body.data!.organisations.filter((o) => o.code.startsWith('la.'))).toHaveLength(22);
  });
});
