import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkPublicJwk, JwkError } from './public-jwk.js';
import { parseRateLimit } from './partner.config.js';

describe('partner public keys', () => {
  it('keeps an EC P-256, RSA or Ed25519 public key with its kid, public members only', async () => {
    for (const [alg, extra] of [['ES256', {}], ['RS256', { modulusLength: 2048 }], ['EdDSA', { crv: 'Ed25519' }]] as const) {
      const { publicKey } = await generateKeyPair(alg, { extractable: true, ...extra });
      const checked = await checkPublicJwk({ ...(await exportJWK(publicKey)), kid: `k-${alg}` });
      expect(checked.kid).toBe(`k-${alg}`);
      expect(checked.jwk.alg).toBe(alg);
      expect(checked.thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('refuses a private key, a short RSA key, a missing kid, a mismatched alg and an unknown key type', async () => {
    const ec = await generateKeyPair('ES256', { extractable: true });
    const shortRsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const cases: Array<Record<string, unknown>> = [
      { ...(await exportJWK(ec.privateKey)), kid: 'p' },
      { ...shortRsa, kid: 'short' },
      { ...(await exportJWK(ec.publicKey)) },
      { ...(await exportJWK(ec.publicKey)), kid: 'a', alg: 'RS256' },
      { kty: 'oct', k: 'c2VjcmV0', kid: 'sym' },
    ];
    for (const c of cases) await expect(checkPublicJwk(c)).rejects.toBeInstanceOf(JwkError);
  });

  it('reads rate limits as requests per seconds', () => {
    expect(parseRateLimit('600/60')).toEqual({ points: 600, durationSeconds: 60 });
    expect(parseRateLimit('0/60')).toBeNull();
    expect(parseRateLimit('10 per minute')).toBeNull();
  });
});
