import { badInput } from '../graphql/errors.js';
import { decodeCursorKey, encodeCursor } from '../graphql/cursor.js';
import { isPurpose } from '../policy/purpose.js';
import { decodeEntry } from './access-event.js';
import { AccessOutcomeFilter, type AccessEventConnectionType, type AccessEventType, type AccessLogFilterInput } from './access-event.type.js';
import { rows, type Queryable } from './canonical.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whose events a reader may see: everything (admins), or one organisation's (IG officers). */
export type LogScope = { kind: 'all' } | { kind: 'organisation'; organisationId: string };

interface EventRow {
  seq: string;
  occurred_at: Date;
  event: string;
  outcome: AccessEventType['outcome'];
  request_id: string;
  operation: string;
  principal_id: string | null;
  principal_handle: string | null;
  organisation_id: string | null;
  organisation_code: string | null;
  organisation_name: string | null;
  roles: string[];
  purpose: string | null;
  person_id: string | null;
  released: string[];
  withheld: string[];
  agreements: string[];
  provider_ids: string[];
  details: string | null;
  hash: Buffer;
}

/** Builds the WHERE clause for a filter and scope; parameters are numbered from $1. */
export function whereClause(filter: AccessLogFilterInput | null | undefined, scope: LogScope): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const id = (name: keyof AccessLogFilterInput, v: string | null | undefined): string | null => {
    if (v == null) return null;
    if (!UUID.test(v)) throw badInput(`filter.${name}`, 'must be a UUID');
    return v.toLowerCase();
  };
  if (scope.kind === 'organisation') {
    // An IG officer sees disclosures to their organisation and every access to data it supplied.
    const org = p(scope.organisationId);
    where.push(`(e.organisation_id = ${org} OR e.provider_ids @> ARRAY[${org}::uuid])`);
  }
  const person = id('personId', filter?.personId);
  if (person) where.push(`e.person_id = ${p(person)}`);
  const principal = id('principalId', filter?.principalId);
  if (principal) where.push(`e.principal_id = ${p(principal)}`);
  const organisation = id('organisationId', filter?.organisationId);
  if (organisation) where.push(`e.organisation_id = ${p(organisation)}`);
  if (filter?.purpose != null) {
    if (!isPurpose(filter.purpose)) throw badInput('filter.purpose', 'is not a purpose');
    where.push(`e.purpose = ${p(filter.purpose)}`);
  }
  if (filter?.outcome === AccessOutcomeFilter.RELEASED) where.push(`e.outcome IN ('RELEASED','PARTIAL')`);
  if (filter?.outcome === AccessOutcomeFilter.WITHHELD) where.push(`e.outcome IN ('WITHHELD','PARTIAL')`);
  if (filter?.event != null) where.push(`e.event = ${p(filter.event)}`);
  if (filter?.from != null) where.push(`e.occurred_at >= ${p(filter.from)}`);
  if (filter?.to != null) where.push(`e.occurred_at < ${p(filter.to)}`);
  return { sql: where.length ? where.join(' AND ') : 'true', params };
}

const SELECT = `
  SELECT e.seq, e.occurred_at, e.event, e.outcome, e.request_id, e.operation, e.principal_id, pr.handle AS principal_handle,
         e.organisation_id, o.code AS organisation_code, o.name AS organisation_name, e.roles, e.purpose, e.person_id,
         e.released, e.withheld, e.agreements, e.provider_ids, e.details, e.hash
    FROM access_event e
    LEFT JOIN principal pr ON pr.id = e.principal_id
    LEFT JOIN organisation o ON o.id = e.organisation_id`;

/** A page of events, newest first, after a cursor; one statement (keyset on occurred_at, seq). */
export async function listEvents(
  q: Queryable,
  filter: AccessLogFilterInput | null | undefined,
  scope: LogScope,
  first: number,
  after: string | null | undefined,
): Promise<AccessEventConnectionType> {
  const { sql, params } = whereClause(filter, scope);
  let keyset = '';
  if (after != null) {
    // Milliseconds a Date can hold, and a seq a bigint can: a forged huge number is bad input, not a 500.
    const [ms, seq] = decodeCursorKey(after, /^(\d{1,16}):(\d{1,18})$/) ?? [];
    const at = ms === undefined ? null : new Date(Number(ms));
    if (!at || Number.isNaN(at.getTime()) || seq === undefined) throw badInput('after', 'is not a cursor from this list');
    params.push(at, seq);
    keyset = ` AND (e.occurred_at, e.seq) < ($${params.length - 1}, $${params.length}::bigint)`;
  }
  params.push(first + 1);
  const found = await rows<EventRow>(
    q,
    `${SELECT} WHERE ${sql}${keyset} ORDER BY e.occurred_at DESC, e.seq DESC LIMIT $${params.length}`,
    params,
  );
  const hasNextPage = found.length > first;
  const edges = found.slice(0, first).map((r) => ({ cursor: encodeCursor(`${r.occurred_at.getTime()}:${r.seq}`), node: toView(r) }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** Up to `max` events, newest first, as CSV (RFC 4180; a header row; entries joined by spaces). */
export async function exportEventsCsv(
  q: Queryable,
  filter: AccessLogFilterInput | null | undefined,
  scope: LogScope,
  max: number,
): Promise<{ csv: string; rows: number }> {
  const { sql, params } = whereClause(filter, scope);
  params.push(max);
  const found = await rows<EventRow>(q, `${SELECT} WHERE ${sql} ORDER BY e.occurred_at DESC, e.seq DESC LIMIT $${params.length}`, params);
  const header = [
    'seq', 'occurred_at', 'event', 'outcome', 'request_id', 'operation', 'principal_id', 'principal_handle', 'organisation_id',
    'organisation_code', 'roles', 'purpose', 'person_id', 'provider_ids', 'released', 'withheld', 'agreements', 'details', 'hash',
  ];
  const lines = [header.join(',')];
  for (const r of found) {
    lines.push(
      [
        r.seq, r.occurred_at.toISOString(), r.event, r.outcome, r.request_id, r.operation, r.principal_id, r.principal_handle,
        r.organisation_id, r.organisation_code, r.roles.join(' '), r.purpose, r.person_id, r.provider_ids.join(' '), r.released.join(' '),
        r.withheld.join(' '), r.agreements.join(' '), r.details, r.hash.toString('hex'),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: found.length };
}

/** One CSV cell, quoted when needed; a leading formula character is neutralised for spreadsheets. */
export function csvCell(value: string | null | undefined): string {
  if (value == null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function toView(r: EventRow): AccessEventType {
  return {
    seq: r.seq,
    occurredAt: r.occurred_at,
    event: r.event,
    outcome: r.outcome,
    requestId: r.request_id,
    operation: r.operation,
    actor: {
      principalId: r.principal_id,
      principalHandle: r.principal_handle,
      organisationId: r.organisation_id,
      organisationCode: r.organisation_code,
      organisationName: r.organisation_name,
      roles: r.roles,
    },
    purpose: r.purpose,
    personId: r.person_id,
    released: r.released.map((e) => decodeEntry(e, r.provider_ids)),
    withheld: r.withheld.map((e) => decodeEntry(e, r.provider_ids)),
    agreements: r.agreements,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
    hash: r.hash.toString('hex'),
  };
}
