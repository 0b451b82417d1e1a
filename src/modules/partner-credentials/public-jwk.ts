import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';

/** Signature algorithms a partner's key may use, by key type (RFC 7518; EdDSA per RFC 8037). */
export const ASSERTION_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;

/** A public key as the hub keeps it: the JWK (public members only), its key id and RFC 7638 thumbprint. */
export interface CheckedJwk {
  jwk: JWK;
  kid: string;
  thumbprint: string;
}

/** Why a JWK was not accepted; the message names the problem, never the key material. */
export class JwkError extends Error {}

const KID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Accepts a partner's public key: RSA of 2048 bits or more, EC P-256 or Ed25519, with a `kid`, no private member,
 * and an `alg` (when given) that fits the key. Returns only the public members, so nothing private is ever stored.
 */
export async function checkPublicJwk(input: Record<string, unknown>): Promise<CheckedJwk> {
  const kid = input['kid'];
  if (typeof kid !== 'string' || !KID.test(kid)) throw new JwkError('the key needs a "kid" of letters, digits and . _ : - (at most 128)');
  if ('d' in input || 'p' in input || 'q' in input || 'k' in input) throw new JwkError('send the public key only: this JWK holds private or symmetric key material');
  let jwk: JWK;
  let alg: string;
  if (input['kty'] === 'RSA') {
    const n = input['n'];
    if (typeof n !== 'string' || typeof input['e'] !== 'string') throw new JwkError('an RSA key needs "n" and "e"');
    if (Buffer.from(n, 'base64url').length * 8 < 2048) throw new JwkError('an RSA key must have at least 2048 bits');
    alg = input['alg'] === 'PS256' ? 'PS256' : 'RS256';
    jwk = { kty: 'RSA', n, e: input['e'] as string, kid, alg, use: 'sig' };
  } else if (input['kty'] === 'EC') {
    if (input['crv'] !== 'P-256' || typeof input['x'] !== 'string' || typeof input['y'] !== 'string') throw new JwkError('an EC key must be on P-256 with "x" and "y"');
    alg = 'ES256';
    jwk = { kty: 'EC', crv: 'P-256', x: input['x'], y: input['y'], kid, alg, use: 'sig' };
  } else if (input['kty'] === 'OKP') {
    if (input['crv'] !== 'Ed25519' || typeof input['x'] !== 'string') throw new JwkError('an OKP key must be Ed25519 with "x"');
    alg = 'EdDSA';
    jwk = { kty: 'OKP', crv: 'Ed25519', x: input['x'], kid, alg, use: 'sig' };
  } else {
    throw new JwkError('the key type must be RSA, EC (P-256) or OKP (Ed25519)');
  }
  if (input['alg'] !== undefined && input['alg'] !== alg) throw new JwkError(`"alg" must be ${alg} for this key`);
  try {
    await importJWK(jwk, alg);
  } catch {
    throw new JwkError('the key could not be read as a public key');
  }
  return { jwk, kid, thumbprint: await calculateJwkThumbprint(jwk, 'sha256') };
}
