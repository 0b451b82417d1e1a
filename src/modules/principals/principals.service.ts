import type { DataSource } from 'typeorm';
import { PrincipalEntity } from './principal.entity.js';

/** Looks up principals: used by authentication (before a request context exists) and the token CLI. */
export class PrincipalsService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The active principal with this id, with its organisation, and the current policy version (the
   * cache key of compiled sharing rules), in one statement; null when there is no such principal.
   */
  async findActiveById(id: string): Promise<{ principal: PrincipalEntity; policyVersion: number } | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const { entities, raw } = await this.ds
      .getRepository(PrincipalEntity)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.organisation', 'o')
      .addSelect('(SELECT version FROM policy_version)', 'policy_version')
      .where('p.id = :id AND p.active', { id })
      .getRawAndEntities<{ policy_version: string }>();
    const principal = entities[0];
    if (!principal) return null;
    return { principal, policyVersion: Number(raw[0]!.policy_version) };
  }

  /** The principal with this handle, with its organisation, or null. */
  async findByHandle(handle: string): Promise<PrincipalEntity | null> {
    return this.ds.getRepository(PrincipalEntity).findOne({ where: { handle }, relations: { organisation: true } });
  }
}
