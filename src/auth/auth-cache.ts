import type { PrincipalsService } from '../modules/principals/principals.service.js';
import { POLICY_VERSION_SQL, STANDING_SQL } from '../modules/principals/principals.service.js';
import { unauthenticated } from '../graphql/errors.js';
import { defineAbilityFor, type AppAbility } from '../policy/abilities.js';
import type { CredentialCheck } from './authenticate.js';
import { toAuthenticatedPrincipal, type AuthenticatedPrincipal } from './principal.js';
import { bearerToken, TokenError, verifyToken, type VerifiedToken } from './tokens.js';

/** Cached tokens and principals kept at most; the cache is emptied when full (it refills on the next requests). */
const CACHE_LIMIT = 10_000;

const abilities = new WeakMap<AuthenticatedPrincipal, AppAbility>();

const REVOKED = 'The token names a principal that is unknown or no longer active';

interface CachedPrincipal {
  principal: AuthenticatedPrincipal;
  /** Digest of the principal's and its organisation's rows when cached (STANDING_SQL). */
  standing: string;
  policyVersion: number;
}

/**
 * One request's authentication. From the cache it is provisional: the principal, its roles and the policy
 * version are what they were on an earlier request, and the request must confirm them against PostgreSQL
 * before anything leaves or changes, either with `confirm()` (one small statement) or inside a statement
 * it runs anyway (`guard()` and `settle()`), so that a revoked principal is refused on its very next request.
 */
export class RequestAuth {
  private confirmation: Promise<void> | null = null;
  private ok: boolean;
  private readonly versionsUsed = new Set<number>();

  constructor(
    private readonly cache: AuthCache,
    readonly principal: AuthenticatedPrincipal,
    private standing: string,
    /** The policy version the request works with (the current one once confirmed). */
    public policyVersion: number,
    confirmed: boolean,
  ) {
    this.ok = confirmed;
  }

  /** The principal's CASL ability, built once per cached principal (any change to it makes a new principal object). */
  get ability(): AppAbility {
    let ability = abilities.get(this.principal);
    if (!ability) {
      ability = defineAbilityFor(this.principal);
      abilities.set(this.principal, ability);
    }
    return ability;
  }

  /** True once PostgreSQL has said the principal still stands and the policy version is current. */
  get confirmed(): boolean {
    return this.ok;
  }

  /** Checks the cached principal and policy version in one statement (once per request); throws TokenError when revoked (see confirmOrRefuse). */
  confirm(): Promise<void> {
    if (this.ok) return Promise.resolve();
    this.confirmation ??= this.cache.principals.standing(this.principal.id).then((now) => {
      this.settle(now);
    });
    return this.confirmation;
  }

  /**
   * SQL columns `auth_standing` and `auth_policy_version` to add to a statement the request runs anyway
   * (with its params), and a condition that releases nothing unless the principal still stands under this
   * policy version; hand the two columns to `settle()`.
   */
  guard(): { columns: string; condition: string; params: Record<string, unknown> } {
    return {
      columns: `${STANDING_SQL} AS auth_standing, ${POLICY_VERSION_SQL} AS auth_policy_version`,
      condition: `(${STANDING_SQL} = :authStanding AND ${POLICY_VERSION_SQL} = :authPolicyVersion)`,
      params: { standingPrincipal: this.principal.id, authStanding: this.standing, authPolicyVersion: this.policyVersion },
    };
  }

  /**
   * Takes the standing and policy version read now (by `confirm()` or a guarded statement): throws a
   * TokenError (and forgets the principal) when it no longer stands; returns false when the policy version
   * moved on (the request must then recompile its rules and read again), true when all is as cached.
   */
  settle(now: { standing: string | null; policyVersion: number }): boolean {
    if (now.standing === null || now.standing !== this.standing) {
      this.cache.forget(this.principal.id);
      // A changed (not revoked) principal is re-read on its next request; this one is refused all the same.
      throw new TokenError('INVALID', REVOKED);
    }
    this.ok = true;
    const current = now.policyVersion === this.policyVersion;
    if (!current) {
      this.policyVersion = now.policyVersion;
      this.cache.remember(this.principal.id, { principal: this.principal, standing: this.standing, policyVersion: now.policyVersion });
    }
    return current;
  }

  /** Notes that rules compiled at this version decided something in the response. */
  useVersion(version: number): void {
    this.versionsUsed.add(version);
  }

  /** Forgets a version whose rules turned out stale before they decided anything (they are compiled again). */
  discardVersion(version: number): void {
    this.versionsUsed.delete(version);
  }

  /** True when every decision of the response was made under the current policy version. */
  get decidedUnderCurrentPolicy(): boolean {
    return [...this.versionsUsed].every((v) => v === this.policyVersion);
  }
}

/** Confirms a request's cached authentication, as an UNAUTHENTICATED GraphQL error (HTTP 401) when the principal was revoked. */
export async function confirmOrRefuse(auth: RequestAuth | undefined): Promise<void> {
  try {
    await auth?.confirm();
  } catch (err) {
    if (err instanceof TokenError) throw unauthenticated(err.message);
    throw err;
  }
}

/**
 * Authentication cached per token and principal: a token's signature is verified once (until it expires),
 * and the principal, its roles and organisation and the policy version are kept from the last request that
 * read them. Every request still confirms them in PostgreSQL (see RequestAuth), so a revocation or a change
 * of agreements takes effect on the next request; what the cache saves is the JWT verification, the entity
 * load, and, where a request folds the check into its own statement, the round trip.
 */
export class AuthCache {
  private readonly tokens = new Map<string, VerifiedToken>();
  private readonly byPrincipal = new Map<string, CachedPrincipal>();

  constructor(
    readonly principals: PrincipalsService,
    private readonly secret: string,
    /** How the principal authenticated, checked on every request and never cached (partner keys: revoking one ends its tokens at once). */
    private readonly checkCredential?: CredentialCheck,
  ) {}

  /** Resolves the Authorization header to a principal; throws TokenError with a clear reason otherwise. */
  async authenticate(authorization: string | undefined): Promise<RequestAuth> {
    const token = bearerToken(authorization);
    let claims = this.tokens.get(token);
    if (claims && claims.expiresAt * 1000 <= Date.now()) {
      this.tokens.delete(token);
      claims = undefined;
    }
    if (!claims) {
      claims = await verifyToken(this.secret, token);
      bounded(this.tokens).set(token, claims);
    }
    const cached = this.byPrincipal.get(claims.principalId);
    if (cached && cached.principal.handle === claims.handle) {
      await this.checkCredential?.(cached.principal, claims);
      return new RequestAuth(this, cached.principal, cached.standing, cached.policyVersion, false);
    }
    const found = await this.principals.findActiveById(claims.principalId);
    if (!found || found.principal.handle !== claims.handle) throw new TokenError('INVALID', REVOKED);
    const principal = toAuthenticatedPrincipal(found.principal);
    await this.checkCredential?.(principal, claims);
    this.remember(principal.id, { principal, standing: found.standing, policyVersion: found.policyVersion });
    return new RequestAuth(this, principal, found.standing, found.policyVersion, true);
  }

  /** Keeps a principal's state for its next requests. */
  remember(principalId: string, entry: CachedPrincipal): void {
    bounded(this.byPrincipal).set(principalId, entry);
  }

  /** Drops a principal found revoked or changed. */
  forget(principalId: string): void {
    this.byPrincipal.delete(principalId);
  }
}

function bounded<K, V>(map: Map<K, V>): Map<K, V> {
  if (map.size >= CACHE_LIMIT) map.clear();
  return map;
}
