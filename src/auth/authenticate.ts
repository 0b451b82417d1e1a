import type { PrincipalsService } from '../modules/principals/principals.service.js';
import { toAuthenticatedPrincipal, type AuthenticatedPrincipal } from './principal.js';
import { bearerToken, TokenError, verifyToken, type TokenClaims } from './tokens.js';

/** A further check of how the principal authenticated (partner systems' keys: src/modules/partner-credentials); throws a TokenError to refuse. */
export type CredentialCheck = (principal: AuthenticatedPrincipal, claims: TokenClaims) => Promise<void>;

/** Resolves the Authorization header to an active principal (and the policy version); throws TokenError with a clear reason otherwise. */
export async function authenticate(
  principals: PrincipalsService,
  secret: string,
  authorization: string | undefined,
  checkCredential?: CredentialCheck,
): Promise<{ principal: AuthenticatedPrincipal; policyVersion: number }> {
  const claims = await verifyToken(secret, bearerToken(authorization));
  const found = await principals.findActiveById(claims.principalId);
  if (!found || found.principal.handle !== claims.handle) {
    throw new TokenError('INVALID', 'The token names a principal that is unknown or no longer active');
  }
  const principal = toAuthenticatedPrincipal(found.principal);
  // On every request, never from a cache: revoking a partner key must end its tokens on the next request.
  await checkCredential?.(principal, claims);
  return { principal, policyVersion: found.policyVersion };
}
