import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { gql, tokenFor, type TestApi } from './harness.js';

/** A partner system's token minted as production mints it: a fresh key registered by the admin, a client assertion exchanged at /oauth/token. */
export interface KeyToken {
  token: string;
  /** Revokes the key (through the admin's mutation): the token stops working on the next request. */
  revoke(): Promise<void>;
}

/**
 * Registers a fresh ES256 key for `handle` (as the hub's administrator) and exchanges a client assertion signed with
 * it for a hub token: for tests of partner systems where shared-secret tokens are refused (production mode).
 */
export async function systemTokenByKey(api: TestApi, handle: string): Promise<KeyToken> {
  const admin = await tokenFor(api.infra, 'admin');
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `test-${randomUUID()}`;
  const registered = await gql<{ registerPartnerKey: { id: string } }>(
    api.url,
    'mutation ($input: RegisterPartnerKeyInput!) { registerPartnerKey(input: $input) { id } }',
    { token: admin, variables: { input: { principalHandle: handle, jwk: { ...(await exportJWK(publicKey)), kid } } } },
  );
  const keyId = registered.body.data?.registerPartnerKey.id;
  if (!keyId) throw new Error(`could not register a key for ${handle}: ${JSON.stringify(registered.body.errors)}`);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer(handle)
    .setSubject(handle)
    .setAudience(`${api.url}/oauth/token`)
    .setIssuedAt()
    .setExpirationTime('60s')
    .setJti(randomUUID())
    .sign(privateKey);
  const res = await fetch(`${api.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`the token endpoint refused ${handle}: ${JSON.stringify(body)}`);
  return {
    token: body.access_token,
    async revoke() {
      await gql(api.url, 'mutation ($id: ID!) { revokePartnerKey(id: $id) { id } }', { token: admin, variables: { id: keyId } });
    },
  };
}
