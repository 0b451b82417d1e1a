import type { DataSource } from 'typeorm';
import type { Logger } from '../logger.js';

/** The role the API and the workers connect as (created by the CreateAppRole migration). */
export const APP_ROLE = 'cyswllt_app';

/**
 * Gives the application role the password written in the app's DATABASE_URL, if it has one (local
 * trust authentication needs none). Run as the owner after migrating; a URL naming another user is
 * left alone (that user's rights are the operator's to grant).
 */
export async function setAppRolePassword(owner: DataSource, databaseUrl: string): Promise<'set' | 'none' | 'other-user'> {
  const url = new URL(databaseUrl);
  if (decodeURIComponent(url.username) !== APP_ROLE) return 'other-user';
  if (!url.password) return 'none';
  const [{ sql }] = (await owner.query(`SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text) AS sql`, [
    APP_ROLE,
    decodeURIComponent(url.password),
  ])) as [{ sql: string }];
  await owner.query(sql);
  return 'set';
}

/**
 * Warns when a process connects as a superuser or as the owner of the access log: such a connection
 * could switch off the log's append-only triggers, which the application role cannot.
 */
export async function warnIfPrivileged(ds: DataSource, log: Logger): Promise<void> {
  const [r] = (await ds.query(
    `SELECT current_user AS role, current_setting('is_superuser') = 'on' AS superuser,
            pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = to_regclass('access_event')), 'USAGE') AS owns_log`,
  )) as [{ role: string; superuser: boolean; owns_log: boolean }];
  if (r.superuser || r.owns_log) {
    log.warn('connected to PostgreSQL as a role that can alter the access log: set DATABASE_URL to the application role', {
      role: r.role,
      expected: APP_ROLE,
    });
  }
}
