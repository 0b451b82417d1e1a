// SQL for the matching tables: set-based reads and multi-row writes, never one statement per record.
import type { EntityManager } from 'typeorm';
import { blockingKeys } from './engine/blocking.js';
import { standardise, type IdentityFields, type StandardRecord } from './engine/standardise.js';

/** Rows of a query as typed objects (TypeORM returns `any`). */
export async function rows<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await em.query(sql, params)) as T[];
}

/** Standardises source records (current versions) and stores their features and blocking keys. Returns the features by id. */
export async function standardiseRecords(em: EntityManager, ids: readonly string[]): Promise<Map<string, { version: number; features: StandardRecord }>> {
  const out = new Map<string, { version: number; features: StandardRecord }>();
  if (ids.length === 0) return out;
  const records = await rows<IdentityFields & { id: string; version: number }>(
    em,
    `SELECT id, version, given_name AS "givenName", middle_names AS "middleNames", family_name AS "familyName",
            to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", sex, postcode, address_line AS "addressLine", locality,
            upn, uln, other_identifier AS "otherIdentifier", email, phone
       FROM source_record WHERE id = ANY($1)`,
    [ids],
  );
  const keyIds: string[] = [];
  const keys: string[] = [];
  for (const r of records) {
    const features = standardise(r);
    out.set(r.id, { version: r.version, features });
    for (const k of blockingKeys(features)) {
      keyIds.push(r.id);
      keys.push(k);
    }
  }
  const recordIds = [...out.keys()];
  await em.query(
    `INSERT INTO match_record (source_record_id, version, features)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::jsonb[])
     ON CONFLICT (source_record_id) DO UPDATE SET version = EXCLUDED.version, features = EXCLUDED.features, standardised_at = now()`,
    [recordIds, recordIds.map((id) => out.get(id)!.version), recordIds.map((id) => JSON.stringify(out.get(id)!.features))],
  );
  await em.query('DELETE FROM match_block_key WHERE source_record_id = ANY($1)', [recordIds]);
  for (let i = 0; i < keys.length; i += 50_000) {
    await em.query(
      `INSERT INTO match_block_key (key, source_record_id) SELECT * FROM unnest($1::text[], $2::uuid[]) ON CONFLICT DO NOTHING`,
      [keys.slice(i, i + 50_000), keyIds.slice(i, i + 50_000)],
    );
  }
  return out;
}

/** Stored features of records, by id. */
export async function loadFeatures(em: EntityManager, ids: readonly string[]): Promise<Map<string, StandardRecord>> {
  const out = new Map<string, StandardRecord>();
  if (ids.length === 0) return out;
  for (const r of await rows<{ id: string; features: StandardRecord }>(
    em,
    'SELECT source_record_id AS id, features FROM match_record WHERE source_record_id = ANY($1)',
    [ids],
  )) {
    out.set(r.id, r.features);
  }
  return out;
}

/** Serialises matching work across workers and API decisions (held until the transaction ends). */
export async function lockMatching(em: EntityManager): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('cyswllt.matching'))`);
}
