import { createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';

const ISSUER = 'cyswllt';
const AUDIENCE = 'cyswllt-api';

/** What a verified token says about its bearer. */
export interface TokenClaims {
  principalId: string;
  handle: string;
  /** The partner key whose client assertion this token was exchanged for (src/modules/partner-credentials); absent for shared-secret tokens. */
  partnerKeyId?: string;
}

/** Why a token was refused; the message is safe to show the caller. */
export class TokenError extends Error {
  constructor(
    readonly reason: 'MISSING' | 'MALFORMED' | 'EXPIRED' | 'INVALID',
    message: string,
  ) {
    super(message);
  }
}

/** A verified token's claims and when it expires (epoch seconds). */
export interface VerifiedToken extends TokenClaims {
  expiresAt: number;
}

// The HMAC key, imported once per secret rather than on every request.
const keys = new Map<string, KeyObject>();
const keyOf = (secret: string): KeyObject => {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(new TextEncoder().encode(secret));
    keys.set(secret, key);
  }
  return key;
};

/** Signs a token (HS256) naming the principal by id and handle, expiring after `ttl` (e.g. `8h`). */
export async function signToken(secret: string, claims: TokenClaims, ttl: string): Promise<string> {
  return new SignJWT(claims.partnerKeyId ? { handle: claims.handle, pkey: claims.partnerKeyId } : { handle: claims.handle })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.principalId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(keyOf(secret));
}

/** Verifies signature, issuer, audience and expiry; throws a TokenError with a clear reason otherwise. */
export async function verifyToken(secret: string, token: string): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
    });
    if (typeof payload.sub !== 'string' || typeof payload['handle'] !== 'string') {
      throw new TokenError('INVALID', 'The token does not name a principal');
    }
    const partnerKeyId = payload['pkey'];
    if (partnerKeyId !== undefined && typeof partnerKeyId !== 'string') throw new TokenError('INVALID', 'The token does not name a principal');
    return { principalId: payload.sub, handle: payload['handle'], expiresAt: payload.exp!, ...(partnerKeyId ? { partnerKeyId } : {}) };
  } catch (err) {
    if (err instanceof TokenError) throw err;
    if (err instanceof errors.JWTExpired) throw new TokenError('EXPIRED', 'The token has expired: ask for a new one');
    if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) {
      throw new TokenError('MALFORMED', 'The bearer token is not a well-formed JWT');
    }
    throw new TokenError('INVALID', 'The bearer token is not valid for this hub');
  }
}

/** Extracts the token from an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string {
  if (!header) throw new TokenError('MISSING', 'Authentication required: send Authorization: Bearer <token>');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new TokenError('MALFORMED', 'The Authorization header must be "Bearer <token>"');
  return match[1];
}
