import type { DataSource } from 'typeorm';
import { PrincipalEntity } from './principal.entity.js';

/**
 * SQL for a principal's standing: a digest of its row and its organisation's (any change to either, its
 * roles, its organisation, its deactivation, changes the digest), NULL when it is no longer active.
 * `:standingPrincipal` names the principal.
 */
export const STANDING_SQL = `(SELECT md5(sp::text || so::text) FROM principal sp JOIN organisation so ON so.id = sp.organisation_id
   WHERE sp.id = CAST(:standingPrincipal AS uuid) AND sp.active)`;

/** SQL for the current policy version (every agreement change bumps it). */
export const POLICY_VERSION_SQL = '(SELECT version FROM policy_version)';

/** Looks up principals: used by authentication (before a request context exists) and the token CLI. */
export class PrincipalsService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The active principal with this id, with its organisation, and the current policy version (the
   * cache key of compiled sharing rules), in one statement; null when there is no such principal.
   */
  async findActiveById(id: string): Promise<{ principal: PrincipalEntity; policyVersion: number; standing: string } | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const { entities, raw } = await this.ds
      .getRepository(PrincipalEntity)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.organisation', 'o')
      .addSelect('(SELECT version FROM policy_version)', 'policy_version')
      .addSelect('md5(p::text || o::text)', 'standing')
      .where('p.id = :id AND p.active', { id })
      .getRawAndEntities<{ policy_version: string; standing: string }>();
    const principal = entities[0];
    if (!principal) return null;
    return { principal, policyVersion: Number(raw[0]!.policy_version), standing: raw[0]!.standing };
  }

  /** The principal's current standing (see STANDING_SQL; null when inactive or unknown) and the policy version, in one statement. */
  async standing(id: string): Promise<{ standing: string | null; policyVersion: number }> {
    const [row] = (await this.ds.query(
      `SELECT ${STANDING_SQL.replace(':standingPrincipal', '$1')} AS standing, ${POLICY_VERSION_SQL} AS policy_version`,
      [id],
    )) as [{ standing: string | null; policy_version: string }];
    return { standing: row.standing, policyVersion: Number(row.policy_version) };
  }

  /** The principal with this handle, with its organisation, or null. */
  async findByHandle(handle: string): Promise<PrincipalEntity | null> {
    return this.ds.getRepository(PrincipalEntity).findOne({ where: { handle }, relations: { organisation: true } });
  }
}
