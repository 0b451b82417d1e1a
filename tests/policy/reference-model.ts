// The sharing rules of docs/sharing-rules.md, written from that page alone (no engine code, no CASL, no
// tables imported from src): the property tests compare the engine with this model on generated cases.
import type { OrganisationKind } from '../../src/modules/organisations/organisation-kind.js';
import type { Role } from '../../src/modules/principals/roles.js';
import type { DataCategory } from '../../src/policy/data-category.js';
import type {
  ConsentEventFacts,
  ConsentEventKind,
  Decision,
  PersonFacts,
  PolicyClause,
  ProviderFacts,
  Requester,
} from '../../src/policy/policy.types.js';
import type { Purpose } from '../../src/policy/purpose.js';
import type { RecipientReason, RedactionReason } from '../../src/policy/redaction-reason.js';

type KindOrAll = OrganisationKind | '*';

/** Step 1, read "role → organisation kind → purposes" (`*`: every kind), as the page's table lists it. */
export const REFERENCE_PURPOSES_BY_ROLE: Record<Role, Partial<Record<KindOrAll, readonly Purpose[]>>> = {
  EPC: { LOCAL_AUTHORITY: ['EARLY_IDENTIFICATION', 'BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION', 'LINKAGE'] },
  LEAD_WORKER: {
    LOCAL_AUTHORITY: ['LEAD_WORKER_SUPPORT', 'TRACKING'],
    YOUTH_SERVICE: ['LEAD_WORKER_SUPPORT', 'TRACKING'],
    CAREERS_WALES: ['LEAD_WORKER_SUPPORT', 'TRACKING'],
    VOLUNTARY: ['LEAD_WORKER_SUPPORT', 'TRACKING'],
  },
  CW_ADVISER: { CAREERS_WALES: ['BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION'] },
  PROVIDER_PASTORAL: {
    SCHOOL: ['TRANSITION', 'TRACKING'],
    FE_COLLEGE: ['TRANSITION', 'TRACKING', 'ADMISSIONS'],
    WBL_PROVIDER: ['TRANSITION', 'TRACKING', 'ADMISSIONS'],
  },
  IG_OFFICER: { '*': ['AUDIT'] },
  ANALYST: { WELSH_GOVERNMENT: ['STATISTICS'], LOCAL_AUTHORITY: ['STATISTICS'] },
  PARTNER_SYSTEM: {
    SCHOOL: ['TRACKING', 'TRANSITION'],
    LOCAL_AUTHORITY: ['EARLY_IDENTIFICATION', 'BROKERAGE', 'TRACKING', 'UNKNOWN_RESOLUTION'],
    CAREERS_WALES: ['TRANSITION', 'TRACKING', 'BROKERAGE', 'UNKNOWN_RESOLUTION'],
    FE_COLLEGE: ['TRACKING', 'TRANSITION', 'ADMISSIONS'],
    WBL_PROVIDER: ['TRACKING', 'TRANSITION', 'ADMISSIONS'],
    VOLUNTARY: ['TRACKING', 'LEAD_WORKER_SUPPORT'],
    YOUTH_SERVICE: ['TRACKING', 'LEAD_WORKER_SUPPORT'],
  },
  ADMIN: {
    '*': ['EARLY_IDENTIFICATION', 'BROKERAGE', 'LEAD_WORKER_SUPPORT', 'TRACKING', 'TRANSITION', 'UNKNOWN_RESOLUTION', 'ADMISSIONS', 'STATISTICS', 'AUDIT', 'LINKAGE'],
  },
};

/** Step 2: the admissions firewall. */
const NEVER_FOR_PURPOSE: Partial<Record<Purpose, readonly DataCategory[]>> = {
  ADMISSIONS: ['EARLY_IDENTIFICATION_RISK', 'BEHAVIOUR', 'YOUTH_JUSTICE', 'SUPPORT_NEEDS'],
};

/** Step 4: whether a role may read its own organisation's data ("every category for the working roles"). */
const READS_OWN_DATA: Record<Role, boolean> = {
  EPC: true,
  LEAD_WORKER: true,
  CW_ADVISER: true,
  PROVIDER_PASTORAL: true,
  PARTNER_SYSTEM: true,
  ADMIN: true,
  IG_OFFICER: false,
  ANALYST: false,
};

