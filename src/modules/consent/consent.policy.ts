// Roles: whoever records consent for a young person it can see (EPCs, lead workers, advisers, pastoral
// leads, partner systems, IG officers). Sensitive categories: every category a consent event scopes.
import type { ConsentAuthority, ConsentEventKind } from '../../policy/policy.types.js';

/** Events that widen what is shared: recording them needs a proven authority (a known date of birth). */
export const WIDENING_KINDS: readonly ConsentEventKind[] = ['GIVEN', 'OBJECTION_LIFTED'];

/** Why a consent-ledger event may not be recorded, or null when it may. */
export type RecordingRefusal = 'AUTHORITY_UNPROVEN' | 'WRONG_AUTHORITY';

/**
 * The recording rule: every kind of event (given, refused, withdrawn, objection raised or lifted) is the
 * decision of the authority on the day it is recorded (`authority`: a parent or guardian under the consent
 * age, the young person from that birthday; null when the date of birth is unknown). With no proven
 * authority nobody may widen access, while a refusal, withdrawal or objection is accepted from either.
 */
export function recordingRefusal(kind: ConsentEventKind, givenBy: ConsentAuthority, authority: ConsentAuthority | null): RecordingRefusal | null {
  if (authority === null) return WIDENING_KINDS.includes(kind) ? 'AUTHORITY_UNPROVEN' : null;
  return authority === givenBy ? null : 'WRONG_AUTHORITY';
}
