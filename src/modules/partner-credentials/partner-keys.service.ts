import type { DataSource } from 'typeorm';
import type { JWK } from 'jose';
import type { RequestContext } from '../../graphql/context.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import { badInput, notFound } from '../../graphql/errors.js';
import type { PartnerKeyType, RegisterPartnerKeyInput } from './partner-key.type.js';
import { checkPublicJwk, JwkError } from './public-jwk.js';

/** Keys a partner system may have active at once: the current one and its successor, while it rotates. */
export const MAX_ACTIVE_KEYS = 2;

/** Audit events of key changes (ids, key ids and thumbprints only). */
export const PARTNER_KEY_EVENTS = { registered: 'partner_key.registered', revoked: 'partner_key.revoked' } as const;

interface KeyRow {
  id: string;
  principal_id: string;
  handle: string;
  kid: string;
  public_jwk: JWK;
  thumbprint: string;
  created_at: Date;
  not_after: Date | null;
  revoked_at: Date | null;
}

const SELECT_KEYS = `SELECT k.id, k.principal_id, p.handle, k.kid, k.public_jwk, k.thumbprint, k.created_at, k.not_after, k.revoked_at
                       FROM partner_key k JOIN principal p ON p.id = k.principal_id`;

/** Whether a key is accepted at `now`: not revoked, not past its end. */
function usable(row: Pick<KeyRow, 'revoked_at' | 'not_after'>, now = new Date()): boolean {
  return row.revoked_at === null && (row.not_after === null || row.not_after > now);
}

function toType(row: KeyRow): PartnerKeyType {
  return {
    id: row.id,
    principalHandle: row.handle,
    kid: row.kid,
    alg: String(row.public_jwk.alg),
    thumbprint: row.thumbprint,
    publicJwk: row.public_jwk as Record<string, unknown>,
    createdAt: row.created_at,
    notAfter: row.not_after,
    revokedAt: row.revoked_at,
    active: usable(row),
  };
}

/**
 * Partner systems' public keys (docs/partners.md): registered and revoked by the hub's administrators, each change
 * with its access-log row in the same transaction; read by the token endpoint (the keys an assertion may be signed
 * with) and on every request of a token minted from a key (so a revocation applies from the next request).
 */
export class PartnerKeysService {
  constructor(private readonly ds: DataSource) {}

  /** The keys of a partner system, newest first. */
  async list(ctx: RequestContext, principalHandle: string): Promise<PartnerKeyType[]> {
    await this.systemByHandle(ctx, principalHandle);
    const rows = (await ctx.ds.query(`${SELECT_KEYS} WHERE p.handle = $1 ORDER BY k.created_at DESC, k.kid`, [principalHandle])) as KeyRow[];
    return rows.map(toType);
  }

