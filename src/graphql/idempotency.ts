import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from './context.js';
import { badRequest } from './errors.js';

/** The request header a client sends with a mutation it may retry. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The response header set when a mutation was answered from an earlier request with the same key. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/** How long a key is remembered: a retry within this window does nothing again. */
export const IDEMPOTENCY_TTL = '24 hours';

/** Audit event of a retried mutation answered from its first run (an activity: no change row). */
export const REPLAY_EVENT = 'request.replayed';

const KEY = /^[A-Za-z0-9_-]{1,100}$/;

/** What a guarded mutation keeps of its first run to answer a retry with: ids and counts, never personal values. */
export type IdempotentResult = Readonly<Record<string, string | number | boolean | null>> | null;

/** A mutation sent with an Idempotency-Key, as the idempotency plugin found it. */
export interface IdempotentRequest {
  key: string;
  /** The mutation's root field. */
  operation: string;
  /** SHA-256 (hex) of the root field and its argument values: the same request hashes the same. */
  requestHash: string;
  /** Set once the mutation took its key: its first run, or a retry answered from the first. */
  outcome: 'first' | 'replayed' | null;
}

/** Reads the Idempotency-Key header: absent → null; present but malformed → BAD_REQUEST (HTTP 400). */
export function parseIdempotencyKey(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!KEY.test(value)) {
    throw new GraphQLError('Idempotency-Key: must be 1 to 100 characters of A-Z, a-z, 0-9, "_" and "-"', {
      extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
    });
  }
  return value;
}

/**
 * The hash that says whether two requests are the same: the root field and its argument values (inline or
 * from variables, defaults applied), keys sorted, and an absent optional input the same as an explicit null.
 */
export function requestHash(operation: string, args: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(JSON.stringify([operation, normalise(args)])).digest('hex');
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] != null)
        .map((k) => [k, normalise((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The same key was sent with a different request: refused (HTTP 422), nothing is done. */
export function idempotencyKeyReused(operation: string): GraphQLError {
  return new GraphQLError(
    `Idempotency-Key was already used by this principal for a different request (${operation} with other arguments, or another mutation); use a new key (IDEMPOTENCY_KEY_REUSED)`,
    { extensions: { code: 'BAD_REQUEST', reason: 'IDEMPOTENCY_KEY_REUSED', http: { status: 422 } } },
  );
}

/**
 * Runs a mutation's change once per Idempotency-Key. Call it first inside the transaction that makes the
 * change (`em`), after the purpose and permission checks: with no key it just runs `fn`; with a key it takes
 * the key in that transaction (so the key is taken exactly when the change commits; a concurrent retry waits
 * on the key's row until then), runs `fn` and keeps its result beside the key. A retry of the same request
 * gets that result back without `fn` running (and the access log gets a replay row, not a change row); the
 * key with a different request is refused with IDEMPOTENCY_KEY_REUSED.
 */
export async function withIdempotency<T extends IdempotentResult>(ctx: RequestContext, em: EntityManager, fn: () => Promise<T>): Promise<T> {
  const req = ctx.idempotency;
  if (!req) return fn();
  if (req.outcome) throw badRequest('Idempotency-Key: one key guards one change; this operation asked for two');
  if (!em.queryRunner?.isTransactionActive) throw new Error('withIdempotency must run inside the transaction that makes the change');
  const taken = (await em.query(
    `INSERT INTO idempotency_key (principal_id, key, operation, request_hash, request_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + interval '${IDEMPOTENCY_TTL}')
     ON CONFLICT (principal_id, key) DO UPDATE
        SET operation = EXCLUDED.operation, request_hash = EXCLUDED.request_hash, request_id = EXCLUDED.request_id,
            result = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
      WHERE idempotency_key.expires_at <= now()
     RETURNING key`,
    [ctx.principal.id, req.key, req.operation, req.requestHash, ctx.requestId],
  )) as unknown[];
  if (taken.length === 0) {
    const [first] = (await em.query('SELECT request_hash, request_id, result FROM idempotency_key WHERE principal_id = $1 AND key = $2', [
      ctx.principal.id,
      req.key,
    ])) as [{ request_hash: string; request_id: string; result: T }];
    if (first.request_hash !== req.requestHash) throw idempotencyKeyReused(req.operation);
    req.outcome = 'replayed';
    ctx.access.noteActivity({ personId: null, event: REPLAY_EVENT, detail: { operation: req.operation, firstRequestId: first.request_id } });
    return first.result;
  }
  const result = await fn();
  await em.query('UPDATE idempotency_key SET result = $3 WHERE principal_id = $1 AND key = $2', [ctx.principal.id, req.key, JSON.stringify(result)]);
  req.outcome = 'first';
  // Forget keys past their day, a few at a time, skipping any another transaction holds.
  await em.query(
    `DELETE FROM idempotency_key WHERE (principal_id, key) IN
       (SELECT principal_id, key FROM idempotency_key WHERE expires_at <= now() LIMIT 100 FOR UPDATE SKIP LOCKED)`,
  );
  return result;
}
