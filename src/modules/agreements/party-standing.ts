import type { AgreementStatus, PolicyClause } from '../../policy/policy.types.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';

/** A party's decision on an agreement version: the latest one stands. */
export const PARTY_DECISIONS = ['APPROVED', 'SUSPENDED'] as const;

/** One party decision. */
export type PartyDecision = (typeof PARTY_DECISIONS)[number];

/** An organisation as the effective clauses need it. */
export interface OrganisationFacts {
  id: string;
  kind: OrganisationKind;
}

/** A clause as loaded, with the id of its agreement (whose parties' decisions it reads). */
export type LoadedClause = PolicyClause & { agreementId: string };

/** Agreement id → party organisation id → that party's latest decision (absent: it has not approved). */
export type PartyStandings = ReadonlyMap<string, ReadonlyMap<string, PartyDecision>>;

const withStatus = (c: PolicyClause, agreementStatus: AgreementStatus): PolicyClause => ({ ...c, agreementStatus });

const describesRecipient = (c: PolicyClause, o: OrganisationFacts): boolean =>
  (c.recipientOrganisationId === null || c.recipientOrganisationId === o.id) && (c.recipientKind === null || c.recipientKind === o.kind);

/**
 * The clauses as the engine must read them once the parties' decisions are applied (docs/sharing-rules.md,
 * "Approval"), expressed with the engine's own vocabulary so that compile and decide stay as they are:
 * - a clause of an ACTIVE agreement grants a provider organisation's data only when that organisation has
 *   approved the version; a clause naming a kind of provider is narrowed to the organisations of that kind
 *   that have approved (one copy each), followed by the kind-wide clause as not in force (DRAFT), so that the
 *   others' data reads as AGREEMENT_NOT_ACTIVE;
 * - a party that has suspended the version receives nothing under it: a clause whose recipient describes it
 *   is SUSPENDED for it (a kind-wide recipient is narrowed to one copy per organisation of that kind);
 * - clauses of agreements that are not ACTIVE are unchanged (they grant nothing anyway).
 * The order of the clauses is kept (copies stand where their clause stood), since the engine reports the
 * first applicable clause.
 */
export function effectiveClauses(
  clauses: readonly LoadedClause[],
  standings: PartyStandings,
  organisations: readonly OrganisationFacts[],
): PolicyClause[] {
  const out: PolicyClause[] = [];
  for (const { agreementId, ...clause } of clauses) {
    if (clause.agreementStatus !== 'ACTIVE') {
      out.push(clause);
      continue;
    }
    const standing = standings.get(agreementId) ?? new Map<string, PartyDecision>();
    const approved = (organisationId: string): boolean => standing.get(organisationId) === 'APPROVED';
    const suspended = organisations.filter((o) => standing.get(o.id) === 'SUSPENDED');

    // Receipt: a party that suspended the agreement receives nothing under it; the others as before.
    const forRecipients = (c: PolicyClause): PolicyClause[] => {
      const stopped = new Set(suspended.filter((o) => describesRecipient(c, o)).map((o) => o.id));
      if (stopped.size === 0) return [c];
      if (c.recipientOrganisationId !== null) return [withStatus(c, 'SUSPENDED')];
      return organisations
        .filter((o) => describesRecipient(c, o))
        .map((o) => ({ ...c, recipientOrganisationId: o.id, agreementStatus: stopped.has(o.id) ? 'SUSPENDED' : c.agreementStatus }));
    };

    // Provision: only the data of providers that have approved (and not since suspended).
    if (clause.providerOrganisationId !== null) {
      const decision = standing.get(clause.providerOrganisationId);
      out.push(...(decision === 'APPROVED' ? forRecipients(clause) : [withStatus(clause, decision === 'SUSPENDED' ? 'SUSPENDED' : 'DRAFT')]));
      continue;
    }
    const ofKind = organisations.filter((o) => o.kind === clause.providerKind);
    const approving = ofKind.filter((o) => approved(o.id));
    if (approving.length === ofKind.length) {
      out.push(...forRecipients(clause));
      continue;
    }
    for (const o of approving) out.push(...forRecipients({ ...clause, providerOrganisationId: o.id, providerKind: null }));
    out.push(withStatus(clause, 'DRAFT'));
  }
  return out;
}
