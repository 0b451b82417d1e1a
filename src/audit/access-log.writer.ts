import type { RequestContext } from '../graphql/context.js';
import type { ChangeRecord } from './access-buffer.js';
import { AUDIT_EVENTS, canonicalJson, encodeEntry, type AccessEventInput, type AccessOutcome } from './access-event.js';
import { rows, type Queryable } from './canonical.js';

/** The principal an access-log row names: who made the request, or on whose behalf a worker ran. */
export interface ActingPrincipal {
  id: string;
  roles: readonly string[];
  organisation: { id: string };
}

/**
 * Who acted, for an access-log row. A request context is one; outside HTTP the CSV loader builds one for
 * the partner it loads for, and a worker acts for the principal that submitted the import it matches, or,
 * for backlog and training runs that no one in particular asked for, for the system (`principal: null`).
 */
export interface Actor {
  /** The request id; for a worker, the job run id (so the log and `job_run` join). */
  requestId: string;
  principal: ActingPrincipal | null;
  purpose: string | null;
  /** The client's own `X-Request-Id`, when it sent a well-formed one; kept in the row's details. */
  clientRequestId?: string | null;
}

/** The role an access-log row names when the system acted on its own (no principal, no organisation). */
export const SYSTEM_ROLE = 'SYSTEM';

/**
 * The access log could not be written, so the change that needed the row was rolled back (fail closed).
 * Carries the SQLSTATE only: the rows hold ids, never personal data, and neither does this message.
 */
export class AuditUnavailableError extends Error {
  override readonly name = 'AuditUnavailableError';
  /** PostgreSQL's SQLSTATE of the failed append, if it got that far (e.g. 42501, no INSERT privilege). */
  readonly sqlState: string | null;

  constructor(cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
    super(`the access log could not be written${sqlState ? ` (SQLSTATE ${sqlState})` : ''}, so nothing was changed`);
    this.sqlState = sqlState;
  }
}

// Values that reach the canonical encoding must not hold its separators or other control characters.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x1f]/g;
const clean = (s: string): string => s.replace(CONTROL, ' ');

/**
 * A row's details as canonical JSON, with the client's own request id beside them when it sent one (the
 * row's request id is always the hub's; the details are hashed with the row, so the client id is too).
 */
function detailsOf(actor: Actor, details: Record<string, unknown> | null): string | null {
  const all = actor.clientRequestId ? { ...details, clientRequestId: actor.clientRequestId } : details;
  return all ? canonicalJson(all) : null;
}

/** The fields of a row that say who acted, when and in which operation. */
function actorColumns(actor: Actor, operation: string): Pick<
  AccessEventInput,
  'requestId' | 'operation' | 'principalId' | 'organisationId' | 'roles' | 'purpose'
> {
  return {
    requestId: actor.requestId,
    operation: clean(operation).slice(0, 200) || 'unknown',
    principalId: actor.principal?.id.toLowerCase() ?? null,
    organisationId: actor.principal?.organisation.id.toLowerCase() ?? null,
    roles: actor.principal ? [...actor.principal.roles].sort() : [SYSTEM_ROLE],
    purpose: actor.purpose,
  };
}

/**
 * Turns what one operation noted in its access buffer into access-log rows: one per person read or
 * refused, one for a refused list or search, one per change not already recorded, one per activity.
 */
export function eventsForOperation(ctx: RequestContext, operation: string): AccessEventInput[] {
  const who = actorColumns(ctx, operation);
  const events: AccessEventInput[] = [];
  const refusals = new Map(ctx.access.refusalRecords().map((r) => [r.personId, r.reason]));

  for (const p of ctx.access.personAccesses()) {
    const refused = refusals.get(p.personId);
    refusals.delete(p.personId);
    const providerIds = [...new Set([...p.released, ...p.withheld].map((e) => e.providerOrganisationId.toLowerCase()))].sort();
    const released = p.released.map((r) => encodeEntry({ ...r, reason: null }, providerIds)).sort();
    const withheld = p.withheld.map((w) => encodeEntry(w, providerIds)).sort();
    events.push({
      ...who,
      event: AUDIT_EVENTS.personRead,
      outcome: outcomeOf(released.length, withheld.length + (refused ? 1 : 0)),
      personId: p.personId.toLowerCase(),
      released,
      withheld,
      agreements: p.agreements.map(clean),
      providerIds,
      details: detailsOf(ctx, refused ? { refused } : null),
    });
  }
  for (const [personId, reason] of refusals) {
    events.push({
      ...who,
      event: personId ? AUDIT_EVENTS.personRead : AUDIT_EVENTS.operationRefused,
      outcome: 'WITHHELD',
      personId: personId?.toLowerCase() ?? null,
      released: [],
      withheld: [],
      agreements: [],
      providerIds: [],
      details: detailsOf(ctx, { refused: reason }),
    });
  }
  for (const change of ctx.access.changeRecords()) events.push(changeEvent(ctx, operation, change));
  for (const a of ctx.access.activityRecords()) {
    events.push({
      ...who,
      event: a.event,
      outcome: 'NONE',
      personId: a.personId?.toLowerCase() ?? null,
      released: [],
      withheld: [],
      agreements: [],
      providerIds: [],
      details: detailsOf(ctx, a.detail),
    });
  }
  return events;
}

/** The access-log row for one change (made by a mutation, the CSV loader or a worker). */
export function changeEvent(actor: Actor, operation: string, change: ChangeRecord): AccessEventInput {
  return {
    ...actorColumns(actor, operation),
    event: change.event,
    outcome: 'NONE',
    personId: change.personId?.toLowerCase() ?? null,
    released: [],
    withheld: [],
    agreements: [],
    providerIds: [...new Set((change.providerIds ?? []).map((id) => id.toLowerCase()))].sort(),
    details: detailsOf(actor, change.change),
  };
}

function outcomeOf(released: number, withheld: number): AccessOutcome {
  if (released > 0) return withheld > 0 ? 'PARTIAL' : 'RELEASED';
  return withheld > 0 ? 'WITHHELD' : 'NONE';
}

/**
 * Appends rows to the chain in one multi-row INSERT under the chain-head lock (one round trip).
 * Run on a transaction's EntityManager, the rows commit or roll back with that transaction, and the
 * chain-head lock is held until it ends, so concurrent appends queue rather than fork.
 */
export async function appendEvents(q: Queryable, events: AccessEventInput[]): Promise<{ firstSeq: number; lastSeq: number } | null> {
  if (events.length === 0) return null;
  const [r] = await rows<{ first_seq: string; last_seq: string }>(q, 'SELECT * FROM access_event_append($1::jsonb)', [
    JSON.stringify(events),
  ]);
  return r ? { firstSeq: Number(r.first_seq), lastSeq: Number(r.last_seq) } : null;
}
