import type { RequestContext } from '../../graphql/context.js';
import { decodeCursor, encodeCursor } from '../../graphql/cursor.js';
import { badInput, forbidden, notFound } from '../../graphql/errors.js';
import { SourceRecordEntity } from '../sources/source-record.entity.js';
import { toSourceRecordView } from '../sources/source-record.mapper.js';
import { YoungPersonEntity } from './young-person.entity.js';
import type { YoungPeopleFilterInput, YoungPersonConnectionType, YoungPersonType } from './young-person.type.js';

/** Largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads young people with their source records; a constant number of queries per page. */
export class PeopleService {
  /** One young person, or NOT_FOUND. */
  async get(ctx: RequestContext, id: string): Promise<YoungPersonType> {
    this.assertMayReadPersonalData(ctx, UUID.test(id) ? id : null);
    if (!UUID.test(id)) throw badInput('id', 'must be a UUID');
    const person = await ctx.ds.getRepository(YoungPersonEntity).findOneBy({ id });
    if (!person) throw notFound('Young person');
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
    this.assertMayReadPersonalData(ctx, null);
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    const afterId = after == null ? null : decodeCursor(after);
    if (after != null && (afterId === null || !UUID.test(afterId))) throw badInput('after', 'is not a cursor from this list');

    const repo = ctx.ds.getRepository(YoungPersonEntity);
    const base = repo.createQueryBuilder('yp');
    const known = (alias: string, condition: string, params: Record<string, unknown>): void => {
      base.andWhere(
        `EXISTS (SELECT 1 FROM source_record ${alias} JOIN organisation ${alias}o ON ${alias}o.id = ${alias}.provider_organisation_id
                 WHERE ${alias}.person_id = yp.id AND ${condition})`,
        params,
      );
    };
    if (filter?.laCode) known('f1', 'f1o.la_code = :laCode', { laCode: filter.laCode });
    if (filter?.providerCode) known('f2', 'f2o.code = :providerCode', { providerCode: filter.providerCode });
    if (filter?.familyNamePrefix) {
      const prefix = filter.familyNamePrefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
      known('f3', "lower(f3.family_name) LIKE :prefix || '%'", { prefix });
    }

    const totalCount = await base.clone().getCount();
    const page = base.clone().orderBy('yp.id', 'ASC').take(first + 1);
    if (afterId) page.andWhere('yp.id > :afterId', { afterId });
    const rows = await page.getMany();
    const hasNextPage = rows.length > first;
    const people = await this.withRecords(ctx, rows.slice(0, first));
    const edges = people.map((node) => ({ cursor: encodeCursor(node.id), node }));
    return { edges, totalCount, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** Loads the source records of many people in one query. */
  private async withRecords(ctx: RequestContext, people: YoungPersonEntity[]): Promise<YoungPersonType[]> {
    if (people.length === 0) return [];
    const records = await ctx.ds
      .getRepository(SourceRecordEntity)
      .createQueryBuilder('sr')
      .innerJoinAndSelect('sr.provider', 'provider')
      .where('sr.person_id = ANY(:ids)', { ids: people.map((p) => p.id) })
      .orderBy('sr.received_at', 'ASC')
      .addOrderBy('sr.id', 'ASC')
      .getMany();
    const byPerson = new Map<string, SourceRecordEntity[]>();
    for (const r of records) {
      if (!r.personId) continue;
      const list = byPerson.get(r.personId) ?? [];
      list.push(r);
      byPerson.set(r.personId, list);
    }
    return people.map((p) => ({
      id: p.id,
      createdAt: p.createdAt,
      sourceRecords: (byPerson.get(p.id) ?? []).map(toSourceRecordView),
    }));
  }

  /** Until the sharing-agreement engine decides per field, only ADMIN reads personal data: nobody is silently allowed. */
  private assertMayReadPersonalData(ctx: RequestContext, personId: string | null): void {
    if (ctx.ability.cannot('read', 'PersonalData')) {
      ctx.access.noteRefusal(personId, 'ROLE_NOT_PERMITTED'); // a refusal is logged like a disclosure
      throw forbidden(
        `Role ${ctx.principal.roles.join(', ')} may not read personal data: sharing agreements are not yet in force in this hub`,
      );
    }
  }
}
