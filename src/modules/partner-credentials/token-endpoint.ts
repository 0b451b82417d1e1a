import express, { type Request, type Response, type Router } from 'express';
import { signToken } from '../../auth/tokens.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { AppConfig } from '../../config/config.js';
import type { Logger } from '../../logger.js';
import type { PrincipalsService } from '../principals/principals.service.js';
import { AssertionError, claimedClientId, JWT_BEARER_ASSERTION, verifyClientAssertion } from './client-assertion.js';
import type { PartnerKeysService } from './partner-keys.service.js';
import type { DataSource } from 'typeorm';
import type { PartnerRateLimiter } from './rate-limit.js';

/** Where partner systems exchange a client assertion for a hub access token. */
export const TOKEN_PATH = '/oauth/token';

/** Audit event of a token issued to a partner system (ids only). */
export const TOKEN_ISSUED_EVENT = 'partner_token.issued';

/** What the token endpoint needs from the process. */
export interface TokenEndpointDeps {
  config: AppConfig;
  ds: DataSource;
  log: Logger;
  principals: PrincipalsService;
  partnerKeys: PartnerKeysService;
  audit: AuditService;
  rateLimiter: PartnerRateLimiter;
}

/** The audience an assertion must name: the token endpoint's public address. */
export function tokenEndpointUrl(config: AppConfig, req: Request): string {
  return `${config.partners.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`}${TOKEN_PATH}`;
}

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).set('cache-control', 'no-store').json({ error, error_description: description });
}

/**
 * The OAuth 2 token endpoint for partner systems (RFC 6749 §4.4 client credentials, authenticated by
 * private_key_jwt, RFC 7523): verifies the assertion against the system's registered keys, refuses an assertion
 * whose jti was already used, and mints a short-lived hub access token bound to the key that signed it. The jti
 * and the access-log row of the issue commit in one transaction: if the row cannot be written, no token leaves.
 */
export function tokenEndpoint(deps: TokenEndpointDeps): Router {
  const router = express.Router();
  router.post(TOKEN_PATH, express.urlencoded({ extended: false, limit: '16kb' }), express.json({ limit: '16kb' }), async (req, res) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body['grant_type'] !== 'client_credentials') {
        oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be client_credentials');
        return;
      }
      const assertion = body['client_assertion'];
      if (body['client_assertion_type'] !== JWT_BEARER_ASSERTION || typeof assertion !== 'string' || assertion.length > 8192) {
        oauthError(res, 400, 'invalid_request', `send client_assertion_type=${JWT_BEARER_ASSERTION} and a client_assertion (a signed JWT)`);
        return;
      }
      const clientId = claimedClientId(assertion);
      if (!clientId || (body['client_id'] !== undefined && body['client_id'] !== clientId)) {
        oauthError(res, 401, 'invalid_client', 'The client assertion must name the client (iss = sub = client_id)');
        return;
      }
      const principal = await deps.principals.findByHandle(clientId);
      const system = principal?.active && principal.kind === 'SYSTEM' ? principal : null;
      if (system) {
        const decision = await deps.rateLimiter.consume({ id: system.id, handle: system.handle }, 'token');
        if (!decision.allowed) {
          res.set('retry-after', String(decision.retryAfterSeconds));
          oauthError(res, 429, 'slow_down', `Too many token requests: retry after ${decision.retryAfterSeconds} s`);
          return;
        }
      }
      const verified = await verifyClientAssertion(assertion, clientId, system ? await deps.partnerKeys.usableKeys(system.id) : [], tokenEndpointUrl(deps.config, req));
      const ttl = deps.config.partners.tokenTtlSeconds;
      const requestId = String(res.locals['requestId']);
      const issued = await deps.ds.transaction(async (em) => {
        // Spent assertions are kept only until they expire (a few at a time, so the table stays small).
        await em.query(`DELETE FROM client_assertion_use WHERE ctid IN (SELECT ctid FROM client_assertion_use WHERE expires_at < now() LIMIT 100)`);
        const fresh = (await em.query(
          `INSERT INTO client_assertion_use (principal_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING jti`,
          [system!.id, verified.jti, verified.expiresAt],
        )) as unknown[];
        if (fresh.length === 0) return false;
        await deps.audit.recordChange(
          { requestId, principal: { id: system!.id, roles: system!.roles, organisation: { id: system!.organisation.id } }, purpose: null, operation: 'oauth.token' },
          em,
          { personId: null, event: TOKEN_ISSUED_EVENT, change: { partnerKeyId: verified.keyId, expiresInSeconds: ttl }, providerIds: [system!.organisation.id] },
        );
        return true;
      });
      if (!issued) {
        oauthError(res, 401, 'invalid_client', 'This client assertion has already been used: sign a new one (with a new jti) for each token request');
        return;
      }
      const token = await signToken(deps.config.authSecret, { principalId: system!.id, handle: system!.handle, partnerKeyId: verified.keyId }, `${ttl}s`);
      res.set('cache-control', 'no-store').set('pragma', 'no-cache').json({ access_token: token, token_type: 'Bearer', expires_in: ttl });
    } catch (err) {
      if (err instanceof AssertionError) {
        oauthError(res, err.error === 'invalid_client' ? 401 : 400, err.error, err.message);
        return;
      }
      // PostgreSQL or the access log away: no token leaves (and nothing about why beyond the error's name goes to the log).
      deps.log.warn('token request failed', { errorName: (err as Error).name });
      oauthError(res, 503, 'temporarily_unavailable', 'The hub cannot issue tokens just now: try again shortly');
    }
  });
  return router;
}
