import type { KeyObject } from 'node:crypto';
import { canonicalSql, GENESIS_HASH, rows, type Queryable } from './canonical.js';
import { readCheckpoints, verifyCheckpointSignature, type CheckpointRecord } from './checkpoints.js';

/** What can be wrong with the chain, and where the verifier reports it. */
export const CHAIN_PROBLEMS = {
  CONTENT_MISMATCH: "the row's content no longer matches its hash (the row was edited)",
  ROW_MISSING: 'the row is missing (deleted)',
  DUPLICATE_SEQ: 'a second row claims this position (an inserted row)',
  INSERTED_ROW: 'the row is not part of the chain: the next row links past it (an inserted row)',
  REORDERED: 'the row links to the row after it (rows were reordered)',
  ROW_REWRITTEN: 'the row was changed and re-hashed: the next row no longer links to it',
  LINK_BROKEN: 'the row does not link to the row before it (a row before it was removed, or this row was rewritten)',
  TRUNCATED: 'rows from here on were cut off (the chain head or a signed checkpoint reaches further)',
  ROW_AFTER_HEAD: 'the row lies beyond the recorded chain head (appended outside the hub)',
  HEAD_MISMATCH: 'the last row does not match the recorded chain head',
  CHECKPOINT_MISMATCH: 'the row does not match the signed checkpoint at this position',
} as const;

/** One kind of chain problem. */
export type ChainProblem = keyof typeof CHAIN_PROBLEMS;

/** The first bad row found. */
export interface BadRow {
  seq: number;
  problem: ChainProblem;
  detail: string;
}

/** The verifier's report (also the JSON printed by `npm run audit:verify`). */
export interface VerificationReport {
  ok: boolean;
  /** The identity of the log checked (`access_chain_head.chain_id`): one per database. */
  chainId: string;
  rowsChecked: number;
  head: { seq: number; hash: string };
  lastRow: { seq: number; hash: string } | null;
  checkpoints: {
    verified: number;
    lastVerifiedSeq: number | null;
    lastSignedAt: string | null;
    onlyInDatabase: number;
    onlyInDirectory: number;
    /** Signed by a key the verifier holds, but altered since (or not signed by it at all). */
    badSignatures: Array<{ seq: number; source: string; keyId: string }>;
    /** Signed by keys the verifier does not hold: they can be neither trusted nor dismissed. */
    unknownKeys: Array<{ keyId: string; checkpoints: number; sources: string[] }>;
    /**
     * Validly signed checkpoints of other logs (another database's, such as one dropped and made again):
     * they say nothing about this log and are not checked against it.
     */
    otherLogs: Array<{ chainId: string; checkpoints: number; lastSeq: number; lastSignedAt: string }>;
  };
  firstBadRow: BadRow | null;
  /** What to do about what was found, in sentences (empty when there is nothing to do). */
  advice: string[];
  durationMs: number;
  rowsPerSecond: number;
}

/** Where the verifier finds the signed checkpoints and the keys that may have signed them. */
export interface VerifyOptions {
  publicKeys: ReadonlyMap<string, KeyObject>;
  checkpointDir: string | null;
  /** Rows per SQL batch (the walk stops at the first batch with a bad row). */
  batchSize?: number;
  /** More connections in the same snapshot (REPEATABLE READ, `SET TRANSACTION SNAPSHOT`) to check batches in parallel. */
  parallel?: Queryable[];
}

interface BatchResult {
  n: string;
  bad_seq: string | null;
  bad_p_seq: string | null;
  problem: ChainProblem | null;
}

/**
 * Walks the chain in seq order, in batches, each checked in SQL: every row's hash against its content
 * and the previous row's hash, every link, every position; then the tail against the chain head and
 * every signed checkpoint (from the database and from the directory outside it). Reports the first
 * bad row. Run it in a REPEATABLE READ transaction so that appends during the walk are not seen.
 */
