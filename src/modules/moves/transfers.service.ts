import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../graphql/context.js';
import { decodeCursor, encodeCursor } from '../../graphql/cursor.js';
import { badInput, forbidden, notFound } from '../../graphql/errors.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import { toPositional } from '../../db/prepared.js';
import { isoToday } from '../../policy/age.js';
import type { ProviderFacts } from '../../policy/policy.types.js';
import type { RequestPolicy } from '../../policy/request-policy.js';
import type { OrganisationKind } from '../organisations/organisation-kind.js';
import type { OrganisationType } from '../organisations/organisation.type.js';
import type { DecisionLookup } from '../sources/checked-view.js';
import type { SourceRecordType } from '../sources/source-record.type.js';
import { OUTSIDE_WALES } from './postcode-districts.data.js';
import {
  TRANSFER_DECLINE_REASONS,
  TRANSFER_PURPOSES,
  TRANSFER_STATES,
  TRANSFER_WITHDRAW_REASONS,
  WITHDRAWABLE_CAUSES,
  type TransferState,
} from './moves.policy.js';
import type {
  AcceptTransferInput,
  DeclineTransferInput,
  TransferConnectionType,
  TransferDecisionType,
  TransferEndType,
  TransferRecordType,
  TransferType,
  TransfersFilterInput,
  WithdrawTransferInput,
} from './transfer.type.js';
import { shownTransfersSql, type Supplier, type TransferRow, type TransferScope } from './transfers.sql.js';

/** Largest page of transfers. */
export const MAX_TRANSFERS_PAGE = 100;

/** Audit event of an accepted transfer (ids only; where the young person lives is not the log's). */
export const TRANSFER_ACCEPTED = 'transfer.accepted';

/** Audit event of a transfer the receiving LA's EPC declined (ids only). */
export const TRANSFER_DECLINED = 'transfer.declined';

/** Audit event of a transfer the sending LA's EPC withdrew (ids only). */
export const TRANSFER_WITHDRAWN = 'transfer.withdrawn';

/** An EPC's decision closing a transfer: which side makes it, the state it leaves, and its audit event. */
interface Closing {
  side: 'INCOMING' | 'OUTGOING';
  state: Extract<TransferState, 'DECLINED' | 'WITHDRAWN'>;
  event: string;
  reasons: readonly string[];
}

const DECLINE: Closing = { side: 'INCOMING', state: 'DECLINED', event: TRANSFER_DECLINED, reasons: TRANSFER_DECLINE_REASONS };
const WITHDRAW: Closing = { side: 'OUTGOING', state: 'WITHDRAWN', event: TRANSFER_WITHDRAWN, reasons: TRANSFER_WITHDRAW_REASONS };

/** Audit event of an EPC naming where a young person it recorded as moved went. */
export const TRANSFER_DESTINATION_NAMED = 'transfer.destination_named';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEQ = /^\d{1,19}$/;

/**
 * Moves of young people between LAs (domain §4.5, docs/moves.md): the transfers the EPCs of the two LAs see,
 * and the receiving EPC's acceptance, after which the home LA the sharing rules use is theirs. The transfers
 * themselves are opened, redirected, withdrawn and closed by the database with the changes that cause them
 * (migration HomeLaAndTransfers); this service reads them through the rules, and records the EPCs' decisions on
 * them: the receiving EPC accepts or declines, the sending EPC withdraws.
 */
