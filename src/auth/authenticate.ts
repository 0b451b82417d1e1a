import type { PrincipalsService } from '../modules/principals/principals.service.js';
import { toAuthenticatedPrincipal, type AuthenticatedPrincipal } from './principal.js';
import { bearerToken, TokenError, verifyToken } from './tokens.js';

/** Resolves the Authorization header to an active principal; throws TokenError with a clear reason otherwise. */
export async function authenticate(
  principals: PrincipalsService,
  secret: string,
  authorization: string | undefined,
): Promise<AuthenticatedPrincipal> {
  const claims = await verifyToken(secret, bearerToken(authorization));
  const principal = await principals.findActiveById(claims.principalId);
  if (!principal || principal.handle !== claims.handle) {
    throw new TokenError('INVALID', 'The token names a principal that is unknown or no longer active');
  }
  return toAuthenticatedPrincipal(principal);
}
