import { subject } from '@casl/ability';
import { ageOn } from './age.js';
import { agreementInForce, needsConsent, providerMatches, type CompiledPolicy, type ValueFacts } from './compile.js';
import { consentState, objectionStands, type ConsentState } from './consent-state.js';
import type { DataCategory } from './data-category.js';
import type { ClauseConditions, Decision, PersonFacts, PolicyClause, ProviderFacts } from './policy.types.js';

/** The first condition of a clause that fails for these facts, or null when all hold. */
export function failingCondition(k: ClauseConditions, f: ValueFacts, recipientLaCode: string | null): keyof ClauseConditions | null {
  if (k.area) {
    const la = k.area === 'PROVIDER' ? f.providerLaCode : f.personLaCode;
    if (recipientLaCode === null || la !== recipientLaCode) return 'area';
  }
  if (k.ageMin !== undefined && (f.age < 0 || f.age < k.ageMin)) return 'ageMin';
  if (k.ageMax !== undefined && (f.age < 0 || f.age > k.ageMax)) return 'ageMax';
  if (k.afterEnrolment && !f.enrolledWithRecipient) return 'afterEnrolment';
  if (k.tierIn && !k.tierIn.includes(f.tier)) return 'tierIn';
  return null;
}

/** Gathers the facts about one value (supplier, person, category) for this principal and purpose. */
export function valueFacts(
  c: CompiledPolicy,
  provider: ProviderFacts,
  person: PersonFacts,
  category: DataCategory,
  adultAge: number,
): ValueFacts {
  const scope = { organisationId: c.requester.organisationId, organisationKind: c.requester.organisationKind, purpose: c.purpose, category };
  const consent: ConsentState = consentState(person.consentEvents, scope, person.dateOfBirth, c.today, adultAge);
  return {
    providerOrganisationId: provider.organisationId,
    providerKind: provider.kind,
    providerLaCode: provider.laCode,
    category,
    tier: person.currentTier ?? 0,
    age: person.dateOfBirth ? ageOn(person.dateOfBirth, c.today) : -1,
    personLaCode: person.homeLaCode,
    enrolledWithRecipient: person.enrolledWith.has(c.requester.organisationId),
    consent,
    objected: objectionStands(person.consentEvents, scope),
  };
}

/**
 * Decides one value: CASL says whether it is released; for a withheld value the clauses are walked in
 * the order of design §4 to name the reason and the agreement considered.
 */
export function decide(c: CompiledPolicy, provider: ProviderFacts, facts: ValueFacts): Decision {
  const allowed = c.ability.can('read', subject('PersonalValue', facts));
  const candidates = c.relevantClauses.filter((k) => providerMatches(k, provider) && k.categories.includes(facts.category));
  const applicable = (k: PolicyClause): boolean =>
    agreementInForce(k, c.today) && k.purposes.includes(c.purpose) && failingCondition(k.conditions, facts, c.requester.laCode) === null;
  if (allowed) {
    if (c.isAdmin || facts.providerOrganisationId === c.requester.organisationId) return { allowed, reason: null, agreement: null };
    const relied = candidates.find((k) => applicable(k) && (!needsConsent(k) || facts.consent === 'VALID'));
    return { allowed, reason: null, agreement: relied?.agreement ?? null };
  }
  return { allowed, ...withholdingReason(c, facts, candidates) };
}

/** Why a value is withheld, checked in a fixed order so the same facts always give the same reason. */
function withholdingReason(c: CompiledPolicy, f: ValueFacts, candidates: PolicyClause[]): Omit<Decision, 'allowed'> {
  if (!c.rolePermitsPurpose) return { reason: 'ROLE_NOT_PERMITTED', agreement: null };
  if (c.excluded.has(f.category)) return { reason: 'PURPOSE_EXCLUDED', agreement: null };
  if (candidates.length === 0) return { reason: 'NO_AGREEMENT', agreement: null };
  const live = candidates.filter((k) => agreementInForce(k, c.today));
  if (live.length === 0) return { reason: 'AGREEMENT_NOT_ACTIVE', agreement: candidates[0]!.agreement };
  const forPurpose = live.filter((k) => k.purposes.includes(c.purpose));
  if (forPurpose.length === 0) return { reason: 'PURPOSE_NOT_PERMITTED', agreement: live[0]!.agreement };
  const failures = forPurpose.map((k) => failingCondition(k.conditions, f, c.requester.laCode));
  const holding = forPurpose.filter((_, i) => failures[i] === null);
  if (holding.length === 0) {
    const tierIndex = failures.indexOf('tierIn');
    return tierIndex >= 0
      ? { reason: 'TIER_RESTRICTED', agreement: forPurpose[tierIndex]!.agreement }
      : { reason: 'NO_AGREEMENT', agreement: forPurpose[0]!.agreement };
  }
  if (f.objected) return { reason: 'OBJECTION', agreement: holding[0]!.agreement };
  if (holding.some((k) => !needsConsent(k))) {
    throw new Error('policy engine inconsistency: a clause grants but the ability refused');
  }
  return { reason: f.consent === 'WITHDRAWN' ? 'CONSENT_WITHDRAWN' : 'CONSENT_REQUIRED', agreement: holding[0]!.agreement };
}
