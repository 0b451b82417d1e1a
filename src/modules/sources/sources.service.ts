import type { RequestContext } from '../../graphql/context.js';
import { SourceRecordEntity } from './source-record.entity.js';

/** Reads partners' source records for other modules (which never reach into this module's entities). */
export class SourcesService {
  /**
   * Every source record linked to a person, with its provider, oldest first; only one provider's
   * records when `providerOrganisationId` is given. Callers decide and log what they disclose.
   */
  async recordsOfPerson(ctx: RequestContext, personId: string, providerOrganisationId: string | null): Promise<SourceRecordEntity[]> {
    const query = ctx.ds
      .getRepository(SourceRecordEntity)
      .createQueryBuilder('sr')
      .innerJoinAndSelect('sr.provider', 'provider')
      .where('sr.person_id = :personId', { personId });
    if (providerOrganisationId) query.andWhere('sr.provider_organisation_id = :providerOrganisationId', { providerOrganisationId });
    return query.orderBy('sr.received_at', 'ASC').addOrderBy('sr.id', 'ASC').getMany();
  }
}
