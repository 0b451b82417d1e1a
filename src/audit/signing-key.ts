import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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
  const key = fromPem(await readFile(file, 'utf8'));
  // The public half beside it, for whoever verifies this hub's checkpoints elsewhere (AUDIT_TRUSTED_KEYS_DIR).
  await writeFile(publicKeyFileOf(file), key.publicKey.export({ type: 'spki', format: 'pem' }).toString(), { mode: 0o644 });
  return key;
}

/** Where a generated signing key's public half is written: `signing-key.pem` → `signing-key.pub.pem`. */
export function publicKeyFileOf(privateKeyFile: string): string {
  return privateKeyFile.replace(/(\.pem)?$/, '.pub.pem');
}

/**
 * The public keys a verifier accepts, by key id: the configured signing key's, and every public key (PEM)
 * in AUDIT_TRUSTED_KEYS_DIR (a key used before a rotation, another signer's). A file there that is not an
 * Ed25519 public key is an error naming the file.
 */
export async function verificationKeys(config: { audit: AuditConfig; isProduction: boolean }): Promise<Map<string, KeyObject>> {
  const key = await loadSigningKey(config);
  const keys = new Map([[key.keyId, key.publicKey]]);
  let names: string[] = [];
  try {
    names = (await readdir(config.audit.trustedKeysDir)).filter((n) => n.endsWith('.pem')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  for (const name of names) {
    const file = join(config.audit.trustedKeysDir, name);
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey(await readFile(file, 'utf8'));
    } catch (err) {
      throw new Error(`Cannot read the trusted key ${file}: ${(err as Error).message}`);
    }
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`The trusted key ${file} is not an Ed25519 public key`);
    keys.set(keyIdOf(publicKey), publicKey);
  }
  return keys;
}
