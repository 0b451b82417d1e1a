import type { OrganisationKind } from '../modules/organisations/organisation-kind.js';
import type { Role } from '../modules/principals/roles.js';
import type { DataCategory } from './data-category.js';
import type { Purpose } from './purpose.js';
import type { RecipientReason, RedactionReason } from './redaction-reason.js';

/** Lawful bases an agreement may rest on. */
export const LAWFUL_BASES = ['PUBLIC_TASK', 'LEGAL_OBLIGATION', 'CONSENT', 'VITAL_INTERESTS'] as const;

/** One lawful basis. */
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

/** Lifecycle of an agreement version. */
export const AGREEMENT_STATUSES = ['DRAFT', 'ACTIVE', 'SUSPENDED', 'EXPIRED'] as const;

/** One agreement status. */
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** Conditions a clause may place on the person (all must hold). */
export interface ClauseConditions {
  /** The person's current Careers Wales tier is one of these. */
  tierIn?: number[];
  /** The person's age in whole years is at least / at most this. */
  ageMin?: number;
  ageMax?: number;
  /**
   * PROVIDER: the provider serves the recipient's LA area; PERSON: the person lives in it (their accepted home
   * LA); TRANSFER: the person's latest move between LAs, awaiting acceptance or accepted, is into it.
   */
  area?: AreaCondition;
  /** The recipient's organisation has this earned relationship with the person (docs/sharing-rules.md). */
  relationship?: Relationship;
}

/** The area conditions a clause may set (see ClauseConditions.area). */
export const AREA_CONDITIONS = ['PROVIDER', 'PERSON', 'TRANSFER'] as const;

/** One area condition. */
export type AreaCondition = (typeof AREA_CONDITIONS)[number];

/** Relationships a recipient can hold with a young person, each established by an enrolment status. */
export const RELATIONSHIPS = ['APPLICANT', 'ENROLLED'] as const;

/** One relationship. */
export type Relationship = (typeof RELATIONSHIPS)[number];

/** How a clause releases a category: the value itself, or only a "contact before placement" flag. */
export const DISCLOSURES = ['VALUE', 'FLAG'] as const;

/** One disclosure form. */
export type Disclosure = (typeof DISCLOSURES)[number];

/** One clause of an agreement, flattened with what the decision needs of its agreement. */
export interface PolicyClause {
  clauseId: string;
  /** `reference@version` of the agreement. */
  agreement: string;
  agreementStatus: AgreementStatus;
  effectiveFrom: string;
  reviewBy: string;
  lawfulBasis: LawfulBasis;
  providerOrganisationId: string | null;
  providerKind: OrganisationKind | null;
  recipientOrganisationId: string | null;
  recipientKind: OrganisationKind | null;
  recipientRole: Role | null;
  categories: readonly DataCategory[];
  purposes: readonly Purpose[];
  conditions: ClauseConditions;
  consentRequired: boolean;
  /** VALUE releases the value; FLAG releases only that the supplier holds one. */
  disclosure: Disclosure;
}

/** Who is asking. */
export interface Requester {
  organisationId: string;
  organisationKind: OrganisationKind;
  laCode: string | null;
  roles: readonly Role[];
}

/** Who supplied a value. */
export interface ProviderFacts {
  organisationId: string;
  kind: OrganisationKind;
  laCode: string | null;
}

/** Kinds of consent-ledger event. */
export const CONSENT_EVENT_KINDS = ['GIVEN', 'REFUSED', 'WITHDRAWN', 'OBJECTION_RAISED', 'OBJECTION_LIFTED'] as const;

/** One consent-ledger event kind. */
export type ConsentEventKind = (typeof CONSENT_EVENT_KINDS)[number];

/** Who gave or refused consent. */
export const CONSENT_AUTHORITIES = ['YOUNG_PERSON', 'PARENT_GUARDIAN'] as const;

/** One consent authority. */
export type ConsentAuthority = (typeof CONSENT_AUTHORITIES)[number];

/** A consent-ledger event as the decision reads it (ordered by `seq`). */
export interface ConsentEventFacts {
  seq: number;
  kind: ConsentEventKind;
  recipientOrganisationId: string | null;
  recipientKind: OrganisationKind | null;
  purpose: Purpose | null;
  categories: readonly DataCategory[] | null;
  givenBy: ConsentAuthority;
}

/** What the rules need to know about a person, derived from the hub's tables at request time. */
export interface PersonFacts {
  personId: string;
  dateOfBirth: string | null;
  homeLaCode: string | null;
  /** The receiving LA of the person's latest transfer between LAs, while it awaits acceptance or once accepted. */
  transferLaCode: string | null;
  currentTier: number | null;
  /** Organisation id → the relationships it has earned with the person (strong link or EPC confirmation). */
  relationships: ReadonlyMap<string, ReadonlySet<Relationship>>;
  consentEvents: readonly ConsentEventFacts[];
}

/** The outcome for one value: released, or withheld with the reason and the agreement considered. */
export interface Decision {
  allowed: boolean;
  /** The precise reason (access log, IG officers' explainAccess); null when released. */
  reason: RedactionReason | null;
  /** `reference@version` relied on (allowed) or considered (denied), if any. */
  agreement: string | null;
  /** Released as a flag only (`{"contactBeforePlacement": true}`), not the value. */
  flagOnly: boolean;
  /** What the recipient itself is told: the reason when it depends on nothing withheld, else WITHHELD. */
  recipientReason: RecipientReason | null;
  /** The agreement the recipient is told was considered (independent of the person). */
  recipientAgreement: string | null;
}
