import type { RequestPolicy } from '../../policy/request-policy.js';
import type { SqlPredicate } from '../../policy/visibility-sql.js';
import { CAUSE_CATEGORY, TRANSFER_DATASET, type TransferCause, type TransferDirection, type TransferState } from './moves.policy.js';

/** Which of an LA's transfers to read. */
export interface TransferScope {
  laCode: string;
  direction: TransferDirection | null;
  states: readonly TransferState[];
  /** Only this transfer (a check before a change). */
  transferId?: string | null;
  /** Keyset: after this sequence number. */
  afterSeq?: string | null;
  limit?: number | null;
}

/** One transfer row as the service reads it. */
export interface TransferRow extends Record<string, unknown> {
  id: string;
  seq: string;
  person_id: string;
  from_la_code: string;
  to_la_code: string | null;
  from_la_name: string | null;
  to_la_name: string | null;
  status: TransferState;
  cause: TransferCause;
  close_reason: string | null;
  direction: TransferDirection;
  opened_at: Date;
  closed_at: Date | null;
  from_supplier: Supplier;
  to_supplier: Supplier;
  accepted_by: { displayName: string; organisation: Record<string, unknown> } | null;
}

/** An organisation as the decisions need it (JSON from the query). */
export interface Supplier {
  id: string;
  kind: string;
  laCode: string | null;
}

const supplierJson = (id: string): string =>
  `(SELECT json_build_object('id', o.id, 'kind', o.kind, 'laCode', o.la_code) FROM organisation o WHERE o.id = ${id})`;

/**
 * The transfers of an LA shown to the asker, oldest first (docs/moves.md): one leaving the LA only when what
 * started it is released to the asker (the address's supplier's CONTACT; the EPC's or Careers Wales's
 * TIER_STATUS event), as a worklist reason is; one coming in only when some value of the transfer dataset of
 * the young person is released to it (before acceptance by the transfers agreement's `area: TRANSFER` clauses).
 * So neither the list nor an item says anything the rules withhold.
 */
export function shownTransfersSql(policy: RequestPolicy, scope: TransferScope): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { la: scope.laCode, states: [...scope.states] };
  const released = (v: SqlPredicate): string => {
    Object.assign(params, v.params);
    return v.sql;
  };
  const causeContact = released(policy.visibility({ supplier: 't.cause_supplier_id', categories: [CAUSE_CATEGORY.ADDRESS] }));
  const causeEvent = released(policy.visibility({ supplier: 't.cause_supplier_id', categories: [CAUSE_CATEGORY.DESTINATION_RETURN] }));
  const dataset = released(policy.visibility({ categories: TRANSFER_DATASET }));
  const where = [`t.status = ANY(CAST(:states AS text[]))`];
  const outgoing = `(t.from_la_code = :la AND CASE WHEN t.cause = 'ADDRESS' THEN ${causeContact} ELSE ${causeEvent} END)`;
  const incoming = `(t.to_la_code = :la AND ${dataset})`;
  where.push(scope.direction === 'OUTGOING' ? outgoing : scope.direction === 'INCOMING' ? incoming : `(${outgoing} OR ${incoming})`);
  if (scope.transferId) {
    params['transferId'] = scope.transferId;
    where.push('t.id = CAST(:transferId AS uuid)');
  }
  if (scope.afterSeq) {
    params['afterSeq'] = scope.afterSeq;
    where.push('t.seq > CAST(:afterSeq AS bigint)');
  }
  if (scope.limit) params['limit'] = scope.limit;
  // The sending LA's organisation speaks for where the young person lived (its own case).
  const fromOrg = `(SELECT o.id FROM organisation o WHERE o.kind = 'LOCAL_AUTHORITY' AND o.la_code = t.from_la_code ORDER BY o.code LIMIT 1)`;
  const sql = `
    SELECT t.id, t.seq::text AS seq, t.person_id, t.from_la_code, t.to_la_code, fl.name AS from_la_name, tl.name AS to_la_name,
           t.status, t.cause, t.close_reason, CASE WHEN t.to_la_code = :la THEN 'INCOMING' ELSE 'OUTGOING' END AS direction, t.opened_at, t.closed_at,
           ${supplierJson(`coalesce(${fromOrg}, t.cause_supplier_id)`)} AS from_supplier,
           ${supplierJson(`coalesce(t.destination_supplier_id, ${fromOrg}, t.cause_supplier_id)`)} AS to_supplier,
           (SELECT json_build_object('displayName', p.display_name, 'organisation', json_build_object('id', o.id, 'code', o.code,
                     'name', o.name, 'nameCy', o.name_cy, 'kind', o.kind, 'laCode', o.la_code, 'ispSignatory', o.isp_signatory))
              FROM principal p JOIN organisation o ON o.id = p.organisation_id WHERE p.id = t.accepted_by) AS accepted_by
      FROM la_transfer t
      JOIN young_person yp ON yp.id = t.person_id
      LEFT JOIN local_authority fl ON fl.code = t.from_la_code
      LEFT JOIN local_authority tl ON tl.code = t.to_la_code
     WHERE ${where.join(' AND ')}
     ORDER BY t.seq${scope.limit ? ' LIMIT :limit' : ''}`;
  return { sql, params };
}
