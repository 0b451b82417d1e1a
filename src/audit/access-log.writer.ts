import type { RequestContext } from '../graphql/context.js';
import type { ChangeRecord } from './access-buffer.js';
import { AUDIT_EVENTS, canonicalJson, encodeEntry, type AccessEventInput, type AccessOutcome } from './access-event.js';
import { rows, type Queryable } from './canonical.js';

/** The part of a request context that says who acted, for an access-log row. */
export type Actor = Pick<RequestContext, 'requestId' | 'clientRequestId' | 'principal' | 'purpose'>;

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
    principalId: actor.principal.id.toLowerCase(),
    organisationId: actor.principal.organisation.id.toLowerCase(),
    roles: [...actor.principal.roles].sort(),
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

/** The access-log row for one change made by a mutation. */
export function changeEvent(actor: Actor, operation: string, change: ChangeRecord): AccessEventInput {
  return {
    ...actorColumns(actor, operation),
    event: change.event,
    outcome: 'NONE',
    personId: change.personId?.toLowerCase() ?? null,
    released: [],
    withheld: [],
    agreements: [],
    providerIds: [],
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