export async function verifyAccessLog(q: Queryable, options: VerifyOptions): Promise<VerificationReport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 500_000;
  const [head] = await rows<{ chain_id: string; seq: string; hash: Buffer }>(q, 'SELECT chain_id, seq, hash FROM access_chain_head WHERE id = 1');
  if (!head) throw new Error('access_chain_head is missing: run the migrations');
  const [range] = await rows<{ min: string | null; max: string | null }>(q, 'SELECT min(seq) AS min, max(seq) AS max FROM access_event');
  const maxSeq = range?.max == null ? 0 : Number(range.max);

  // Batches are independent (each looks up the two rows before it), so several connections sharing one
  // snapshot can check them at once; the first bad batch in seq order decides, later ones are skipped.
  const found: BadRow[] = [];
  const workers = [q, ...(options.parallel ?? [])];
  // Each batch is one ordered walk of the primary key: read it in index order (no sort of wide rows
  // spilling to disk), without JIT (compiling costs more than it saves per batch) and without parallel
  // workers inside a batch (the batches themselves run in parallel). SET LOCAL: this transaction only.
  for (const w of workers) await w.query('SET LOCAL enable_sort = off; SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0');
  const batches: Array<{ lo: number; hi: number; result?: BatchResult }> = [];
  for (let lo = 1; lo <= maxSeq; lo += batchSize) batches.push({ lo, hi: lo + batchSize - 1 });
  let next = 0;
  let firstBadBatch = Infinity;
  await Promise.all(
    workers.map(async (w) => {
      for (let i = next++; i < batches.length && i < firstBadBatch; i = next++) {
        const b = batches[i]!;
        b.result = await checkBatch(w, b.lo, b.hi);
        if (b.result.bad_seq != null) firstBadBatch = Math.min(firstBadBatch, i);
      }
    }),
  );
  let checked = 0;
  for (const b of batches.slice(0, Number.isFinite(firstBadBatch) ? firstBadBatch + 1 : batches.length)) checked += Number(b.result!.n);
  if (Number.isFinite(firstBadBatch)) found.push(locate(batches[firstBadBatch]!.result!));

  const [lastRow] = await rows<{ seq: string; hash: Buffer }>(q, 'SELECT seq, hash FROM access_event ORDER BY seq DESC, occurred_at DESC LIMIT 1');
  const headSeq = Number(head.seq);
  if (maxSeq < headSeq) {
    found.push({ seq: maxSeq + 1, problem: 'TRUNCATED', detail: `the chain head records ${headSeq} rows; the log ends at ${maxSeq}` });
  } else if (maxSeq > headSeq) {
    found.push({ seq: headSeq + 1, problem: 'ROW_AFTER_HEAD', detail: `the chain head records ${headSeq} rows; the log holds rows up to ${maxSeq}` });
  } else if (lastRow && !lastRow.hash.equals(head.hash)) {
    found.push({ seq: headSeq, problem: 'HEAD_MISMATCH', detail: 'the last row was changed after it was appended' });
  }

  const checkpoints = await checkCheckpoints(q, options, head.chain_id, maxSeq, found);
  found.sort((a, b) => a.seq - b.seq);
  const firstBadRow = found[0] ?? null;
  const durationMs = Math.round(performance.now() - started);
  return {
    ok: firstBadRow === null && checkpoints.badSignatures.length === 0 && checkpoints.unknownKeys.length === 0,
    chainId: head.chain_id,
    rowsChecked: checked,
    head: { seq: headSeq, hash: head.hash.toString('hex') },
    lastRow: lastRow ? { seq: Number(lastRow.seq), hash: lastRow.hash.toString('hex') } : null,
    checkpoints,
    firstBadRow,
    advice: adviceOn(checkpoints, options.checkpointDir),
    durationMs,
    rowsPerSecond: durationMs > 0 ? Math.round((checked / durationMs) * 1000) : checked,
  };
}

/** Checks rows lo..hi against each other and against the two rows before lo (the genesis before row 1). */
async function checkBatch(q: Queryable, lo: number, hi: number): Promise<BatchResult> {
  const before = await rows<{ seq: string; hash: Buffer }>(
    q,
    'SELECT seq, hash FROM access_event WHERE seq < $1 ORDER BY seq DESC, occurred_at DESC LIMIT 2',
    [lo],
  );
  const p1 = before[0] ? { seq: Number(before[0].seq), hash: before[0].hash } : { seq: 0, hash: GENESIS_HASH };
  const p2 = before[1]?.hash ?? (before[0] ? GENESIS_HASH : null);
  const [result] = await rows<BatchResult>(q, verifyBatchSql(), [lo, hi, p1.seq, p1.hash, p2]);
  return result!;
}