  /** Registers a public key for a partner system; refused when it already has MAX_ACTIVE_KEYS active keys or the kid is taken. */
  async register(ctx: RequestContext, input: RegisterPartnerKeyInput): Promise<PartnerKeyType> {
    let checked;
    try {
      checked = await checkPublicJwk(input.jwk);
    } catch (err) {
      if (err instanceof JwkError) throw badInput('jwk', err.message);
      throw err;
    }
    if (input.notAfter && input.notAfter <= new Date()) throw badInput('notAfter', 'must be in the future');
    const system = await this.systemByHandle(ctx, input.principalHandle);
    const { id } = await ctx.ds.transaction((em) => withIdempotency(ctx, em, async () => {
      // One registration at a time per system, so two concurrent ones cannot both pass the count.
      await em.query('SELECT id FROM principal WHERE id = $1 FOR UPDATE', [system.id]);
      const keys = (await em.query('SELECT kid, revoked_at, not_after FROM partner_key WHERE principal_id = $1', [system.id])) as Array<
        Pick<KeyRow, 'kid' | 'revoked_at' | 'not_after'>
      >;
      if (keys.some((k) => k.kid === checked.kid)) throw badInput('jwk', `this system already has a key with kid "${checked.kid}"`);
      if (keys.filter((k) => usable(k)).length >= MAX_ACTIVE_KEYS) {
        throw badInput('jwk', `a system may have at most ${MAX_ACTIVE_KEYS} active keys (the current one and its successor): revoke one first`);
      }
      const [row] = (await em.query(
        `INSERT INTO partner_key (principal_id, kid, public_jwk, thumbprint, created_by, not_after) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [system.id, checked.kid, JSON.stringify(checked.jwk), checked.thumbprint, ctx.principal.id, input.notAfter ?? null],
      )) as [{ id: string }];
      await ctx.services.audit.recordChange(ctx, em, {
        personId: null,
        event: PARTNER_KEY_EVENTS.registered,
        change: { partnerKeyId: row.id, systemPrincipalId: system.id, kid: checked.kid, thumbprint: checked.thumbprint, notAfter: input.notAfter?.toISOString() ?? null },
        providerIds: [system.organisationId],
      });
      return { id: row.id };
    }));
    return this.byId(ctx, id);
  }

  /** Revokes a key: assertions signed with it, and hub tokens minted from it, are refused from the next request. */
  async revoke(ctx: RequestContext, keyId: string): Promise<PartnerKeyType> {
    if (!/^[0-9a-f-]{36}$/i.test(keyId)) throw badInput('id', 'must be a UUID');
    await ctx.ds.transaction((em) => withIdempotency(ctx, em, async () => {
      const [row] = (await em.query(
        `SELECT k.id, k.kid, k.revoked_at, k.principal_id, p.organisation_id FROM partner_key k JOIN principal p ON p.id = k.principal_id WHERE k.id = $1 FOR UPDATE OF k`,
        [keyId],
      )) as Array<{ id: string; kid: string; revoked_at: Date | null; principal_id: string; organisation_id: string }>;
      if (!row) throw notFound('PartnerKey');
      if (row.revoked_at) return { id: keyId };
      await em.query('UPDATE partner_key SET revoked_at = now(), revoked_by = $2 WHERE id = $1', [keyId, ctx.principal.id]);
      await ctx.services.audit.recordChange(ctx, em, {
        personId: null,
        event: PARTNER_KEY_EVENTS.revoked,
        change: { partnerKeyId: keyId, systemPrincipalId: row.principal_id, kid: row.kid },
        providerIds: [row.organisation_id],
      });
      return { id: keyId };
    }));
    return this.byId(ctx, keyId);
  }

  /** The usable keys of a system (for verifying its assertions), with their row ids. */
  async usableKeys(principalId: string): Promise<Array<{ id: string; jwk: JWK }>> {
    const rows = (await this.ds.query(
      `SELECT id, public_jwk FROM partner_key WHERE principal_id = $1 AND revoked_at IS NULL AND (not_after IS NULL OR not_after > now())`,
      [principalId],
    )) as Array<{ id: string; public_jwk: JWK }>;
    return rows.map((r) => ({ id: r.id, jwk: r.public_jwk }));
  }

  /** Whether this key of this system is still usable (checked on every request of a token minted from it). */
  async isUsable(principalId: string, keyId: string): Promise<boolean> {
    const rows = (await this.ds.query(
      `SELECT 1 FROM partner_key WHERE id = $1 AND principal_id = $2 AND revoked_at IS NULL AND (not_after IS NULL OR not_after > now())`,
      [keyId, principalId],
    )) as unknown[];
    return rows.length === 1;
  }

  private async byId(ctx: RequestContext, id: string): Promise<PartnerKeyType> {
    const [row] = (await ctx.ds.query(`${SELECT_KEYS} WHERE k.id = $1`, [id])) as KeyRow[];
    if (!row) throw notFound('PartnerKey');
    return toType(row);
  }

  private async systemByHandle(ctx: RequestContext, handle: string): Promise<{ id: string; organisationId: string }> {
    const [row] = (await ctx.ds.query(`SELECT id, organisation_id FROM principal WHERE handle = $1 AND kind = 'SYSTEM'`, [handle])) as Array<{
      id: string;
      organisation_id: string;
    }>;
    if (!row) throw badInput('principalHandle', 'names no partner system');
    return { id: row.id, organisationId: row.organisation_id };
  }
}
