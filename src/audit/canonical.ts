/**
 * The canonical content of an access-log row, as SQL over the row's columns: the verifier sends this
 * expression itself rather than trusting the stored `access_event_canonical` function it checks. The
 * two must stay byte-identical (tests/audit-chain.test.ts proves it on rows the function appended).
 * Fields are joined by the unit separator (0x1f), array items by the record separator (0x1e); the
 * table's CHECKs keep both out of every stored value, so the encoding is unambiguous.
 */
export function canonicalSql(alias: string): string {
  const c = (column: string): string => `${alias}.${column}`;
  return `convert_to(concat_ws(E'\\x1f', 'v1', ${c('seq')}::text, (extract(epoch FROM ${c('occurred_at')}) * 1000)::bigint::text,
    ${c('event')}, ${c('outcome')}, ${c('request_id')}, ${c('operation')}, coalesce(${c('principal_id')}::text, ''),
    coalesce(${c('organisation_id')}::text, ''), array_to_string(${c('roles')}, E'\\x1e'), coalesce(${c('purpose')}, ''),
    coalesce(${c('person_id')}::text, ''), array_to_string(${c('released')}, E'\\x1e'), array_to_string(${c('withheld')}, E'\\x1e'),
    array_to_string(${c('agreements')}, E'\\x1e'), array_to_string(${c('provider_ids')}, E'\\x1e'), coalesce(${c('details')}, '')), 'UTF8')`;
}

/** The hash before the first row: 32 zero bytes. */
export const GENESIS_HASH = Buffer.alloc(32);

/** Something that runs SQL: a DataSource, an EntityManager or a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Runs a query and returns its rows typed (TypeORM returns `any`). */
export async function rows<T>(q: Queryable, sql: string, parameters: unknown[] = []): Promise<T[]> {
  return (await q.query(sql, parameters)) as T[];
}