/** Turns the first flagged row of a batch into the position of the bad row and a reason. */
function locate(r: BatchResult): BadRow {
  const seq = Number(r.bad_seq);
  const before = Number(r.bad_p_seq);
  const problem = r.problem ?? 'LINK_BROKEN';
  switch (problem) {
    case 'ROW_MISSING':
      return { seq: before + 1, problem, detail: `rows ${before + 1} to ${seq - 1} are missing: ${CHAIN_PROBLEMS.ROW_MISSING}` };
    case 'INSERTED_ROW':
    case 'ROW_REWRITTEN':
      return { seq: before, problem, detail: `row ${seq} links past row ${before}: ${CHAIN_PROBLEMS[problem]}` };
    default:
      return { seq, problem, detail: CHAIN_PROBLEMS[problem] };
  }
}

/**
 * One batch [$1, $2] of the walk. $3/$4 are the seq and hash of the row before the batch, $5 the hash
 * of the one before that. Returns how many rows it checked and the first row (by seq) that is out of
 * place, with the kind of fault, in one pass.
 */
export function verifyBatchSql(): string {
  return `
    WITH w AS (
      SELECT e.seq, e.hash, e.prev_hash,
             sha256(e.prev_hash || ${canonicalSql('e')}) AS computed,
             coalesce(lag(e.seq) OVER o, $3::bigint) AS p_seq,
             coalesce(lag(e.hash) OVER o, $4::bytea) AS p_hash,
             coalesce(lag(e.hash, 2) OVER o, CASE WHEN row_number() OVER o = 2 THEN $4::bytea ELSE $5::bytea END) AS pp_hash,
             lead(e.hash) OVER o AS n_hash
        FROM access_event e
       WHERE e.seq BETWEEN $1 AND $2 + 1
      WINDOW o AS (ORDER BY e.seq, e.occurred_at)
    ), flagged AS (
      SELECT seq, p_seq,
             CASE
               WHEN seq = p_seq THEN 'DUPLICATE_SEQ'
               WHEN seq > p_seq + 1 THEN 'ROW_MISSING'
               WHEN prev_hash <> p_hash AND prev_hash = pp_hash THEN 'INSERTED_ROW'
               WHEN prev_hash <> p_hash AND prev_hash = n_hash THEN 'REORDERED'
               WHEN prev_hash <> p_hash AND hash = computed THEN 'ROW_REWRITTEN'
               WHEN prev_hash <> p_hash THEN 'LINK_BROKEN'
               WHEN hash <> computed THEN 'CONTENT_MISMATCH'
             END AS problem
        FROM w
       WHERE seq >= $1 AND seq <= $2
    )
    SELECT count(*) AS n,
           (array_agg(seq ORDER BY seq) FILTER (WHERE problem IS NOT NULL))[1] AS bad_seq,
           (array_agg(p_seq ORDER BY seq) FILTER (WHERE problem IS NOT NULL))[1] AS bad_p_seq,
           (array_agg(problem ORDER BY seq) FILTER (WHERE problem IS NOT NULL))[1] AS problem
      FROM flagged`;
}

/**
 * Sorts the checkpoints by what they can prove: signed by a key the verifier does not hold; signed by a
 * held key but altered; validly signed for another log; or this log's, whose signed positions are then
 * compared with the rows there.
 */
