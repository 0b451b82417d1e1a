import { AbilityBuilder, createMongoAbility, type ForcedSubject, type MongoAbility, type MongoQuery } from '@casl/ability';
import type { DataCategory } from './data-category.js';
import type { ConsentState } from './consent-state.js';
import type { AreaCondition, PolicyClause, ProviderFacts, Relationship, Requester } from './policy.types.js';
import { ownDataCategories, PURPOSE_EXCLUSIONS, rolesMayUse } from './purposes.policy.js';
import type { Purpose } from './purpose.js';

/** The facts about one value that the compiled rules are evaluated against. */
export interface ValueFacts {
  providerOrganisationId: string;
  providerKind: string;
  providerLaCode: string | null;
  category: DataCategory;
  /** Current tier, 0 when unknown. */
  tier: number;
  /** Age in whole years, -1 when unknown (so no age condition holds). */
  age: number;
  personLaCode: string | null;
  /** The receiving LA of the person's latest transfer (awaiting acceptance or accepted). */
  transferLaCode: string | null;
  /** The recipient's organisation holds an earned APPLICANT relationship with the person. */
  applicant: boolean;
  /** The recipient's organisation holds an earned ENROLLED relationship with the person. */
  enrolled: boolean;
  consent: ConsentState;
  objected: boolean;
}

/** The ValueFacts field each area condition compares with the recipient's LA. */
export const AREA_FACT: Record<AreaCondition, 'providerLaCode' | 'personLaCode' | 'transferLaCode'> = {
  PROVIDER: 'providerLaCode',
  PERSON: 'personLaCode',
  TRANSFER: 'transferLaCode',
};

/** The ValueFacts field that says whether a relationship holds. */
export const RELATIONSHIP_FACT: Record<Relationship, 'applicant' | 'enrolled'> = { APPLICANT: 'applicant', ENROLLED: 'enrolled' };

/** A personal value as a CASL subject. */
export type PersonalValueSubject = ValueFacts & ForcedSubject<'PersonalValue'>;

/** `read` releases the value; `flag` releases only that a value is held (a "contact before placement" flag). */
export type ValueAction = 'read' | 'flag';

/** The CASL ability over personal values for one principal and purpose. */
export type ValueAbility = MongoAbility<[ValueAction, 'PersonalValue' | PersonalValueSubject]>;

/** Rules compiled once per (agreement set version, principal's organisation and roles, purpose, day). */
export interface CompiledPolicy {
  requester: Requester;
  purpose: Purpose;
  today: string;
  isAdmin: boolean;
  rolePermitsPurpose: boolean;
  excluded: ReadonlySet<DataCategory>;
  /** Categories of its own organisation's records the requester's roles may read. */
  ownCategories: ReadonlySet<DataCategory>;
  /** Every clause whose recipient is this principal, whatever its agreement's status (for reasons). */
  relevantClauses: readonly PolicyClause[];
  /** Clauses that grant today: agreement ACTIVE, inside its dates, covering the purpose. */
  grantingClauses: readonly PolicyClause[];
  ability: ValueAbility;
}

/** Does the clause's recipient describe this requester? Every recipient field given must match. */
export function recipientMatches(c: PolicyClause, r: Requester): boolean {
  return (
    (c.recipientOrganisationId === null || c.recipientOrganisationId === r.organisationId) &&
    (c.recipientKind === null || c.recipientKind === r.organisationKind) &&
    (c.recipientRole === null || r.roles.includes(c.recipientRole))
  );
}

/** Does the clause's provider describe this supplier? */
export function providerMatches(c: PolicyClause, p: ProviderFacts): boolean {
  return c.providerOrganisationId !== null ? c.providerOrganisationId === p.organisationId : c.providerKind === p.kind;
}

/** Is the clause's agreement in force today? */
export function agreementInForce(c: PolicyClause, today: string): boolean {
  return c.agreementStatus === 'ACTIVE' && c.effectiveFrom <= today && today <= c.reviewBy;
}

/** Does the clause need the young person's (or parent's) consent? */
export function needsConsent(c: PolicyClause): boolean {
  return c.consentRequired || c.lawfulBasis === 'CONSENT';
}

/** The CASL conditions of one granting clause; null when the clause cannot apply to this requester. */
function clauseQuery(c: PolicyClause, r: Requester): MongoQuery<PersonalValueSubject> | null {
  const q: Record<string, unknown> = { category: { $in: [...c.categories] } };
  if (c.providerOrganisationId !== null) q['providerOrganisationId'] = c.providerOrganisationId;
  else q['providerKind'] = c.providerKind;
  const k = c.conditions;
  if (k.tierIn) q['tier'] = { $in: k.tierIn };
  if (k.ageMin !== undefined || k.ageMax !== undefined) q['age'] = { $gte: k.ageMin ?? 0, $lte: k.ageMax ?? 200 };
  if (k.area) {
    if (r.laCode === null) return null;
    q[AREA_FACT[k.area]] = r.laCode;
  }
  if (k.relationship) q[RELATIONSHIP_FACT[k.relationship]] = true;
  if (needsConsent(c)) q['consent'] = 'VALID';
  return q as MongoQuery<PersonalValueSubject>;
}

/**
 * Compiles the rules for one principal and purpose into a CASL ability (later rules take precedence),
 * in the order of docs/sharing-rules.md: agreements, then objections, then the controller and the
 * administrator, then the purpose exclusions, which nothing overrides.
 */
export function compilePolicy(requester: Requester, purpose: Purpose, clauses: readonly PolicyClause[], today: string): CompiledPolicy {
  const isAdmin = requester.roles.includes('ADMIN');
  const rolePermitsPurpose = rolesMayUse(requester.roles, requester.organisationKind, purpose);
  const excluded = new Set<DataCategory>(PURPOSE_EXCLUSIONS[purpose] ?? []);
  const ownCategories = ownDataCategories(requester.roles);
  const relevantClauses = clauses.filter((c) => recipientMatches(c, requester));
  const grantingClauses = relevantClauses.filter((c) => agreementInForce(c, today) && c.purposes.includes(purpose));

  const { can, cannot, build } = new AbilityBuilder<ValueAbility>(createMongoAbility);
  if (rolePermitsPurpose) {
    for (const c of grantingClauses) {
      const q = clauseQuery(c, requester);
      if (q) can(c.disclosure === 'FLAG' ? 'flag' : 'read', 'PersonalValue', q);
    }
    cannot(['read', 'flag'], 'PersonalValue', { objected: true }).because('OBJECTION');
    // The controller sees what it supplied, objections notwithstanding, through the roles that may read it.
    cannot(['read', 'flag'], 'PersonalValue', { providerOrganisationId: requester.organisationId });
    if (ownCategories.size > 0) {
      can('read', 'PersonalValue', { providerOrganisationId: requester.organisationId, category: { $in: [...ownCategories] } });
    }
    if (isAdmin) can('read', 'PersonalValue');
    if (excluded.size > 0) cannot(['read', 'flag'], 'PersonalValue', { category: { $in: [...excluded] } }).because('PURPOSE_EXCLUDED');
  }
  return { requester, purpose, today, isAdmin, rolePermitsPurpose, excluded, ownCategories, relevantClauses, grantingClauses, ability: build() };
}
