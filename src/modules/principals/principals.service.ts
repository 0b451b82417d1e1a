import type { DataSource } from 'typeorm';
import { PrincipalEntity } from './principal.entity.js';

/** Looks up principals: used by authentication (before a request context exists) and the token CLI. */
export class PrincipalsService {
  constructor(private readonly ds: DataSource) {}

  /** The active principal with this id, with its organisation, or null. */
  async findActiveById(id: string): Promise<PrincipalEntity | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    // One statement: findOne with a relation would first run a separate DISTINCT-id query.
    return this.ds
      .getRepository(PrincipalEntity)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.organisation', 'o')
      .where('p.id = :id AND p.active', { id })
      .getOne();
  }

  /** The principal with this handle, with its organisation, or null. */
  async findByHandle(handle: string): Promise<PrincipalEntity | null> {
    return this.ds.getRepository(PrincipalEntity).findOne({ where: { handle }, relations: { organisation: true } });
  }
}
