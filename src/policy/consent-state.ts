import type { OrganisationKind } from '../modules/organisations/organisation-kind.js';
import { ageOn } from './age.js';
import type { DataCategory } from './data-category.js';
import type { ConsentAuthority, ConsentEventFacts } from './policy.types.js';
import type { Purpose } from './purpose.js';

/** The consent position for one recipient, purpose and category (twin of SQL consent_state()). */
export type ConsentState = 'NONE' | 'VALID' | 'STALE' | 'WITHDRAWN' | 'REFUSED';

/** The recipient, purpose and category a consent question is about. */
export interface ConsentScope {
  organisationId: string;
  organisationKind: OrganisationKind;
  purpose: Purpose;
  category: DataCategory;
}

/** Does the event cover this scope? Null fields of an event mean "all". */
export function covers(e: ConsentEventFacts, s: ConsentScope): boolean {
  const recipient =
    (e.recipientOrganisationId === null && e.recipientKind === null) ||
    e.recipientOrganisationId === s.organisationId ||
    e.recipientKind === s.organisationKind;
  return recipient && (e.purpose === null || e.purpose === s.purpose) && (e.categories === null || e.categories.includes(s.category));
}

/** Who decides on consent for a person of this date of birth today; null when the age is unknown. */
export function authorityOn(dateOfBirth: string | null, today: string, adultAge: number): ConsentAuthority | null {
  if (!dateOfBirth) return null;
  return ageOn(dateOfBirth, today) >= adultAge ? 'YOUNG_PERSON' : 'PARENT_GUARDIAN';
}

/** The latest covering consent-type event decides; a consent given by a parent lapses on the young person's birthday. */
export function consentState(
  events: readonly ConsentEventFacts[],
  scope: ConsentScope,
  dateOfBirth: string | null,
  today: string,
  adultAge: number,
): ConsentState {
  let latest: ConsentEventFacts | undefined;
  for (const e of events) {
    if ((e.kind === 'GIVEN' || e.kind === 'REFUSED' || e.kind === 'WITHDRAWN') && covers(e, scope)) {
      if (!latest || e.seq > latest.seq) latest = e;
    }
  }
  if (!latest) return 'NONE';
  if (latest.kind === 'WITHDRAWN') return 'WITHDRAWN';
  if (latest.kind === 'REFUSED') return 'REFUSED';
  return latest.givenBy === authorityOn(dateOfBirth, today, adultAge) ? 'VALID' : 'STALE';
}

/** The latest covering event of the given kinds, if any. */
function latestOf(events: readonly ConsentEventFacts[], kinds: readonly ConsentEventFacts['kind'][], scope: ConsentScope): ConsentEventFacts | undefined {
  let latest: ConsentEventFacts | undefined;
  for (const e of events) {
    if (kinds.includes(e.kind) && covers(e, scope) && (!latest || e.seq > latest.seq)) latest = e;
  }
  return latest;
}

/**
 * An objection stands when the latest covering objection event raised it, or when a refusal has not
 * been followed by consent (a later withdrawal does not undo a refusal: only consent does).
 */
export function objectionStands(events: readonly ConsentEventFacts[], scope: ConsentScope): boolean {
  if (latestOf(events, ['OBJECTION_RAISED', 'OBJECTION_LIFTED'], scope)?.kind === 'OBJECTION_RAISED') return true;
  return latestOf(events, ['GIVEN', 'REFUSED'], scope)?.kind === 'REFUSED';
}
