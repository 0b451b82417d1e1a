import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { SHARED_SESSION } from './shared-session.js';

/**
 * Runs a statement as a named prepared statement on the DataSource's pool, so PostgreSQL plans it once
 * per connection and reuses the plan. Worth it for statements whose planning dominates (the policy
 * list filters are large, cheap-to-run predicates); the name is derived from the text, so the same
 * compiled rules always reuse the same plan.
 */
export async function queryPrepared<T extends Record<string, unknown>>(ds: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (ds.driver as unknown as { master: pg.Pool }).master;
  const name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  // Tell TypeORM's logger, as its own queries do (it counts round trips in the benchmarks; it prints
  // nothing unless TypeORM logging is switched on).
  ds.logger.logQuery(text, values);
  // In the embedded database a name prepared by one connection exists for all of them (one session), and
  // the next connection to prepare it would be refused: there, statements are planned each time.
  const result = await pool.query<T>(SHARED_SESSION ? { text, values } : { name, text, values });
  return result.rows;
}

/** Turns TypeORM-style `:name` parameters into `$n` placeholders for a raw statement. */
export function toPositional(sql: string, params: Record<string, unknown>, start = 1): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const index = new Map<string, number>();
  const text = sql.replace(/(?<!:):([A-Za-z_]\w*)/g, (_m, name: string) => {
    if (!(name in params)) throw new Error(`missing SQL parameter :${name}`);
    let i = index.get(name);
    if (i === undefined) {
      values.push(params[name]);
      i = start + values.length - 1;
      index.set(name, i);
    }
    return `$${i}`;
  });
  return { text, values };
}
