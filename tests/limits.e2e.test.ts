import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryLimits, QUERY_LIMITS } from '../src/graphql/limits.js';
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

  it('rejects too many aliases before running anything', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: me { handle }`).join(' ');
    const res = await gql(t.url, `{ ${aliases} }`, { token });
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.message).toMatch(/aliases/i);
  });

  it('rejects a query with too many tokens', async () => {
    const fields = Array.from({ length: QUERY_LIMITS.maxTokens }, () => 'handle').join(' ');
    const res = await gql(t.url, `{ me { ${fields} } }`, { token });
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.message).toMatch(/token/i);
  });

  it('rejects a query over the cost limit', async () => {
    const page = 'youngPeople(first: 100) { edges { node { sourceRecords { provider { code name nameCy kind laCode ispSignatory } givenName familyName dateOfBirth postcode upn uln } } } }';
    const heavy = Array.from({ length: QUERY_LIMITS.maxAliases }, (_, i) => `p${i}: ${page}`).join(' ');
    const res = await gql(t.url, `{ ${heavy} }`, { token });
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.message).toMatch(/cost/i);
  });

  it('rejects a query deeper than the depth limit (checked with a limit this schema can exceed)', async () => {
    const limits = queryLimits(false, { maxDepth: 2 });
    const server = new ApolloServer({ schema: await getSchema(), validationRules: limits.validationRules, plugins: limits.plugins });
    await server.start();
    try {
      const res = await server.executeOperation({ query: '{ me { organisation { code } } }' });
      expect(res.body.kind === 'single' && res.body.singleResult.errors?.[0]?.message).toMatch(/depth/i);
      const shallow = await server.executeOperation({ query: '{ organisations { code } }' });
      expect(shallow.body.kind === 'single' && shallow.body.singleResult.errors?.[0]?.message).not.toMatch(/depth/i);
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
