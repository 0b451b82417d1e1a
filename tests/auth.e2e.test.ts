import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../src/auth/tokens.js';
import { startTestApi, tokenFor, gql, type TestApi } from './support/harness.js';
import { registered } from './support/registered.js';

const ME = '{ me { handle kind roles organisation { code kind } } }';

describe('authentication over HTTP', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers `me` for a valid token, for a user and for a partner system alike', async () => {
    const user = await gql<{ me: { handle: string; roles: string[] } }>(t.url, ME, { token: await tokenFor(t.infra, 'epc.cardiff') });
    expect(user.status).toBe(200);
    expect(user.body.data?.me).toMatchObject({ handle: 'epc.cardiff', kind: 'USER', roles: ['EPC'], organisation: { kind: 'LOCAL_AUTHORITY' } });

    // A partner system runs the registered `Me` (sent by its hash).
    const system = await gql(t.url, registered('Me'), { token: await tokenFor(t.infra, 'college.cardiff') });
    expect(system.body.data?.['me']).toMatchObject({ handle: 'college.cardiff', kind: 'SYSTEM', roles: ['PARTNER_SYSTEM'] });
  });

  const rejected = async (headers: Record<string, string>, message: RegExp): Promise<void> => {
    const res = await gql(t.url, ME, { headers });
    expect(res.status).toBe(401);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(res.body.errors?.[0]?.message).toMatch(message);
  };

  it('rejects a request with no Authorization header', async () => {
    await rejected({}, /Authentication required/);
  });

  it('rejects a header that is not a bearer token', async () => {
    await rejected({ authorization: 'Basic YWRtaW46YWRtaW4=' }, /Bearer <token>/);
  });

  it('rejects a malformed token', async () => {
    await rejected({ authorization: 'Bearer not.a.jwt' }, /not a well-formed JWT|not valid/);
  });

  it('rejects a token signed with another secret', async () => {
    const principal = await t.infra.services.principals.findByHandle('admin');
    const forged = await signToken('another-secret-of-enough-length-0123456789', { principalId: principal!.id, handle: 'admin' }, '5m');
    await rejected({ authorization: `Bearer ${forged}` }, /not valid for this hub/);
  });

  it('rejects an expired token', async () => {
    const principal = await t.infra.services.principals.findByHandle('admin');
    const expired = await new SignJWT({ handle: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal!.id)
      .setIssuer('cyswllt')
      .setAudience('cyswllt-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(t.infra.config.authSecret));
    await rejected({ authorization: `Bearer ${expired}` }, /expired/);
  });

  it('rejects a token with no expiry', async () => {
    const principal = await t.infra.services.principals.findByHandle('admin');
    const forever = await new SignJWT({ handle: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal!.id)
      .setIssuer('cyswllt')
      .setAudience('cyswllt-api')
      .sign(new TextEncoder().encode(t.infra.config.authSecret));
    await rejected({ authorization: `Bearer ${forever}` }, /not valid|well-formed/);
  });

  it('rejects a token for an unknown principal and for a deactivated one', async () => {
    const ghost = await signToken(t.infra.config.authSecret, { principalId: '00000000-0000-4000-8000-000000000000', handle: 'ghost' }, '5m');
    await rejected({ authorization: `Bearer ${ghost}` }, /unknown or no longer active/);

    const token = await tokenFor(t.infra, 'wg.analyst');
    await t.infra.ds.query(`UPDATE principal SET active = false WHERE handle = 'wg.analyst'`);
    try {
      await rejected({ authorization: `Bearer ${token}` }, /unknown or no longer active/);
    } finally {
      await t.infra.ds.query(`UPDATE principal SET active = true WHERE handle = 'wg.analyst'`);
    }
  });
});
