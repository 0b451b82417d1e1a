import type { CredentialCheck } from '../../auth/authenticate.js';
import { TokenError } from '../../auth/tokens.js';
import type { PartnerConfig } from './partner.config.js';
import type { PartnerKeysService } from './partner-keys.service.js';

/** The refusal of a shared-secret token presented by a partner system where those are refused. */
export const SHARED_SECRET_REFUSED =
  'Partner systems authenticate with a client assertion exchanged at /oauth/token (docs/partners.md); shared-secret tokens are for people in the demo only';

/**
 * How partner systems may authenticate: a token minted from a partner key is accepted only while that key is
 * usable (so revoking the key ends its tokens on the next request); a shared-secret token is accepted for a
 * SYSTEM principal only where PartnerConfig.sharedSecretTokensForSystems allows it (development and tests).
 */
export function partnerCredentialCheck(config: Pick<PartnerConfig, 'sharedSecretTokensForSystems'>, keys: PartnerKeysService): CredentialCheck {
  return async (principal, claims) => {
    if (claims.partnerKeyId) {
      if (principal.kind !== 'SYSTEM' || !(await keys.isUsable(principal.id, claims.partnerKeyId))) {
        throw new TokenError('INVALID', 'The key this token was issued from has been revoked or has expired: register a key and ask for a new token');
      }
      return;
    }
    if (principal.kind === 'SYSTEM' && !config.sharedSecretTokensForSystems) throw new TokenError('INVALID', SHARED_SECRET_REFUSED);
  };
}
