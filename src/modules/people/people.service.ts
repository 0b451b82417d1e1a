import { queryPrepared, toPositional } from '../../db/prepared.js';
import type { RequestPolicy } from '../../policy/request-policy.js';
import type { RequestContext } from '../../graphql/context.js';
import { decodeCursor, encodeCursor } from '../../graphql/cursor.js';
import { badInput, notFound, unauthenticated } from '../../graphql/errors.js';
import { TokenError } from '../../auth/tokens.js';
import type { StoredFacts } from '../../policy/request-policy.js';
import type { StoredRecordJson } from '../sources/sources.service.js';
import type { SourceRecordType } from '../sources/source-record.type.js';
import { YoungPersonEntity } from './young-person.entity.js';
import type { YoungPeopleFilterInput, YoungPersonConnectionType, YoungPersonType } from './young-person.type.js';

/** Largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads young people with their source records, filtered by the sharing policy; a constant number of queries per page. */
export class PeopleService {
  /** One young person, or NOT_FOUND. */
  async get(ctx: RequestContext, id: string): Promise<YoungPersonType> {
    const policy = await this.policyFor(ctx, UUID.test(id) ? id : null);
    if (!UUID.test(id)) throw badInput('id', 'must be a UUID');
    const visible = policy.visibility();
    // A person the principal has no basis to see is "not found": its existence is not disclosed either.
    const q = toPositional(`SELECT yp.id, yp.created_at FROM young_person yp WHERE yp.id = CAST(:id AS uuid) AND (${visible.sql})`, {
      ...visible.params,
      id,
    });
    const [row] = await queryPrepared<{ id: string; created_at: Date }>(ctx.ds, q.text, q.values);
    if (!row) {
      ctx.access.noteRefusal(id, 'NO_AGREEMENT');
      throw notFound('Young person');
    }
    const person = Object.assign(new YoungPersonEntity(), { id: row.id, createdAt: row.created_at });
    const [view] = await this.withRecords(ctx, [person]);
    if (!view) throw notFound('Young person');
    return view;
  }

