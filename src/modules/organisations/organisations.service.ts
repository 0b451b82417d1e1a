import type { RequestContext } from '../../graphql/context.js';
import { OrganisationEntity } from './organisation.entity.js';
import type { OrganisationKind } from './organisation-kind.js';

/** Filters for listing organisations. */
export interface OrganisationFilter {
  kind?: OrganisationKind | null;
  laCode?: string | null;
}

/** Reads the partner directory. */
export class OrganisationsService {
  /** Every organisation matching the filter, ordered by kind then name. */
  async list(ctx: RequestContext, filter: OrganisationFilter = {}): Promise<OrganisationEntity[]> {
    const qb = ctx.ds.getRepository(OrganisationEntity).createQueryBuilder('o').orderBy('o.kind').addOrderBy('o.name');
    if (filter.kind) qb.andWhere('o.kind = :kind', { kind: filter.kind });
    if (filter.laCode) qb.andWhere('o.la_code = :la', { la: filter.laCode });
    return qb.getMany();
  }
}
