// Roles: IG_OFFICER acts for its own organisation, and only on agreements that organisation is party to;
// ADMIN acts for any party, or on a whole agreement (break-glass: marked in the event and the access log).
// Sensitive categories: none here; which clauses then release data is party-standing.ts's effectiveClauses.
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../graphql/context.js';
import { badInput, forbidden } from '../../graphql/errors.js';
import type { AgreementStatus } from '../../policy/policy.types.js';
import type { PartyDecision } from './party-standing.js';

/** An agreement version as the party rules read it (locked by the caller's transaction). */
export interface AgreementRow {
  id: string;
  reference: string;
  version: number;
  status: AgreementStatus;
  party_ids: string[];
}

/** The organisation a principal acts for on an agreement, and whether it does so as the hub administrator. */
export interface ActingParty {
  organisationId: string;
  organisationCode: string;
  breakGlass: boolean;
}

/** Does the principal act as the hub administrator (break-glass)? */
export function actsAsAdmin(ctx: RequestContext): boolean {
  return ctx.principal.roles.includes('ADMIN');
}

/** Refuses the operation: FORBIDDEN naming the rule, with its access-log row (the operation is refused as a whole). */
export function refuse(ctx: RequestContext, message: string): never {
  ctx.access.noteRefusal(null, 'ROLE_NOT_PERMITTED');
  throw forbidden(message);
}

/** `reference@version`, as agreements are named everywhere. */
export const named = (a: Pick<AgreementRow, 'reference' | 'version'>): string => `${a.reference}@${a.version}`;

/**
 * The party a principal acts for: an IG officer for its own organisation only, which must be party to the
 * agreement; an administrator for the organisation it names (break-glass). Refusals are logged.
 */
export async function actingParty(ctx: RequestContext, em: EntityManager, a: AgreementRow, organisationCode: string | null | undefined, action: string): Promise<ActingParty> {
  const own = ctx.principal.organisation;
  if (actsAsAdmin(ctx)) {
    if (!organisationCode) throw badInput('organisationCode', `an administrator names the party it ${action}s for`);
    const [org] = (await em.query('SELECT id, code FROM organisation WHERE code = $1', [organisationCode])) as Array<{ id: string; code: string }>;
    if (!org) throw badInput('organisationCode', `no organisation with code "${organisationCode}"`);
    if (!a.party_ids.includes(org.id)) throw badInput('organisationCode', `${org.code} is not a party to ${named(a)}`);
    return { organisationId: org.id, organisationCode: org.code, breakGlass: true };
  }
  if (organisationCode && organisationCode !== own.code) {
    refuse(ctx, `An IG officer may ${action} only for its own organisation (${own.code}), not for ${organisationCode}`);
  }
  assertParty(ctx, a, action);
  return { organisationId: own.id, organisationCode: own.code, breakGlass: false };
}

/** Refuses an IG officer whose organisation is not party to the agreement. */
export function assertParty(ctx: RequestContext, a: AgreementRow, action: string): void {
  const own = ctx.principal.organisation;
  if (!a.party_ids.includes(own.id)) refuse(ctx, `${own.code} is not a party to ${named(a)}: its IG officers may not ${action} it`);
}

/** Each party's latest decision on an agreement version. */
export async function partyDecisions(em: EntityManager, agreementId: string): Promise<Map<string, PartyDecision>> {
  const rows = (await em.query(
    `SELECT DISTINCT ON (organisation_id) organisation_id, decision FROM agreement_approval
      WHERE agreement_id = $1 ORDER BY organisation_id, seq DESC`,
    [agreementId],
  )) as Array<{ organisation_id: string; decision: PartyDecision }>;
  return new Map(rows.map((r) => [r.organisation_id, r.decision]));
}

/** Appends a party's decision to the ledger (the caller records the event and its access-log row in the same transaction). */
export async function recordDecision(ctx: RequestContext, em: EntityManager, agreementId: string, party: ActingParty, decision: PartyDecision, reason: string | null): Promise<void> {
  await em.query(
    `INSERT INTO agreement_approval (agreement_id, organisation_id, decision, principal_id, break_glass, reason) VALUES ($1, $2, $3, $4, $5, $6)`,
    [agreementId, party.organisationId, decision, ctx.principal.id, party.breakGlass, reason ? reason.slice(0, 500) : null],
  );
}

/**
 * What an IG officer may not do to a whole agreement version, because it would change what every other
 * party shares: suspend it for everyone, bring back a version an administrator suspended, retire a version
 * in force, or activate a version that ends the one in force before each of that version's parties has
 * approved the new one.
 * Returns the refusal, or null when the officer may go ahead (administrators are never asked).
 */
export function wholeAgreementRefusal(
  action: 'activate' | 'suspend' | 'retire',
  a: AgreementRow,
  inForce: { version: number; partyIds: readonly string[] } | null,
  decisions: ReadonlyMap<string, PartyDecision>,
  codeOf: (organisationId: string) => string,
): string | null {
  if (action === 'suspend') {
    return `an IG officer suspends ${named(a)} for its own organisation only (a party's suspension); an administrator suspends it for every party`;
  }
  if (action === 'activate' && a.status === 'SUSPENDED') {
    return `${named(a)} was suspended for every party by an administrator; only an administrator brings it back`;
  }
  if (action === 'retire' && a.status !== 'DRAFT') {
    return `retiring ${named(a)} ends it for every party: an IG officer retires only drafts; ask an administrator`;
  }
  if (action === 'activate' && inForce) {
    const missing = inForce.partyIds.filter((p) => decisions.get(p) !== 'APPROVED').map(codeOf).sort();
    if (missing.length > 0) {
      const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
      return `activating ${named(a)} ends version ${inForce.version} for its parties: each must approve version ${a.version} first (not yet: ${shown})`;
    }
  }
  return null;
}
