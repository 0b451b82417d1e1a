// A small, obviously-correct reference model of design §4, written separately from the engine
// (no CASL, no memoisation, no shared helpers): the property tests compare the two.
import type { DataCategory } from '../../src/policy/data-category.js';
import type { ConsentEventFacts, PersonFacts, PolicyClause, ProviderFacts, Requester } from '../../src/policy/policy.types.js';
import type { Purpose } from '../../src/policy/purpose.js';
import type { RedactionReason } from '../../src/policy/redaction-reason.js';

const PURPOSES_OF: Record<string, Purpose[]> = {
  ADMIN: ['EARLY_IDENTIFICATION', 'BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION', 'ADMISSIONS', 'STATISTICS', 'AUDIT'],
  EPC: ['EARLY_IDENTIFICATION', 'BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION'],
  LEAD_WORKER: ['LEAD_WORKER_SUPPORT', 'TRACKING'],
  CW_ADVISER: ['BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION'],
  PROVIDER_PASTORAL: ['TRANSITION', 'TRACKING', 'ADMISSIONS'],
  PARTNER_SYSTEM: ['TRACKING', 'TRANSITION', 'ADMISSIONS', 'UNKNOWN_RESOLUTION', 'BROKERAGE', 'EARLY_IDENTIFICATION'],
  IG_OFFICER: ['AUDIT'],
  ANALYST: ['STATISTICS'],
};

const ADMISSIONS_NEVER: DataCategory[] = ['EARLY_IDENTIFICATION_RISK', 'BEHAVIOUR', 'YOUTH_JUSTICE', 'SUPPORT_NEEDS'];

/** The reference answer: released, or withheld with a reason. */
export interface ReferenceDecision {
  allowed: boolean;
  reason: RedactionReason | null;
}

function yearsOld(dob: string, today: string): number {
  const b = new Date(`${dob}T00:00:00Z`);
  const t = new Date(`${today}T00:00:00Z`);
  let years = t.getUTCFullYear() - b.getUTCFullYear();
  const birthdayThisYear = t.getUTCMonth() > b.getUTCMonth() || (t.getUTCMonth() === b.getUTCMonth() && t.getUTCDate() >= b.getUTCDate());
  if (!birthdayThisYear) years -= 1;
  return years;
}

function eventCovers(e: ConsentEventFacts, r: Requester, purpose: Purpose, category: DataCategory): boolean {
  const toEveryone = e.recipientOrganisationId === null && e.recipientKind === null;
  const toMe = toEveryone || e.recipientOrganisationId === r.organisationId || e.recipientKind === r.organisationKind;
  return toMe && (e.purpose === null || e.purpose === purpose) && (e.categories === null || e.categories.includes(category));
}

function latest(events: readonly ConsentEventFacts[], kinds: string[], r: Requester, purpose: Purpose, category: DataCategory) {
  const matching = events.filter((e) => kinds.includes(e.kind) && eventCovers(e, r, purpose, category));
  return matching.sort((a, b) => b.seq - a.seq)[0];
}

function conditionHolds(name: string, c: PolicyClause, r: Requester, p: ProviderFacts, person: PersonFacts, today: string): boolean {
  const k = c.conditions;
  const age = person.dateOfBirth ? yearsOld(person.dateOfBirth, today) : null;
  switch (name) {
    case 'area':
      if (!k.area) return true;
      return r.laCode !== null && (k.area === 'PROVIDER' ? p.laCode : person.homeLaCode) === r.laCode;
    case 'age':
      if (k.ageMin === undefined && k.ageMax === undefined) return true;
      return age !== null && age >= (k.ageMin ?? 0) && age <= (k.ageMax ?? 200);
    case 'enrolment':
      return !k.relationship || (person.relationships.get(r.organisationId)?.has(k.relationship) ?? false);
    case 'tier':
      return !k.tierIn || (person.currentTier !== null && k.tierIn.includes(person.currentTier));
    default:
      throw new Error(name);
  }
}