async function checkCheckpoints(
  q: Queryable,
  options: VerifyOptions,
  chainId: string,
  maxSeq: number,
  found: BadRow[],
): Promise<VerificationReport['checkpoints']> {
  const all = await readCheckpoints(q, options.checkpointDir);
  const badSignatures: VerificationReport['checkpoints']['badSignatures'] = [];
  const unknown = new Map<string, { keyId: string; checkpoints: number; sources: Set<string> }>();
  const others = new Map<string, VerificationReport['checkpoints']['otherLogs'][number]>();
  const good: CheckpointRecord[] = [];
  for (const c of all) {
    if (!options.publicKeys.has(c.keyId)) {
      const u = unknown.get(c.keyId) ?? { keyId: c.keyId, checkpoints: 0, sources: new Set<string>() };
      u.checkpoints++;
      for (const source of c.sources) u.sources.add(source);
      unknown.set(c.keyId, u);
    } else if (!verifyCheckpointSignature(c, options.publicKeys)) {
      badSignatures.push({ seq: c.seq, source: c.sources.join('+'), keyId: c.keyId });
    } else if (c.chainId && c.chainId !== chainId) {
      const o = others.get(c.chainId) ?? { chainId: c.chainId, checkpoints: 0, lastSeq: 0, lastSignedAt: c.signedAt };
      o.checkpoints++;
      if (c.seq >= o.lastSeq) Object.assign(o, { lastSeq: c.seq, lastSignedAt: c.signedAt });
      others.set(c.chainId, o);
    } else {
      good.push(c);
    }
  }
  const atRows = new Map(
    (
      await rows<{ seq: string; hash: Buffer }>(q, 'SELECT seq, hash FROM access_event WHERE seq = ANY($1::bigint[])', [
        good.map((c) => String(c.seq)),
      ])
    ).map((r) => [Number(r.seq), r.hash]),
  );
  for (const c of good) {
    if (c.seq > maxSeq) {
      found.push({ seq: maxSeq + 1, problem: 'TRUNCATED', detail: `a checkpoint signed at ${c.signedAt} covers rows up to ${c.seq}; the log ends at ${maxSeq}` });
    } else {
      const hash = atRows.get(c.seq);
      if (hash && !hash.equals(Buffer.from(c.hash, 'hex'))) {
        found.push({ seq: c.seq, problem: 'CHECKPOINT_MISMATCH', detail: `${CHAIN_PROBLEMS.CHECKPOINT_MISMATCH} (signed at ${c.signedAt})` });
      }
    }
  }
  const last = good.at(-1) ?? null;
  const mine = all.filter((c) => !c.chainId || c.chainId === chainId);
  return {
    verified: good.length,
    lastVerifiedSeq: last?.seq ?? null,
    lastSignedAt: last?.signedAt ?? null,
    onlyInDatabase: mine.filter((c) => c.sources.length === 1 && c.sources[0] === 'database').length,
    onlyInDirectory: mine.filter((c) => c.sources.length === 1 && c.sources[0] === 'directory').length,
    badSignatures,
    unknownKeys: [...unknown.values()].map((u) => ({ keyId: u.keyId, checkpoints: u.checkpoints, sources: [...u.sources].sort() })),
    otherLogs: [...others.values()].sort((a, b) => a.lastSignedAt.localeCompare(b.lastSignedAt)),
  };
}

/** Sentences saying what each kind of finding means and what to do about it. */
function adviceOn(checkpoints: VerificationReport['checkpoints'], dir: string | null): string[] {
  const advice: string[] = [];
  for (const u of checkpoints.unknownKeys) {
    advice.push(
      `${u.checkpoints} checkpoint(s) (${u.sources.join(', ')}) were signed by key ${u.keyId}, which this verifier does not hold, ` +
        'so they can be neither checked nor dismissed. If another checkout or worker sharing this database signed them, or it is ' +
        'an earlier key of this hub, copy that key\'s public key (signing-key.pub.pem beside its private key, or ' +
        '`openssl pkey -in signing-key.pem -pubout`) into AUDIT_TRUSTED_KEYS_DIR and verify again; better, give each checkout a ' +
        'database of its own. If no key of yours has that id, treat them as forged.',
    );
  }
  if (checkpoints.badSignatures.length > 0) {
    advice.push(
      `${checkpoints.badSignatures.length} checkpoint(s) name a key this verifier holds but do not match its signature: ` +
        'they were altered after signing. Keep the files and the database as they are and investigate.',
    );
  }
  for (const o of checkpoints.otherLogs) {
    advice.push(
      `${o.checkpoints} checkpoint(s) in ${dir ?? 'the checkpoint directory'} were signed for another access log (chain ${o.chainId}, ` +
        `up to row ${o.lastSeq}, last signed at ${o.lastSignedAt}), such as a database since dropped and made again; they say ` +
        'nothing about this log and were not checked against it. If that database was dropped on purpose, archive or remove ' +
        'them (`npm run demo -- --reset` does for the demo); if not, this is not the database they were signed for.',
    );
  }
  return advice;
}
