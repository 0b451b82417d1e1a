import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED_SECRET_REFUSED } from '../src/modules/partner-credentials/credential-check.js';
import { gql, requestIdOf, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { ownerDataSource } from './support/owner-db.js';
import { registered } from './support/registered.js';

// Partner systems' own credentials over HTTP (docs/partners.md): a public key registered by the hub's
// administrator, a client assertion (private_key_jwt) exchanged at /oauth/token for a short-lived hub token, used
// on a registered operation. Expired, revoked, replayed and misaddressed assertions are refused; revoking a key
// ends the tokens minted from it on the next request; shared-secret tokens are refused for partner systems here
// (production's default) while people keep theirs; a partner's rate limit answers 429 with Retry-After.

const ME = registered('Me');
const KEYS = `query Keys($h: String!) { partnerKeys(principalHandle: $h) { id kid alg thumbprint active revokedAt } }`;
const REGISTER = `mutation Register($input: RegisterPartnerKeyInput!) { registerPartnerKey(input: $input) { id kid alg thumbprint active } }`;
const REVOKE = `mutation Revoke($id: ID!) { revokePartnerKey(id: $id) { id active revokedAt } }`;

interface Pair {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newPair(kid: string): Promise<Pair> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid } };
}

describe('partner credentials: registered keys, client assertions, hub tokens, revocation, rate limits', () => {
  let t: TestApi;
  let owner: DataSource;
  let admin: string;
  const pairs: Record<string, Pair> = {};
  const college = 'college.cardiff';
  const limited = 'voluntary.cardiff';
  const school = 'school.cardiff';

  const assertion = (handle: string, pair: Pair, claims: { aud?: string; exp?: number; iat?: number; jti?: string } = {}): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: pair.kid })
      .setIssuer(handle)
      .setSubject(handle)
      .setAudience(claims.aud ?? `${t.url}/oauth/token`)
      .setIssuedAt(claims.iat ?? now)
      .setExpirationTime(claims.exp ?? now + 60)
      .setJti(claims.jti ?? randomUUID())
      .sign(pair.privateKey);
  };
  const exchange = async (signed: string) => {
    const res = await fetch(`${t.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: signed,
      }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
  const tokenOf = async (handle: string, pair: Pair): Promise<string> => {
    const res = await exchange(await assertion(handle, pair));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body['access_token'] as string;
  };
  const register = async (handle: string, pair: Pair, notAfter?: string) => {
    const res = await gql<{ registerPartnerKey: { id: string; kid: string; active: boolean } }>(t.url, REGISTER, {
      token: admin,
      variables: { input: { principalHandle: handle, jwk: pair.jwk, ...(notAfter ? { notAfter } : {}) } },
    });
    return res;
  };
  const me = (token: string) => gql<{ me: { handle: string } }>(t.url, ME, { token });
  const rows = async (requestId: string) =>
    (await t.infra.ds.query(`SELECT event, principal_id, details FROM access_event WHERE request_id = $1 ORDER BY seq`, [requestId])) as Array<{
      event: string;
      principal_id: string;
      details: string | null;
    }>;

  beforeAll(async () => {
    t = await startTestApi({ SYSTEM_SHARED_SECRET_TOKENS: 'refused', PARTNER_RATE_LIMITS: JSON.stringify({ [limited]: '3/60' }) });
    owner = await ownerDataSource(1);
    await owner.query(`DELETE FROM partner_key WHERE principal_id IN (SELECT id FROM principal WHERE handle = ANY($1))`, [[college, limited, school]]);
    admin = await tokenFor(t.infra, 'admin', '1h');
  });
  afterAll(async () => {
    await owner.query(`DELETE FROM partner_key WHERE principal_id IN (SELECT id FROM principal WHERE handle = ANY($1))`, [[college, limited, school]]);
    await owner.destroy();
    await t.close();
  });

  it('only the hub administrator registers keys; each registration is an access-log row; a private key is refused', async () => {
    pairs['a'] = await newPair('college-2026-a');
    const epc = await tokenFor(t.infra, 'epc.cardiff');
    const refused = await gql(t.url, REGISTER, { token: epc, variables: { input: { principalHandle: college, jwk: pairs['a'].jwk } } });
    expect(refused.status).toBe(403);

    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = { ...(await exportJWK(privateKey)), kid: 'oops' };
    const secretKey = await gql(t.url, REGISTER, { token: admin, variables: { input: { principalHandle: college, jwk: privateJwk } } });
    expect(secretKey.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'jwk' });
    expect(JSON.stringify(secretKey.body)).not.toContain(privateJwk.d!);

    const res = await register(college, pairs['a']);
    expect(res.body.data?.registerPartnerKey).toMatchObject({ kid: 'college-2026-a', active: true });
    const logged = await rows(requestIdOf(res));
    expect(logged.map((r) => r.event)).toEqual(['partner_key.registered']);
    expect(JSON.parse(logged[0]!.details!)).toMatchObject({ partnerKeyId: res.body.data!.registerPartnerKey.id, kid: 'college-2026-a' });
  });

  it('a client assertion is exchanged for a hub token that runs registered operations; the issue is logged', async () => {
    pairs['b'] = await newPair('college-2026-b');
    expect((await register(college, pairs['b'])).body.errors).toBeUndefined();
    const res = await exchange(await assertion(college, pairs['b']));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, access_token: expect.any(String) });
    expect((await rows(requestIdOf(res))).map((r) => r.event)).toEqual(['partner_token.issued']);
    const who = await me(res.body['access_token'] as string);
    expect(who.status).toBe(200);
    expect(who.body.data?.me.handle).toBe(college);
    // Two keys are the overlap of a rotation: a third is refused until one is revoked.
    const third = await register(college, await newPair('college-2026-c'));
    expect(third.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(third.body.errors?.[0]?.message).toContain('at most 2 active keys');
  });

  it('a replayed, expired, long-lived, misaddressed, forged or impostor assertion is refused with invalid_client', async () => {
    const good = pairs['b']!;
    const once = await assertion(college, good);
    expect((await exchange(once)).status).toBe(200);
    const replay = await exchange(once);
    expect(replay).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(replay.body['error_description']).toContain('already been used');

    const now = Math.floor(Date.now() / 1000);
    const expired = await exchange(await assertion(college, good, { iat: now - 400, exp: now - 120 }));
    expect(expired).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(expired.body['error_description']).toContain('expired');
    expect(await exchange(await assertion(college, good, { exp: now + 3600 }))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const elsewhere = await exchange(await assertion(college, good, { aud: 'https://another-hub.example/oauth/token' }));
    expect(elsewhere).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    // Another private key under the registered kid: a forgery.
    expect(await exchange(await assertion(college, await newPair('college-2026-b')))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    // Signed with the college's key but claiming to be another system.
    expect(await exchange(await assertion('cw.system', good))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    // The same assertion, fresh, still works: none of the refusals spent anything.
    expect((await exchange(await assertion(college, good))).status).toBe(200);
  });

  it('revoking a key refuses its assertions and ends the tokens minted from it on the next request; the other key goes on', async () => {
    const keys = (await gql<{ partnerKeys: Array<{ id: string; kid: string; active: boolean }> }>(t.url, KEYS, { token: admin, variables: { h: college } })).body
      .data!.partnerKeys;
    expect(keys.filter((k) => k.active).map((k) => k.kid).sort()).toEqual(['college-2026-a', 'college-2026-b']);
    const idOf = (kid: string) => keys.find((k) => k.kid === kid)!.id;
    const tokenA = await tokenOf(college, pairs['a']!);
    const tokenB = await tokenOf(college, pairs['b']!);

    const revoked = await gql<{ revokePartnerKey: { active: boolean; revokedAt: string | null } }>(t.url, REVOKE, { token: admin, variables: { id: idOf('college-2026-a') } });
    expect(revoked.body.data?.revokePartnerKey).toMatchObject({ active: false, revokedAt: expect.any(String) });
    expect((await rows(requestIdOf(revoked))).map((r) => r.event)).toEqual(['partner_key.revoked']);

    const after = await me(tokenA);
    expect(after.status).toBe(401);
    expect(after.body.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(after.body.errors?.[0]?.message).toContain('revoked');
    expect(await exchange(await assertion(college, pairs['a']!))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    // The other key of the overlap is untouched.
    expect((await me(tokenB)).status).toBe(200);
    await gql(t.url, REVOKE, { token: admin, variables: { id: idOf('college-2026-b') } });
    expect((await me(tokenB)).status).toBe(401);
  });

  it('an expired key is refused like a revoked one, and so are the tokens minted from it', async () => {
    const pair = await newPair('school-2026-a');
    const res = await register(school, pair, new Date(Date.now() + 86_400_000).toISOString());
    expect(res.body.errors).toBeUndefined();
    const token = await tokenOf(school, pair);
    expect((await me(token)).status).toBe(200);
    // The key's end passes (set in the database rather than waited for).
    await owner.query(`UPDATE partner_key SET not_after = now() - interval '1 second' WHERE id = $1`, [res.body.data!.registerPartnerKey.id]);
    expect((await me(token)).status).toBe(401);
    expect(await exchange(await assertion(school, pair))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    await owner.query(`DELETE FROM partner_key WHERE id = $1`, [res.body.data!.registerPartnerKey.id]);
  });

  it('shared-secret tokens are refused for partner systems here, while people keep theirs', async () => {
    const system = await me(await tokenFor(t.infra, college));
    expect(system.status).toBe(401);
    expect(system.body.errors?.[0]?.message).toBe(SHARED_SECRET_REFUSED);
    const person = await gql<{ me: { handle: string } }>(t.url, `query { me { handle } }`, { token: await tokenFor(t.infra, 'epc.cardiff') });
    expect(person.body.data?.me.handle).toBe('epc.cardiff');
  });

  it("a partner's own rate limit answers 429 with Retry-After and RATE_LIMITED; other partners are not held back", async () => {
    const pair = await newPair('voluntary-2026-b');
    expect((await register(limited, pair)).body.errors).toBeUndefined();
    const token = await tokenOf(limited, pair);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await me(token)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const over = await me(token);
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(over.body.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } });
    // The college's limit is the default one, untouched by the voluntary body's requests.
    const collegePair = await newPair('college-2026-f');
    expect((await register(college, collegePair)).body.errors).toBeUndefined();
    expect((await me(await tokenOf(college, collegePair))).status).toBe(200);
  });
});
