import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditConfig } from '../config/config.js';

/** The Ed25519 key that signs access-log checkpoints. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex digits of the SHA-256 of the public key (SPKI DER): names the key in each checkpoint. */
  keyId: string;
}

/** The id of a public key, as written in checkpoints. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function fromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the access-log signing key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * Loads the signing key: inline PEM (AUDIT_SIGNING_KEY) or a PEM file (AUDIT_SIGNING_KEY_FILE). Outside
 * production a missing file is created with a fresh key (mode 0600), so a clean checkout works; in
 * production a missing key is an error (config already insists that one is named).
 */
export async function loadSigningKey(config: { audit: AuditConfig; isProduction: boolean }): Promise<SigningKey> {
  if (config.audit.signingKeyPem) return fromPem(config.audit.signingKeyPem);
  const file = config.audit.signingKeyFile;
  try {
    return fromPem(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || config.isProduction) {
      throw new Error(`Cannot load the access-log signing key from ${file}: ${(err as Error).message}`);
    }
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await mkdir(dirname(file), { recursive: true });
  try {
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' }); // another process may have won the race
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return fromPem(await readFile(file, 'utf8'));
}

/** The public keys a verifier accepts, by key id (today: the one configured signing key). */
export async function verificationKeys(config: { audit: AuditConfig; isProduction: boolean }): Promise<Map<string, KeyObject>> {
  const key = await loadSigningKey(config);
  return new Map([[key.keyId, key.publicKey]]);
}
