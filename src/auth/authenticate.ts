import type { PrincipalsService } from '../modules/principals/principals.service.js';
import { toAuthenticatedPrincipal, type AuthenticatedPrincipal } from './principal.js';
import { bearerToken, TokenError, verifyToken } from './tokens.js';

/** Resolves the Authorization header to an active principal (and the policy version); throws TokenError with a clear reason otherwise. */
export async function authenticate(
  principals: PrincipalsService,
  secret: string,
  authorization: string | undefined,
): Promise<{ principal: AuthenticatedPrincipal; policyVersion: number }> {
  const claims = await verifyToken(secret, bearerToken(authorization));
  const found = await principals.findActiveById(claims.principalId);
  if (!found || found.principal.handle !== claims.handle) {
    throw new TokenError('INVALID', 'The token names a principal that is unknown or no longer active');
  }
  return { principal: toAuthenticatedPrincipal(found.principal), policyVersion: found.policyVersion };
}
