import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JWK } from 'jose';
import { ASSERTION_ALGORITHMS } from './public-jwk.js';

/** The client-assertion type of RFC 7523 §2.2. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Longest life an assertion may have (exp minus now, and exp minus iat): they are single-use and short. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;

/** Clock skew tolerated between the partner and the hub. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** Why an assertion was refused: an OAuth error code and a description safe to show the client. */
export class AssertionError extends Error {
  constructor(
    readonly error: 'invalid_client' | 'invalid_request',
    message: string,
  ) {
    super(message);
  }
}

/** The client id an assertion claims to come from (its `iss`), read before any key is known; null when unreadable. */
export function claimedClientId(assertion: string): string | null {
  try {
    const iss = decodeJwt(assertion).iss;
    return typeof iss === 'string' && iss.length > 0 && iss.length <= 200 ? iss : null;
  } catch {
    return null;
  }
}

/** What a verified assertion establishes: which registered key signed it, its jti and when it expires. */
export interface VerifiedAssertion {
  keyId: string;
  jti: string;
  expiresAt: Date;
}

const NOT_VALID = 'The client assertion is not valid for this hub (unknown client, unregistered or revoked key, bad signature, wrong audience)';

/**
 * Verifies a private_key_jwt client assertion (RFC 7523 §3): signed by one of the client's usable keys (named by
 * `kid`), iss = sub = the client id, aud = the token endpoint, an exp no more than five minutes ahead, and a jti.
 * Whether the jti was used before is the caller's check (it needs the database).
 */
export async function verifyClientAssertion(
  assertion: string,
  clientId: string,
  keys: ReadonlyArray<{ id: string; jwk: JWK }>,
  audience: string,
): Promise<VerifiedAssertion> {
  if (keys.length === 0) throw new AssertionError('invalid_client', NOT_VALID);
  const jwks = createLocalJWKSet({ keys: keys.map((k) => k.jwk) });
  let result;
  try {
    result = await jwtVerify(assertion, jwks, {
      issuer: clientId,
      subject: clientId,
      audience,
      algorithms: [...ASSERTION_ALGORITHMS],
      requiredClaims: ['exp', 'jti'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw new AssertionError('invalid_client', 'The client assertion has expired: sign a new one for each token request');
    throw new AssertionError('invalid_client', NOT_VALID);
  }
  const { payload, protectedHeader } = result;
  const key = keys.find((k) => k.jwk.kid === protectedHeader.kid);
  if (!key || typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 200) {
    throw new AssertionError('invalid_client', 'The client assertion must name its key (kid) and carry a jti');
  }
  const now = Math.floor(Date.now() / 1000);
  const exp = payload.exp!;
  if (exp - now > MAX_ASSERTION_LIFETIME_SECONDS || (payload.iat !== undefined && exp - payload.iat > MAX_ASSERTION_LIFETIME_SECONDS)) {
    throw new AssertionError('invalid_client', `The client assertion may live at most ${MAX_ASSERTION_LIFETIME_SECONDS} seconds (exp)`);
  }
  return { keyId: key.id, jti: payload.jti, expiresAt: new Date((exp + CLOCK_TOLERANCE_SECONDS) * 1000) };
}
