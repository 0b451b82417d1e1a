import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLimits, QUERY_LIMITS } from '../src/graphql/limits.js';
import { COST_MODEL } from '../src/graphql/query-cost.js';
import { DEMO_ORG_CODES } from '../src/modules/organisations/organisations.data.js';
import { createPerson } from './support/factories.js';
import { getSchema } from '../src/graphql/schema.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';

describe('query limits and error hygiene over HTTP', () => {
  let t: TestApi;
  let token: string;
  beforeAll(async () => {
    t = await startTestApi();
    token = await tokenFor(t.infra, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  it('accepts a query inside the limits', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases }, (_, i) => `a${i}: me { handle }`).join(' ');
    const res = await gql(t.url, `{ ${aliases} }`, { token });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.['a0']).toEqual({ handle: 'admin' });
  });

  it('rejects too many aliases before running anything, saying how many and the limit', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: me { handle }`).join(' ');
    const res = await gql(t.url, `{ ${aliases} }`, { token });
    expect(res.status).toBe(400);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.message).toBe(`too many aliases (${QUERY_LIMITS.maxAliases + 1} > ${QUERY_LIMITS.maxAliases})`);
  });

  it('rejects too many directives, and accepts as many as the limit', async () => {
    const directives = (n: number) => `{ me { ${Array.from({ length: n }, () => 'handle @include(if: true)').join(' ')} } }`;
    const ok = await gql(t.url, directives(QUERY_LIMITS.maxDirectives), { token });
    expect(ok.body.errors).toBeUndefined();
    const res = await gql(t.url, directives(QUERY_LIMITS.maxDirectives + 1), { token });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toBe(`too many directives (${QUERY_LIMITS.maxDirectives + 1} > ${QUERY_LIMITS.maxDirectives})`);
  });

  it('rejects a query with too many tokens with HTTP 400 and a plain message, and accepts one at the limit', async () => {
    // Exactly n tokens: `{ me { … organisation { … } } }` is 8 tokens around the fields. The fields vary so
    // that graphql's own budget for comparing same-named fields is not what refuses the query.
    const ofTokens = (n: number) => {
      const principal = ['handle', 'displayName', 'id', 'kind', 'roles'];
      const organisation = ['code', 'id', 'ispSignatory', 'kind', 'laCode', 'name', 'nameCy'];
      const half = Math.floor((n - 8) / 2);
      const pick = (names: string[], count: number) => Array.from({ length: count }, (_, i) => names[i % names.length]).join(' ');
      return `{ me { ${pick(principal, half)} organisation { ${pick(organisation, n - 8 - half)} } } }`;
    };
    const ok = await gql(t.url, ofTokens(QUERY_LIMITS.maxTokens), { token });
    expect(ok.body.errors).toBeUndefined();
    expect(ok.status).toBe(200);
    const res = await gql(t.url, ofTokens(QUERY_LIMITS.maxTokens + 1), { token });
    expect(res.status).toBe(400);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors).toEqual([
      { message: `query too long (more than ${QUERY_LIMITS.maxTokens} tokens)`, extensions: { code: 'GRAPHQL_PARSE_FAILED', maxTokens: QUERY_LIMITS.maxTokens } },
    ]);
  });

  it('rejects a query deeper than the depth limit (checked with a limit this schema can exceed)', async () => {
    const limits = queryLimits(false, { maxDepth: 2 });
    const server = new ApolloServer({ schema: await getSchema(), validationRules: limits.validationRules, plugins: limits.plugins });
    await server.start();
    try {
      const res = await server.executeOperation({ query: '{ me { organisation { code } } }' });
      expect(res.body.kind === 'single' && res.body.singleResult.errors?.[0]?.message).toBe('query too deep (3 > 2)');
      const shallow = await server.executeOperation({ query: '{ organisations { code } }' });
      expect(shallow.body.kind === 'single' && shallow.body.singleResult.errors?.[0]?.message).not.toMatch(/deep/i);
    } finally {
      await server.stop();
    }
  });

  it('never sends a stack trace', async () => {
    const res = await gql(t.url, '{ youngPerson(id: "not-a-uuid") { id } }', { token, purpose: 'TRACKING' });
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });

  it('allows introspection and serves the local GraphiQL page outside production', async () => {
    const res = await gql(t.url, '{ __schema { queryType { name } } }', { token });
    expect(res.body.data?.['__schema']).toEqual({ queryType: { name: 'Query' } });
    const page = await fetch(`${t.url}/graphiql`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/graphiql/assets/graphiql.min.js');
    const asset = await fetch(`${t.url}/graphiql/assets/graphiql.min.js`);
    expect(asset.status).toBe(200);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});

// The example list query of docs/api.md. Its cost: the connection, then per person the edge, the person, and
// source records (an unpaged list, counted at its assumed size) each with its provider.
const people = (first: string) =>
  `youngPeople(first: ${first}) { edges { node { id sourceRecords { provider { name } givenName familyName tierStatus attendance } } } }`;
const peopleCost = (first: number) => 1 + first * (1 + 1 + COST_MODEL.unpagedListSize * (1 + 1));

describe('query cost over HTTP', () => {
  let t: TestApi;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApi();
    for (const h of ['admin', 'epc.cardiff', 'ig.cardiff']) tokens[h] = await tokenFor(t.infra, h);
    // Pages with people in them, so that the queries that pass also read and release records.
    for (let i = 0; i < 3; i++) {
      await createPerson(t.infra.ds, [{ providerCode: DEMO_ORG_CODES.cardiffLa }, { providerCode: DEMO_ORG_CODES.careersWales }]);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const asAdmin = (query: string, variables?: Record<string, unknown>) => gql(t.url, query, { token: tokens['admin'], purpose: 'TRACKING', variables });
  // `pages` full pages of 100 people, the page size written three ways.
  const threeWays = async (pages: number) => {
    const aliased = (first: string) => Array.from({ length: pages }, (_, i) => `p${i}: ${people(first)}`).join(' ');
    return [
      await asAdmin(`{ ${aliased('100')} }`),
      await asAdmin(`query ($n: Int!) { ${aliased('$n')} }`, { n: 100 }),
      await asAdmin(`query ($n: Int! = 100) { ${aliased('$n')} }`),
    ];
  };

  it('gives first as a literal, a variable or a variable default the same cost and the same verdict', async () => {
    // Two pages of 100 fit under the limit, three do not: the same each way the page size is written.
    expect(2 * peopleCost(100)).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
    expect(3 * peopleCost(100)).toBeGreaterThan(QUERY_LIMITS.maxCost);
    for (const res of await threeWays(2)) {
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect((res.body.data as { p1: { edges: unknown[] } }).p1.edges.length).toBeGreaterThanOrEqual(3);
      expect(res.headers.get('x-query-cost')).toBe(String(2 * peopleCost(100)));
    }
    for (const res of await threeWays(3)) {
      expect(res.status).toBe(400);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.[0]?.message).toBe(`query too costly (${3 * peopleCost(100)} > ${QUERY_LIMITS.maxCost})`);
      expect(res.headers.get('x-query-cost')).toBe(String(3 * peopleCost(100)));
    }
  });

  it("counts an argument left to its default at the default's value", async () => {
    const omitted = await asAdmin(`{ ${people('100').replace('(first: 100)', '')} }`);
    const literal = await asAdmin(`{ ${people('20')} }`);
    expect(omitted.body.errors).toBeUndefined();
    expect(omitted.headers.get('x-query-cost')).toBe(String(peopleCost(20)));
    expect(literal.headers.get('x-query-cost')).toBe(String(peopleCost(20)));
  });

  it("runs the documented queries (docs/api.md) at the documented page sizes", async () => {
    // The costs are those docs/api.md gives.
    const documented: Array<{ handle: string; purpose?: string; query: string; cost: number }> = [
      { handle: 'epc.cardiff', purpose: 'TRACKING', query: `{ ${people('100')} }`, cost: 2201 },
      {
        handle: 'ig.cardiff',
        query: `{ accessLog(first: 200, filter: {outcome: RELEASED}) { edges { node { occurredAt event outcome operation personId
          actor { principalHandle organisationCode roles } released { field category } } } }
          verifyAccessLog { ok rowsChecked checkpointsVerified firstBadRow { seq problem detail } } }`,
        cost: 2603,
      },
      {
        handle: 'epc.cardiff',
        purpose: 'UNKNOWN_RESOLUTION',
        query: `{ matchReviewQueue(first: 50) { totalCount edges { node { id status reviewReason rule totalWeight prior probability conflict
          comparisons { key label level weight } recordA { id givenName familyName dateOfBirth provider { code } }
          recordB { id givenName familyName dateOfBirth provider { code } } decisions { kind decidedBy decidedAt note } } } } }`,
        cost: 1301,
      },
    ];
    for (const { handle, purpose, query, cost } of documented) {
      const res = await gql(t.url, query, { token: tokens[handle], purpose });
      expect(res.body.errors).toBeUndefined();
      expect(res.status).toBe(200);
      expect(res.headers.get('x-query-cost')).toBe(String(cost));
      expect(cost).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
    }
  });

  it('refuses an abusive query of nested lists multiplying out, naming its cost and the limit', async () => {
    // Fifteen aliases (the most allowed) of a full page of people, each with its records and their providers.
    const heavy = Array.from({ length: QUERY_LIMITS.maxAliases }, (_, i) => `p${i}: ${people('100')}`).join(' ');
    const cost = QUERY_LIMITS.maxAliases * peopleCost(100);
    const res = await gql(t.url, `{ ${heavy} }`, { token: tokens['epc.cardiff'], purpose: 'TRACKING' });
    expect(res.status).toBe(400);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors).toEqual([
      { message: `query too costly (${cost} > ${QUERY_LIMITS.maxCost})`, extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: QUERY_LIMITS.maxCost } },
    ]);
    // One of those pages alone is a documented query and runs.
    const one = await gql(t.url, `{ ${people('100')} }`, { token: tokens['epc.cardiff'], purpose: 'TRACKING' });
    expect(one.body.errors).toBeUndefined();
  });
});

describe('in production', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses introspection, hides field suggestions and serves no GraphiQL', async () => {
    const token = await tokenFor(t.infra, 'admin');
    const intro = await gql(t.url, '{ __schema { queryType { name } } }', { token });
    expect(intro.body.data ?? null).toBeNull();
    expect(intro.body.errors?.[0]?.message).toMatch(/introspection/i);

    const typo = await gql(t.url, '{ mee { handle } }', { token });
    expect(typo.body.errors?.[0]?.message).toMatch(/Cannot query field/);
    expect(typo.body.errors?.[0]?.message).not.toMatch(/Did you mean/);

    const page = await fetch(`${t.url}/graphiql`);
    await page.arrayBuffer();
    expect(page.status).toBe(404);
  });
});
