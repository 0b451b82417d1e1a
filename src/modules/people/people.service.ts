import { queryPrepared, toPositional } from '../../db/prepared.js';
import type { RequestPolicy } from '../../policy/request-policy.js';
import type { RequestContext } from '../../graphql/context.js';
import { decodeCursor, encodeCursor } from '../../graphql/cursor.js';
import { badInput, notFound } from '../../graphql/errors.js';
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
    const policy = await this.policyFor(ctx, null);
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    const afterId = after == null ? null : decodeCursor(after);
    if (after != null && (afterId === null || !UUID.test(afterId))) throw badInput('after', 'is not a cursor from this list');

    const visible = policy.visibility();
    const conditions = [`(${visible.sql})`];
    const params: Record<string, unknown> = { ...visible.params };
    // A filter on who knows the person counts only records the principal is shown: otherwise filtering by
    // provider or area would find people by records withheld from it (docs/sharing-rules.md §2).
    const knownThrough = (where: string, filterParams: Record<string, unknown>): void => {
      const scoped = policy.visibility({ where, params: filterParams });
      conditions.push(`(${scoped.sql})`);
      Object.assign(params, scoped.params);
    };
    if (filter?.laCode) knownThrough('po.la_code = :laCode', { laCode: filter.laCode });
    if (filter?.providerCode) knownThrough('po.code = :providerCode', { providerCode: filter.providerCode });
    if (filter?.familyNamePrefix) {
      // Only names the principal may read can match: a search must not find people by withheld data.
      const byName = policy.visibility({
        where: "lower(sr.family_name) LIKE :prefix || '%'",
        categories: ['IDENTITY'],
        params: { prefix: filter.familyNamePrefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) },
      });
      conditions.push(`(${byName.sql})`);
      Object.assign(params, byName.params);
    }
    const where = conditions.join(' AND ');
    // Two statements rather than "cursor IS NULL OR id > cursor", so the cached plan keeps its index range.
    const pageSql = toPositional(
      `SELECT yp.id, yp.created_at FROM young_person yp
        WHERE ${where}${afterId ? ' AND yp.id > CAST(:afterId AS uuid)' : ''} ORDER BY yp.id LIMIT :limit`,
      { ...params, ...(afterId ? { afterId } : {}), limit: first + 1 },
    );
    const rows = (await queryPrepared<{ id: string; created_at: Date }>(ctx.ds, pageSql.text, pageSql.values)).map(
      (r) => Object.assign(new YoungPersonEntity(), { id: r.id, createdAt: r.created_at }),
    );
    const hasNextPage = rows.length > first;
    const page = rows.slice(0, first);
    const people = await this.withRecords(ctx, page);
    const edges = people.map((node) => ({ cursor: encodeCursor(node.id), node }));
    const count = async (): Promise<number> => {
      const q = toPositional(`SELECT count(*)::int AS n FROM young_person yp WHERE ${where}`, params);
      const [row] = await queryPrepared<{ n: number }>(ctx.ds, q.text, q.values);
      return row?.n ?? 0;
    };
    return { edges, count, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** The people with their checked source records (through the sources service); each listed person is logged. */
  private async withRecords(ctx: RequestContext, people: YoungPersonEntity[]): Promise<YoungPersonType[]> {
    if (people.length === 0) return [];
    const views = await ctx.services.sources.viewsOfPeople(ctx, people.map((p) => p.id));
    // Even a read that returns only ids discloses that the person is known to the hub: it is logged.
    for (const p of people) ctx.access.noteListed(p.id);
    return people.map((p) => ({ id: p.id, createdAt: p.createdAt, sourceRecords: views.get(p.id) ?? [] }));
  }

  /** The request's policy; a refused request (no purpose, or one the role may not use) is logged like a disclosure. */
  private async policyFor(ctx: RequestContext, personId: string | null): Promise<RequestPolicy> {
    try {
      return await ctx.services.policy.forRequest(ctx);
    } catch (err) {
      ctx.access.noteRefusal(personId, ctx.purpose ? 'ROLE_NOT_PERMITTED' : 'PURPOSE_NOT_PERMITTED');
      throw err;
    }
  }
}