export class TransfersService {
  /** A page of the LA's transfers, in and out, oldest first. */
  async list(
    ctx: RequestContext,
    laCode: string,
    filter: TransfersFilterInput | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<TransferConnectionType> {
    const policy = await this.policyFor(ctx);
    this.checkLa(ctx, laCode);
    if (!Number.isInteger(first) || first < 1 || first > MAX_TRANSFERS_PAGE) throw badInput('first', `must be between 1 and ${MAX_TRANSFERS_PAGE}`);
    const afterSeq = after == null ? null : decodeCursor(after);
    if (after != null && (afterSeq === null || !SEQ.test(afterSeq))) throw badInput('after', 'is not a cursor from this list');
    const scope: TransferScope = {
      laCode,
      direction: filter?.direction ?? null,
      states: filter?.states?.length ? [...new Set(filter.states)] : [...TRANSFER_STATES],
      afterSeq,
      limit: first + 1,
    };
    const rows = await this.rows(ctx, policy, scope);
    const page = rows.slice(0, first);
    const nodes = await this.views(ctx, page);
    ctx.access.noteActivity({
      personId: null,
      event: 'transfers.read',
      detail: { laCode, direction: scope.direction, states: scope.states, first, after: after ?? null, returned: page.length },
    });
    const edges = nodes.map((node, i) => ({ cursor: encodeCursor(page[i]!.seq), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /**
   * The receiving LA's EPC takes the young person on: the transfer is accepted, the home LA becomes theirs (the
   * sharing rules' area conditions follow from the next read), and the tier history gets a MOVE event, with its
   * access-log row, in one transaction. Accepting an accepted transfer again answers the acceptance that stands.
   */
  async accept(ctx: RequestContext, input: AcceptTransferInput): Promise<TransferType> {
    const policy = await this.policyFor(ctx);
    if (!UUID.test(input.transferId)) throw badInput('transferId', 'must be a UUID');
    const laCode = await this.receivingLa(ctx, input.transferId);
    // Shown to the asker as an LA of the move, or "not found", exactly as for an id that does not exist.
    const shown = laCode === null ? undefined : (await this.rows(ctx, policy, this.oneScope(laCode, input.transferId)))[0];
    if (!shown || laCode === null) {
      ctx.access.noteRefusal(null, 'NO_AGREEMENT');
      throw notFound('Transfer');
    }
    if (shown.direction !== 'INCOMING') throw badInput('transferId', 'only the receiving LA accepts a transfer');
    if (shown.status !== 'OPEN' && shown.status !== 'ACCEPTED') throw badInput('transferId', `the transfer is ${shown.status}, not open`);
    await ctx.ds.transaction((em) =>
      withIdempotency(ctx, em, async () => {
        const [{ moved: personId }] = (await em.query('SELECT accept_la_transfer($1, $2, $3) AS moved', [input.transferId, laCode, ctx.principal.id])) as [
          { moved: string | null },
        ];
        if (!personId) {
          // Accepted already (by this LA: it is shown to the asker as incoming): the acceptance that stands.
          const [now] = (await em.query('SELECT status FROM la_transfer WHERE id = $1', [input.transferId])) as Array<{ status: string }>;
          if (now?.status !== 'ACCEPTED') throw badInput('transferId', 'the transfer was closed meanwhile');
          return { transferId: input.transferId, tierEventId: null };
        }
        const event = await ctx.services.tierHistory.record(
          ctx,
          em,
          {
            personId,
            kind: 'MOVE',
            sourceOrganisationId: await this.laOrganisation(em, ctx, laCode),
            effectiveOn: isoToday(),
            reason: 'TRANSFER_ACCEPTED',
            sourceEventId: input.transferId,
          },
          { auditEvent: TRANSFER_ACCEPTED },
        );
        return { transferId: input.transferId, tierEventId: event.id };
      }),
    );
    // Read back under the rules as they now stand (the receiving LA is the home LA).
    const [row] = await this.rows(ctx, policy, this.oneScope(laCode, input.transferId));
    if (!row) throw notFound('Transfer');
    const [view] = await this.views(ctx, [row]);
    return view!;
  }

  /**
   * The receiving LA's EPC says the young person is not theirs to take on: the transfer closes as DECLINED (the
   * home LA stays, and the receiving LA loses what the transfers agreement gave it), with its access-log row, in
   * one transaction. The addresses the hub has now do not open it again; a later one does.
   */
  decline(ctx: RequestContext, input: DeclineTransferInput): Promise<TransferDecisionType> {
    return this.close(ctx, input, DECLINE);
  }

  /**
   * The sending LA's EPC says a move its LA or an address started did not happen: the transfer closes as
   * WITHDRAWN, with its access-log row, in one transaction. The addresses the hub has now do not open it again.
   */
  withdraw(ctx: RequestContext, input: WithdrawTransferInput): Promise<TransferDecisionType> {
    return this.close(ctx, input, WITHDRAW);
  }

  /**
   * An EPC's decision closing an open transfer of its LA's side. A transfer the asker's LA is not a side of (or
   * not shown to it) is "not found", exactly as an id that does not exist; deciding again answers the decision
   * that stands.
   */
  private async close(ctx: RequestContext, input: { transferId: string; reason: string }, how: Closing): Promise<TransferDecisionType> {
    const policy = await this.policyFor(ctx);
    if (!UUID.test(input.transferId)) throw badInput('transferId', 'must be a UUID');
    if (!how.reasons.includes(input.reason)) throw badInput('reason', `must be one of ${how.reasons.join(', ')}`);
    const side = how.side === 'INCOMING' ? 'to_la_code' : 'from_la_code';
    // The checks run under the key: a retry after the decision (which may have ended what the rules showed the asker)
    // gets the answer it was given, and a refused request takes no key.
    const decided = await ctx.ds.transaction((em) =>
      withIdempotency(ctx, em, async () => {
        const laCode = await this.askerLa(ctx, input.transferId, how.side);
        const shown = laCode === null ? undefined : (await this.rows(ctx, policy, this.oneScope(laCode, input.transferId), em))[0];
        if (!shown || laCode === null) {
          ctx.access.noteRefusal(null, 'NO_AGREEMENT');
          throw notFound('Transfer');
        }
        if (shown.direction !== how.side) {
          throw badInput('transferId', how.side === 'INCOMING' ? 'only the receiving LA declines a transfer' : 'only the sending LA withdraws a transfer');
        }
        if (how.side === 'OUTGOING' && !WITHDRAWABLE_CAUSES.includes(shown.cause)) {
          throw badInput('transferId', "a transfer started by Careers Wales's destinations return is answered with an address or an outcome, not withdrawn");
        }
        if (shown.status === how.state && shown.close_reason !== null) {
          return { transferId: shown.id, state: how.state, closedAt: shown.closed_at!.toISOString(), reason: shown.close_reason };
        }
        if (shown.status !== 'OPEN') throw badInput('transferId', `the transfer is ${shown.status}, not open`);
        const [rows] = (await em.query(
          `UPDATE la_transfer SET status = $3, closed_at = now(), closed_by = $4, close_reason = $5
            WHERE id = $1 AND status = 'OPEN' AND ${side} = $2
           RETURNING person_id, closed_at`,
          [input.transferId, laCode, how.state, ctx.principal.id, input.reason],
        )) as [Array<{ person_id: string; closed_at: Date }>, number];
        const t = rows[0];
        if (!t) throw badInput('transferId', 'the transfer was closed meanwhile');
        // The transfer LA (the rules' `area: TRANSFER`) follows at once; the addresses held now open nothing again.
        await em.query('SELECT refresh_person_state(ARRAY[$1]::uuid[])', [t.person_id]);
        await ctx.services.audit.recordChange(ctx, em, {
          personId: t.person_id,
          event: how.event,
          change: { transferId: input.transferId },
          providerIds: [await this.laOrganisation(em, ctx, laCode)],
        });
        return { transferId: input.transferId, state: how.state, closedAt: t.closed_at.toISOString(), reason: input.reason };
      }),
    );
    return { ...decided, closedAt: new Date(decided.closedAt) };
  }

  /**
   * An EPC recording "moved out of area" may say where to (a Welsh LA): the transfer that outcome opened (in the
   * same transaction) gets that destination, as the EPC's LA's word, unless a newer address says otherwise.
   */
  async nameDestination(ctx: RequestContext, em: EntityManager, causeEventId: string, laCode: string): Promise<void> {
    const [la] = (await em.query('SELECT code FROM local_authority WHERE code = $1', [laCode])) as unknown[];
    if (!la) throw badInput('movedToLaCode', 'is not the code of a Welsh local authority (e.g. gwynedd)');
    if (laCode === ctx.principal.organisation.laCode) throw badInput('movedToLaCode', 'is your own LA');
    const named = (await em.query(
      `UPDATE la_transfer SET to_la_code = $2, destination_supplier_id = $3, destination_at = now()
        WHERE cause_event_id = $1 AND status = 'OPEN' AND from_la_code <> $2 AND (to_la_code IS NULL OR destination_at IS NULL)
       RETURNING id, person_id`,
      [causeEventId, laCode, ctx.principal.organisation.id],
    )) as [Array<{ id: string; person_id: string }>, number];
    const t = named[0][0];
    if (!t) return; // a transfer was already open (its destination stands), or the young person has no home LA to leave
    await em.query('SELECT refresh_person_state(ARRAY[$1]::uuid[])', [t.person_id]);
    await ctx.services.audit.recordChanges(ctx, em, [
      { personId: t.person_id, event: TRANSFER_DESTINATION_NAMED, change: { transferId: t.id, tierEventId: causeEventId }, providerIds: [ctx.principal.organisation.id] },
    ]);
  }

  private async rows(ctx: RequestContext, policy: RequestPolicy, scope: TransferScope, em?: EntityManager): Promise<TransferRow[]> {
    const q = shownTransfersSql(policy, scope);
    const p = toPositional(q.sql, q.params);
    return (await (em ?? ctx.ds).query(p.text, p.values)) as TransferRow[];
  }

  private oneScope(laCode: string, transferId: string): TransferScope {
    return { laCode, direction: null, states: [...TRANSFER_STATES], transferId };
  }

  /** The LA of the asker for a transfer (an administrator acts as the LA receiving it); null when none applies. */
  private receivingLa(ctx: RequestContext, transferId: string): Promise<string | null> {
    return this.askerLa(ctx, transferId, 'INCOMING');
  }

  /** The asker's LA; an administrator acts as the LA on the given side of the transfer (null when none applies). */
  private async askerLa(ctx: RequestContext, transferId: string, side: 'INCOMING' | 'OUTGOING'): Promise<string | null> {
    if (!ctx.principal.roles.includes('ADMIN')) return ctx.principal.organisation.laCode;
    const [t] = (await ctx.ds.query('SELECT from_la_code, to_la_code FROM la_transfer WHERE id = $1', [transferId])) as Array<{
      from_la_code: string;
      to_la_code: string | null;
    }>;
    const la = side === 'INCOMING' ? t?.to_la_code : t?.from_la_code;
    return la && la !== OUTSIDE_WALES ? la : null;
  }

  /** The receiving LA's organisation, whose word the MOVE event is (the asker's, or the LA's for an administrator). */
  private async laOrganisation(em: EntityManager, ctx: RequestContext, laCode: string): Promise<string> {
    if (ctx.principal.organisation.kind === 'LOCAL_AUTHORITY' && ctx.principal.organisation.laCode === laCode) return ctx.principal.organisation.id;
    const [o] = (await em.query(`SELECT id FROM organisation WHERE kind = 'LOCAL_AUTHORITY' AND la_code = $1 ORDER BY code LIMIT 1`, [laCode])) as Array<{ id: string }>;
    if (!o) throw badInput('transferId', 'the receiving LA has no organisation registered');
    return o.id;
  }

  /** The page's items with their transfer dataset, decided in a fixed number of queries. */
  private async views(ctx: RequestContext, rows: readonly TransferRow[]): Promise<TransferType[]> {
    if (rows.length === 0) return [];
    const personIds = [...new Set(rows.map((r) => r.person_id))];
    const [records, ends] = await Promise.all([
      ctx.services.sources.viewsOfPeople(ctx, personIds),
      ctx.services.sources.decisionsForValues(
        ctx,
        rows.flatMap((r) => [
          { personId: r.person_id, provider: providerFacts(r.from_supplier) },
          { personId: r.person_id, provider: providerFacts(r.to_supplier) },
        ]),
      ),
    ]);
    return rows.map((r, i) => {
      ctx.access.noteListed(r.person_id);
      const from = end(r, r.from_supplier, ends[2 * i]!, r.from_la_code, r.from_la_name);
      const to = end(r, r.to_supplier, ends[2 * i + 1]!, r.to_la_code, r.to_la_name);
      return {
        id: r.id,
        personId: r.person_id,
        direction: r.direction,
        state: r.status as TransferState,
        openedAt: r.opened_at,
        closedAt: r.closed_at,
        acceptedBy: r.accepted_by ? { displayName: r.accepted_by.displayName, organisation: r.accepted_by.organisation as unknown as OrganisationType } : null,
        closeReason: r.close_reason,
        // An outgoing transfer is shown only when what started it is released to the asker, so its cause says nothing more.
        withdrawable: r.direction === 'OUTGOING' && r.status === 'OPEN' && WITHDRAWABLE_CAUSES.includes(r.cause),
        from,
        to,
        records: datasetRecords(records.get(r.person_id) ?? []),
      };
    });
  }

  /** The request's policy for a transfer purpose; any other purpose is refused before anything is read or changed. */
  private async policyFor(ctx: RequestContext): Promise<RequestPolicy> {
    if (!ctx.purpose || !TRANSFER_PURPOSES.includes(ctx.purpose)) {
      ctx.access.noteRefusal(null, 'PURPOSE_NOT_PERMITTED');
      throw forbidden(`transfers are read and accepted for ${TRANSFER_PURPOSES.join(' or ')} only (X-Purpose)`);
    }
    try {
      return await ctx.services.policy.forRequest(ctx);
    } catch (err) {
      ctx.access.noteRefusal(null, 'ROLE_NOT_PERMITTED');
      throw err;
    }
  }

  /** An EPC sees its own LA's transfers (the administrator any LA's). */
  private checkLa(ctx: RequestContext, laCode: string): void {
    if (ctx.principal.roles.includes('ADMIN')) return;
    if (ctx.principal.organisation.laCode !== laCode) {
      ctx.access.noteRefusal(null, 'ROLE_NOT_PERMITTED');
      throw forbidden(`an EPC sees the transfers of its own LA (${ctx.principal.organisation.laCode ?? 'none'})`);
    }
  }
}

function providerFacts(s: Supplier): ProviderFacts {
  return { organisationId: s.id, kind: s.kind as OrganisationKind, laCode: s.laCode };
}

/** One end of the move, decided as the CONTACT data of the organisation whose word it is. */
function end(r: TransferRow, supplier: Supplier, decisions: DecisionLookup, laCode: string | null, laName: string | null): TransferEndType {
  const outside = laCode === OUTSIDE_WALES;
  return {
    personId: r.person_id,
    providerOrganisationId: supplier.id,
    decisions,
    laCode: laCode === null || outside ? null : laCode,
    laName: outside ? null : laName,
    outsideWales: laCode === null ? null : outside,
  };
}

/** The shown records as far as the transfer dataset goes: those from which identity or a lead worker is released. */
function datasetRecords(records: readonly SourceRecordType[]): TransferRecordType[] {
  return records
    .filter((r) => r.decisions?.get('IDENTITY').allowed || (r.leadWorker !== null && r.decisions?.get('LEAD_WORKER').allowed))
    .map((r) => ({
      personId: r.personId!,
      providerOrganisationId: r.providerOrganisationId,
      decisions: r.decisions,
      id: r.id,
      provider: r.provider,
      receivedAt: r.receivedAt,
      givenName: r.givenName,
      familyName: r.familyName,
      dateOfBirth: r.dateOfBirth,
      leadWorker: r.leadWorker,
    }));
}