  /** A page of young people in id order, after the given cursor. */
  async list(
    ctx: RequestContext,
    filter: YoungPeopleFilterInput | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<YoungPersonConnectionType> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    const afterId = after == null ? null : decodeCursor(after);
    if (after != null && (afterId === null || !UUID.test(afterId))) throw badInput('after', 'is not a cursor from this list');

    let policy = await this.policyFor(ctx, null, { confirmedBy: 'caller' });
    // The page, its records and the people's facts in one statement, with the check of a cached
    // authentication folded in (nothing is read for a revoked principal); rules compiled again, and the page
    // read again, only when the agreements changed since the principal was cached.
    for (let attempt = 1; ; attempt++) {
      const { where, params } = listConditions(policy, filter);
      const guard = ctx.auth && !ctx.auth.confirmed ? ctx.auth.guard() : null;
      const sources = ctx.services.sources;
      // Two texts rather than "cursor IS NULL OR id > cursor", so each cached plan keeps its index range.
      const q = toPositional(
        `WITH page AS (SELECT yp.id, yp.created_at FROM young_person yp
            WHERE ${where}${afterId ? ' AND yp.id > CAST(:afterId AS uuid)' : ''}${guard ? ` AND ${guard.condition}` : ''}
            ORDER BY yp.id LIMIT :limit)
         SELECT ${guard ? guard.columns : 'NULL AS auth_standing, NULL AS auth_policy_version'},
           (SELECT coalesce(json_agg(json_build_object('id', page.id, 'createdAt', page.created_at,
              'records', ${sources.recordsJsonSql('page.id')}, 'facts', ${policy.factsJsonSql('page.id')}) ORDER BY page.id), '[]')
              FROM page) AS people`,
        { ...params, ...(afterId ? { afterId } : {}), ...(guard?.params ?? {}), ...policy.factsParams(), limit: first + 1 },
      );
      const [row] = await queryPrepared<ListRow>(ctx.ds, q.text, q.values);
      if (guard && !settle(ctx, row!)) {
        if (attempt >= 3) throw new Error('the sharing agreements kept changing while the list was read');
        policy = await ctx.services.policy.recompile(ctx, policy);
        continue;
      }
      const rows = row!.people;
      const hasNextPage = rows.length > first;
      const page = rows.slice(0, first);
      for (const p of page) if (p.facts) policy.accept(p.facts);
      const views = sources.viewsOfLoaded(
        ctx,
        policy,
        page.map((p) => p.id),
        page.flatMap((p) => p.records),
      );
      const people = this.withViews(
        ctx,
        page.map((p) => Object.assign(new YoungPersonEntity(), { id: p.id, createdAt: new Date(p.createdAt) })),
        views,
      );
      const edges = people.map((node) => ({ cursor: encodeCursor(node.id), node }));
      const count = async (): Promise<number> => {
        // The same conditions, written for a pass over every record rather than a walk in id order.
        const all = listConditions(policy, filter, true);
        const c = toPositional(`SELECT count(*)::int AS n FROM young_person yp WHERE ${all.where}`, all.params);
        const [n] = await queryPrepared<{ n: number }>(ctx.ds, c.text, c.values);
        return n?.n ?? 0;
      };
      return { edges, count, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
    }
  }

  /** The people with their checked source records (through the sources service); each listed person is logged. */
  private async withRecords(ctx: RequestContext, people: YoungPersonEntity[]): Promise<YoungPersonType[]> {
    if (people.length === 0) return [];
    return this.withViews(ctx, people, await ctx.services.sources.viewsOfPeople(ctx, people.map((p) => p.id)));
  }

  private withViews(ctx: RequestContext, people: YoungPersonEntity[], views: Map<string, SourceRecordType[]>): YoungPersonType[] {
    // Even a read that returns only ids discloses that the person is known to the hub: it is logged.
    for (const p of people) ctx.access.noteListed(p.id);
    return people.map((p) => {
      const sourceRecords = views.get(p.id) ?? [];
      const earliest = sourceRecords.reduce<Date | null>((min, r) => (min === null || r.receivedAt < min ? r.receivedAt : min), null);
      return { id: p.id, createdAt: earliest ?? p.createdAt, sourceRecords };
    });
  }

  /** The request's policy; a refused request (no purpose, or one the role may not use) is logged like a disclosure. */
  private async policyFor(ctx: RequestContext, personId: string | null, options: { confirmedBy?: 'caller' } = {}): Promise<RequestPolicy> {
    try {
      return await ctx.services.policy.forRequest(ctx, options);
    } catch (err) {
      ctx.access.noteRefusal(personId, ctx.purpose ? 'ROLE_NOT_PERMITTED' : 'PURPOSE_NOT_PERMITTED');
      throw err;
    }
  }
}

/** The one row of the list statement: the authentication check (when folded in) and the page as JSON. */
interface ListRow extends Record<string, unknown> {
  auth_standing: string | null;
  auth_policy_version: string | number | null;
  people: Array<{ id: string; createdAt: string; records: StoredRecordJson[]; facts: StoredFacts | null }>;
}

/** The list's conditions: people the principal has some basis to see, and the filter over records shown to it. */
function listConditions(
  policy: RequestPolicy,
  filter: YoungPeopleFilterInput | null | undefined,
  semiJoin = false,
): { where: string; params: Record<string, unknown> } {
  const visible = policy.visibility({ semiJoin });
  const conditions = [`(${visible.sql})`];
  const params: Record<string, unknown> = { ...visible.params };
  // Every filter is over the records shown to the principal: a hidden record must not put a person in a list.
  const shownRecord = (where: string, extra: Record<string, unknown>): void => {
    const scoped = policy.visibility({ where, params: extra, semiJoin });
    conditions.push(`(${scoped.sql})`);
    Object.assign(params, scoped.params);
  };
  if (filter?.laCode) shownRecord('po.la_code = :laCode', { laCode: filter.laCode });
  if (filter?.providerCode) shownRecord('po.code = :providerCode', { providerCode: filter.providerCode });
  if (filter?.familyNamePrefix) {
    // Only names the principal may read can match: a search must not find people by withheld data.
    const byName = policy.visibility({
      where: "lower(sr.family_name) LIKE :prefix || '%'",
      categories: ['IDENTITY'],
      semiJoin,
      params: { prefix: filter.familyNamePrefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) },
    });
    conditions.push(`(${byName.sql})`);
    Object.assign(params, byName.params);
  }
  return { where: conditions.join(' AND '), params };
}

/** Takes the folded authentication check: false when the agreements changed (read again); throws UNAUTHENTICATED when revoked. */
function settle(ctx: RequestContext, row: ListRow): boolean {
  try {
    return ctx.auth!.settle({ standing: row.auth_standing, policyVersion: Number(row.auth_policy_version) });
  } catch (err) {
    if (err instanceof TokenError) throw unauthenticated(err.message);
    throw err;
  }
}