/** Design §4, checked in order, with the first failing check naming the reason. */
export function referenceDecide(
  r: Requester,
  purpose: Purpose,
  clauses: readonly PolicyClause[],
  p: ProviderFacts,
  person: PersonFacts,
  category: DataCategory,
  today: string,
  adultAge: number,
): ReferenceDecision {
  const deny = (reason: RedactionReason): ReferenceDecision => ({ allowed: false, reason });
  const allow: ReferenceDecision = { allowed: true, reason: null };

  // 1. The role may use the purpose.
  if (!r.roles.some((role) => PURPOSES_OF[role]!.includes(purpose))) return deny('ROLE_NOT_PERMITTED');
  // 5 (first, since nothing overrides it). Purpose exclusions.
  if (purpose === 'ADMISSIONS' && ADMISSIONS_NEVER.includes(category)) return deny('PURPOSE_EXCLUDED');
  // The hub administrator and the controller of the data.
  if (r.roles.includes('ADMIN')) return allow;
  if (p.organisationId === r.organisationId) return allow;

  // 2. An agreement clause: recipient (every field given must match), provider, category.
  const mine = clauses.filter(
    (c) =>
      (c.recipientOrganisationId === null || c.recipientOrganisationId === r.organisationId) &&
      (c.recipientKind === null || c.recipientKind === r.organisationKind) &&
      (c.recipientRole === null || r.roles.includes(c.recipientRole)) &&
      (c.providerOrganisationId !== null ? c.providerOrganisationId === p.organisationId : c.providerKind === p.kind) &&
      c.categories.includes(category),
  );
  if (mine.length === 0) return deny('NO_AGREEMENT');
  const active = mine.filter((c) => c.agreementStatus === 'ACTIVE' && c.effectiveFrom <= today && today <= c.reviewBy);
  if (active.length === 0) return deny('AGREEMENT_NOT_ACTIVE');
  const forPurpose = active.filter((c) => c.purposes.includes(purpose));
  if (forPurpose.length === 0) return deny('PURPOSE_NOT_PERMITTED');
  const conditions = ['area', 'age', 'enrolment', 'tier'];
  const holding = forPurpose.filter((c) => conditions.every((n) => conditionHolds(n, c, r, p, person, today)));
  if (holding.length === 0) {
    const onlyTierFails = forPurpose.some(
      (c) => !conditionHolds('tier', c, r, p, person, today) && ['area', 'age', 'enrolment'].every((n) => conditionHolds(n, c, r, p, person, today)),
    );
    return deny(onlyTierFails ? 'TIER_RESTRICTED' : 'NO_AGREEMENT');
  }

  // 4. Refusals and objections.
  // A refusal stands until consent is given (withdrawing afterwards does not undo it).
  const consent = latest(person.consentEvents, ['GIVEN', 'REFUSED', 'WITHDRAWN'], r, purpose, category);
  const objection = latest(person.consentEvents, ['OBJECTION_RAISED', 'OBJECTION_LIFTED'], r, purpose, category);
  const refusal = latest(person.consentEvents, ['GIVEN', 'REFUSED'], r, purpose, category);
  if (objection?.kind === 'OBJECTION_RAISED' || refusal?.kind === 'REFUSED') return deny('OBJECTION');

  // 3. Consent, where the clause needs it, from today's authority.
  if (holding.some((c) => !c.consentRequired && c.lawfulBasis !== 'CONSENT')) return allow;
  const authority = person.dateOfBirth === null ? null : yearsOld(person.dateOfBirth, today) >= adultAge ? 'YOUNG_PERSON' : 'PARENT_GUARDIAN';
  if (consent?.kind === 'GIVEN' && consent.givenBy === authority) return allow;
  return deny(consent?.kind === 'WITHDRAWN' ? 'CONSENT_WITHDRAWN' : 'CONSENT_REQUIRED');
}
