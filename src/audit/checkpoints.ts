import { sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rows, type Queryable } from './canonical.js';
import type { SigningKey } from './signing-key.js';

/** A signed chain head, as stored in the database and as a JSON file outside it. */
export interface Checkpoint {
  /**
   * The identity of the log signed (`access_chain_head.chain_id`, one per database). Absent in checkpoints
   * signed before logs had one (format v1), which are taken to be of the log they are checked against.
   */
  chainId?: string;
  seq: number;
  /** Hex SHA-256 of the row at `seq` (the chain head when signed). */
  hash: string;
  /** ISO time of signing. */
  signedAt: string;
  keyId: string;
  /** Base64 Ed25519 signature over checkpointMessage(). */
  signature: string;
}

/** A checkpoint with where it was found. */
export interface CheckpointRecord extends Checkpoint {
  sources: Array<'database' | 'directory'>;
}

/** The exact bytes a checkpoint signs: v2 with the chain's identity, v1 (older checkpoints) without. */
export function checkpointMessage(c: Pick<Checkpoint, 'chainId' | 'seq' | 'hash' | 'signedAt' | 'keyId'>): Buffer {
  const version = c.chainId ? `v2\n${c.chainId}` : 'v1';
  return Buffer.from(`cyswllt-access-log-checkpoint\n${version}\n${c.seq}\n${c.hash}\n${c.signedAt}\n${c.keyId}\n`, 'utf8');
}

/** The identity of the log in this database (made by its migrations, kept by dump and restore). */
export async function chainIdOf(q: Queryable): Promise<string> {
  const [head] = await rows<{ chain_id: string }>(q, 'SELECT chain_id FROM access_chain_head WHERE id = 1');
  if (!head) throw new Error('access_chain_head is missing: run the migrations');
  return head.chain_id;
}

/** True when the checkpoint was signed by one of the given keys and has not been altered since. */
export function verifyCheckpointSignature(c: Checkpoint, keys: ReadonlyMap<string, KeyObject>): boolean {
  const key = keys.get(c.keyId);
  if (!key) return false;
  try {
    return verify(null, checkpointMessage(c), key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/** File name of a checkpoint: zero-padded so that names sort in chain order. */
export function checkpointFileName(seq: number): string {
  return `checkpoint-${String(seq).padStart(20, '0')}.json`;
}

/**
 * Signs the current chain head and writes the checkpoint to the directory (write then rename, so a
 * reader never sees half a file) and to the database. Idempotent: when the head has not moved since
 * the last checkpoint, nothing is written and null is returned.
 */
export async function writeCheckpoint(q: Queryable, key: SigningKey, dir: string): Promise<Checkpoint | null> {
  const [head] = await rows<{ chain_id: string; seq: string; hash: Buffer }>(q, 'SELECT chain_id, seq, hash FROM access_chain_head WHERE id = 1');
  if (!head || Number(head.seq) === 0) return null;
  const [done] = await rows<{ seq: string }>(q, 'SELECT seq FROM audit_checkpoint WHERE seq = $1', [head.seq]);
  if (done) return null;
  const unsigned = { chainId: head.chain_id, seq: Number(head.seq), hash: head.hash.toString('hex'), signedAt: new Date().toISOString(), keyId: key.keyId };
  const checkpoint: Checkpoint = { ...unsigned, signature: sign(null, checkpointMessage(unsigned), key.privateKey).toString('base64') };
  await mkdir(dir, { recursive: true });
  const file = join(dir, checkpointFileName(checkpoint.seq));
  await writeFile(`${file}.tmp`, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o644 });
  await rename(`${file}.tmp`, file);
  await q.query(
    `INSERT INTO audit_checkpoint (chain_id, seq, hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (seq) DO NOTHING`,
    [head.chain_id, checkpoint.seq, head.hash, checkpoint.signedAt, checkpoint.keyId, Buffer.from(checkpoint.signature, 'base64')],
  );
  return checkpoint;
}

/** Every checkpoint in the database and in the directory, merged by position and content, in seq order. */
export async function readCheckpoints(q: Queryable, dir: string | null): Promise<CheckpointRecord[]> {
  const merged = new Map<string, CheckpointRecord>();
  const add = (c: Checkpoint, source: 'database' | 'directory'): void => {
    const k = `${c.chainId ?? ''}|${c.seq}|${c.hash}|${c.signedAt}|${c.keyId}|${c.signature}`;
    const known = merged.get(k);
    if (known) known.sources.push(source);
    else merged.set(k, { ...c, sources: [source] });
  };
  const stored = await rows<{ chain_id: string | null; seq: string; hash: Buffer; signed_at: Date; key_id: string; signature: Buffer }>(
    q,
    'SELECT chain_id, seq, hash, signed_at, key_id, signature FROM audit_checkpoint ORDER BY seq',
  );
  for (const r of stored) {
    add(
      {
        ...(r.chain_id ? { chainId: r.chain_id } : {}),
        seq: Number(r.seq),
        hash: r.hash.toString('hex'),
        signedAt: r.signed_at.toISOString(),
        keyId: r.key_id,
        signature: r.signature.toString('base64'),
      },
      'database',
    );
  }
  if (dir) {
    let names: string[] = [];
    try {
      names = (await readdir(dir)).filter((n) => /^checkpoint-\d{20}\.json$/.test(n));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    for (const name of names) {
      const c = JSON.parse(await readFile(join(dir, name), 'utf8')) as Checkpoint;
      add(
        {
          ...(c.chainId ? { chainId: String(c.chainId) } : {}),
          seq: Number(c.seq),
          hash: String(c.hash),
          signedAt: String(c.signedAt),
          keyId: String(c.keyId),
          signature: String(c.signature),
        },
        'directory',
      );
    }
  }
  return [...merged.values()].sort((a, b) => a.seq - b.seq);
}
