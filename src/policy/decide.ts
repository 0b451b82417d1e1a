import { subject } from '@casl/ability';
import { ageOn } from './age.js';
import { AREA_FACT, agreementInForce, needsConsent, providerMatches, RELATIONSHIP_FACT, type CompiledPolicy, type ValueFacts } from './compile.js';
import { consentState, objectionStands, type ConsentState } from './consent-state.js';
import type { DataCategory } from './data-category.js';
import type { ClauseConditions, Decision, PersonFacts, PolicyClause, ProviderFacts } from './policy.types.js';
import { recipientReasonOf, type RedactionReason } from './redaction-reason.js';

/** The first condition of a clause that fails for these facts, or null when all hold. */
export function failingCondition(k: ClauseConditions, f: ValueFacts, recipientLaCode: string | null): keyof ClauseConditions | null {
  if (k.area) {
    const la = f[AREA_FACT[k.area]];
    if (recipientLaCode === null || la !== recipientLaCode) return 'area';
  }
  if (k.ageMin !== undefined && (f.age < 0 || f.age < k.ageMin)) return 'ageMin';
  if (k.ageMax !== undefined && (f.age < 0 || f.age > k.ageMax)) return 'ageMax';
  if (k.relationship && !f[RELATIONSHIP_FACT[k.relationship]]) return 'relationship';
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
  const relationships = person.relationships.get(c.requester.organisationId);
  return {
    providerOrganisationId: provider.organisationId,
    providerKind: provider.kind,
    providerLaCode: provider.laCode,
    category,
    tier: person.currentTier ?? 0,
    age: person.dateOfBirth ? ageOn(person.dateOfBirth, c.today) : -1,
    personLaCode: person.homeLaCode,
    transferLaCode: person.transferLaCode,
    applicant: relationships?.has('APPLICANT') ?? false,
    enrolled: relationships?.has('ENROLLED') ?? false,
    consent,
    objected: objectionStands(person.consentEvents, scope),
  };
}

/**
 * Decides one value: CASL says whether it is released (as a value or only as a flag); for a withheld value
 * the checks of docs/sharing-rules.md are walked in order to name the precise reason, the agreement
 * considered, and what the recipient itself may be told.
 */
export function decide(c: CompiledPolicy, provider: ProviderFacts, facts: ValueFacts): Decision {
  const s = subject('PersonalValue', facts);
  const asValue = c.ability.can('read', s);
  const asFlag = !asValue && c.ability.can('flag', s);
  const candidates = c.relevantClauses.filter((k) => providerMatches(k, provider) && k.categories.includes(facts.category));
  if (asValue || asFlag) {
    const controller = c.isAdmin || facts.providerOrganisationId === c.requester.organisationId;
    const relied = controller
      ? undefined
      : candidates.find(
          (k) =>
            agreementInForce(k, c.today) &&
            k.purposes.includes(c.purpose) &&
            (k.disclosure === 'FLAG') === asFlag &&
            failingCondition(k.conditions, facts, c.requester.laCode) === null &&
            (!needsConsent(k) || facts.consent === 'VALID'),
        );
    // Which clause released a value can depend on the person (a tier-1-or-2 clause before an unconditional one):
    // the recipient is told only the first applicable clause, which depends on the supplier, category and purpose.
    const told = controller ? null : (candidates.find((k) => agreementInForce(k, c.today) && k.purposes.includes(c.purpose))?.agreement ?? null);
    return { allowed: true, reason: null, agreement: relied?.agreement ?? null, flagOnly: asFlag, recipientReason: null, recipientAgreement: told };
  }
  const { reason, agreement, recipientAgreement } = withholdingReason(c, facts, candidates);
  return { allowed: false, reason, agreement, flagOnly: false, recipientReason: recipientReasonOf(reason), recipientAgreement };
}

/** Why a value is withheld, checked in the documented order so the same facts always give the same reason. */
function withholdingReason(
  c: CompiledPolicy,
  f: ValueFacts,
  candidates: PolicyClause[],
): { reason: RedactionReason; agreement: string | null; recipientAgreement: string | null } {
  const say = (reason: RedactionReason, agreement: string | null, recipientAgreement = agreement) => ({ reason, agreement, recipientAgreement });
  if (!c.rolePermitsPurpose) return say('ROLE_NOT_PERMITTED', null);
  if (c.excluded.has(f.category)) return say('PURPOSE_EXCLUDED', null);
  if (f.providerOrganisationId === c.requester.organisationId) return say('ROLE_NOT_PERMITTED', null);
  if (candidates.length === 0) return say('NO_AGREEMENT', null);
  const live = candidates.filter((k) => agreementInForce(k, c.today));
  if (live.length === 0) return say('AGREEMENT_NOT_ACTIVE', candidates[0]!.agreement);
  const forPurpose = live.filter((k) => k.purposes.includes(c.purpose));
  if (forPurpose.length === 0) return say('PURPOSE_NOT_PERMITTED', live[0]!.agreement);
  // From here the reason depends on the person: the recipient is told only which agreement was considered.
  const considered = forPurpose[0]!.agreement;
  const failures = forPurpose.map((k) => failingCondition(k.conditions, f, c.requester.laCode));
  const holding = forPurpose.filter((_, i) => failures[i] === null);
  if (holding.length === 0) {
    const tierOnly = forPurpose.findIndex((k, i) => failures[i] === 'tierIn');
    return tierOnly >= 0
      ? say('TIER_RESTRICTED', forPurpose[tierOnly]!.agreement, considered)
      : say('CONDITION_NOT_MET', considered, considered);
  }
  if (f.objected) return say('OBJECTION', holding[0]!.agreement, considered);
  if (holding.some((k) => !needsConsent(k))) {
    throw new Error('policy engine inconsistency: a clause grants but the ability refused');
  }
  return say(f.consent === 'WITHDRAWN' ? 'CONSENT_WITHDRAWN' : 'CONSENT_REQUIRED', holding[0]!.agreement, considered);
}