/** §2: the reasons that depend on nothing about the young person; every other reason is told as WITHHELD. */
const SAID_AS_IS: readonly RedactionReason[] = ['ROLE_NOT_PERMITTED', 'PURPOSE_EXCLUDED', 'NO_AGREEMENT', 'AGREEMENT_NOT_ACTIVE', 'PURPOSE_NOT_PERMITTED'];

/** The model's answer, in the engine's Decision shape. */
export type ReferenceDecision = Decision;

/** Whole years between a date of birth and today (ISO dates). */
export function wholeYears(dob: string, today: string): number {
  const [by, bm, bd] = dob.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

function mayDeclare(r: Requester, purpose: Purpose): boolean {
  return r.roles.some((role) => {
    const byKind = REFERENCE_PURPOSES_BY_ROLE[role];
    return [...(byKind['*'] ?? []), ...(byKind[r.organisationKind] ?? [])].includes(purpose);
  });
}

/** A ledger event covers the request: to U's organisation, U's kind or everyone; X or every purpose; C or every category. */
function covers(e: ConsentEventFacts, r: Requester, purpose: Purpose, category: DataCategory): boolean {
  const toEveryone = e.recipientOrganisationId === null && e.recipientKind === null;
  const toU = toEveryone || e.recipientOrganisationId === r.organisationId || e.recipientKind === r.organisationKind;
  return toU && (e.purpose === null || e.purpose === purpose) && (e.categories === null || e.categories.includes(category));
}

function latestOf(kinds: readonly ConsentEventKind[], person: PersonFacts, r: Requester, purpose: Purpose, category: DataCategory) {
  let latest: ConsentEventFacts | undefined;
  for (const e of person.consentEvents) {
    if (kinds.includes(e.kind) && covers(e, r, purpose, category) && (latest === undefined || e.seq > latest.seq)) latest = e;
  }
  return latest;
}

/** Each condition the clause gives, with whether it holds for P today. */
function conditions(c: PolicyClause, r: Requester, s: ProviderFacts, person: PersonFacts, today: string) {
  const k = c.conditions;
  const age = person.dateOfBirth === null ? null : wholeYears(person.dateOfBirth, today);
  const given: Array<{ tier: boolean; holds: boolean }> = [];
  if (k.tierIn !== undefined) given.push({ tier: true, holds: person.currentTier !== null && k.tierIn.includes(person.currentTier) });
  if (k.ageMin !== undefined) given.push({ tier: false, holds: age !== null && age >= k.ageMin });
  if (k.ageMax !== undefined) given.push({ tier: false, holds: age !== null && age <= k.ageMax });
  if (k.area === 'PROVIDER') given.push({ tier: false, holds: r.laCode !== null && s.laCode === r.laCode });
  if (k.area === 'PERSON') given.push({ tier: false, holds: r.laCode !== null && person.homeLaCode === r.laCode });
  if (k.area === 'TRANSFER') given.push({ tier: false, holds: r.laCode !== null && person.transferLaCode === r.laCode });
  if (k.relationship !== undefined) {
    given.push({ tier: false, holds: person.relationships.get(r.organisationId)?.has(k.relationship) ?? false });
  }
  return given;
}

/** docs/sharing-rules.md §1 and §2: the decision on one value of category C from S about P, for U and purpose X. */
export function referenceDecide(
  r: Requester,
  purpose: Purpose,
  clauses: readonly PolicyClause[],
  s: ProviderFacts,
  person: PersonFacts,
  category: DataCategory,
  today: string,
  consentAge: number,
): ReferenceDecision {
  // Of a released value the recipient is told no reason, and only the first applicable clause (§2).
  const released = (agreement: string | null, flagOnly = false): ReferenceDecision => ({
    allowed: true, reason: null, agreement, flagOnly, recipientReason: null, recipientAgreement: agreement === null ? null : toldAgreement,
  });
  // For a person-dependent reason, the recipient is told WITHHELD and the first in-force candidate covering X.
  let toldAgreement: string | null = null;
  const withheld = (reason: RedactionReason, agreement: string | null): ReferenceDecision => {
    const asIs = SAID_AS_IS.includes(reason);
    return {
      allowed: false, reason, agreement, flagOnly: false,
      recipientReason: asIs ? (reason as RecipientReason) : 'WITHHELD',
      recipientAgreement: asIs ? agreement : toldAgreement,
    };
  };

  if (!mayDeclare(r, purpose)) return withheld('ROLE_NOT_PERMITTED', null);
  if (NEVER_FOR_PURPOSE[purpose]?.includes(category)) return withheld('PURPOSE_EXCLUDED', null);
  if (r.roles.includes('ADMIN')) return released(null);
  if (s.organisationId === r.organisationId) {
    return r.roles.some((role) => READS_OWN_DATA[role]) ? released(null) : withheld('ROLE_NOT_PERMITTED', null);
  }

  const candidates = clauses.filter(
    (c) =>
      (c.recipientOrganisationId === null || c.recipientOrganisationId === r.organisationId) &&
      (c.recipientKind === null || c.recipientKind === r.organisationKind) &&
      (c.recipientRole === null || r.roles.includes(c.recipientRole)) &&
      (c.providerOrganisationId !== null ? c.providerOrganisationId === s.organisationId : c.providerKind === s.kind) &&
      c.categories.includes(category),
  );
  if (candidates.length === 0) return withheld('NO_AGREEMENT', null);
  const inForce = candidates.filter((c) => c.agreementStatus === 'ACTIVE' && c.effectiveFrom <= today && today <= c.reviewBy);
  if (inForce.length === 0) return withheld('AGREEMENT_NOT_ACTIVE', candidates[0]!.agreement);
  const applicable = inForce.filter((c) => c.purposes.includes(purpose));
  if (applicable.length === 0) return withheld('PURPOSE_NOT_PERMITTED', inForce[0]!.agreement);
  toldAgreement = applicable[0]!.agreement;

  const holding = applicable.filter((c) => conditions(c, r, s, person, today).every((g) => g.holds));
  if (holding.length === 0) {
    const tierAlone = applicable.some((c) => {
      const failing = conditions(c, r, s, person, today).filter((g) => !g.holds);
      return failing.length === 1 && failing[0]!.tier;
    });
    const tierClause = applicable.find((c) => {
      const failing = conditions(c, r, s, person, today).filter((g) => !g.holds);
      return failing.length === 1 && failing[0]!.tier;
    });
    return tierAlone ? withheld('TIER_RESTRICTED', tierClause!.agreement) : withheld('CONDITION_NOT_MET', applicable[0]!.agreement);
  }

  const objection = latestOf(['OBJECTION_RAISED', 'OBJECTION_LIFTED'], person, r, purpose, category);
  const refusal = latestOf(['GIVEN', 'REFUSED'], person, r, purpose, category);
  if (objection?.kind === 'OBJECTION_RAISED' || refusal?.kind === 'REFUSED') return withheld('OBJECTION', holding[0]!.agreement);

  const consent = latestOf(['GIVEN', 'REFUSED', 'WITHDRAWN'], person, r, purpose, category);
  const authority = person.dateOfBirth === null ? null : wholeYears(person.dateOfBirth, today) >= consentAge ? 'YOUNG_PERSON' : 'PARENT_GUARDIAN';
  const consented = consent?.kind === 'GIVEN' && consent.givenBy === authority;
  const releasing = holding.filter((c) => consented || (!c.consentRequired && c.lawfulBasis !== 'CONSENT'));
  if (releasing.length === 0) return withheld(consent?.kind === 'WITHDRAWN' ? 'CONSENT_WITHDRAWN' : 'CONSENT_REQUIRED', holding[0]!.agreement);
  // The value wins over the flag; the agreement reported is the first clause releasing what is released.
  const byValue = releasing.find((c) => c.disclosure === 'VALUE');
  return byValue ? released(byValue.agreement) : released(releasing[0]!.agreement, true);
}
