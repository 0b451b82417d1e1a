// SQL for the matching tables: set-based reads and multi-row writes, never one statement per record.
import type { EntityManager } from 'typeorm';
import { hashedBlockingKeys } from './engine/blocking.js';
import { standardise, type IdentityForMatching, type StandardRecord } from './engine/standardise.js';

/** Rows of a query as typed objects (TypeORM returns `any`). */
export async function rows<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await em.query(sql, params)) as T[];
}

/** Writes standardised features and hashed blocking keys in one statement (a single JSON document parses far faster than an array of them). */
export async function storeFeatures(em: EntityManager, items: ReadonlyArray<{ id: string; version: number; features: StandardRecord }>): Promise<void> {
  for (let i = 0; i < items.length; i += 20_000) {
    const doc = items.slice(i, i + 20_000).map((x) => [x.id, x.version, x.features, `{${hashedBlockingKeys(x.features).join(',')}}`]);
    await em.query(
      `INSERT INTO match_record (source_record_id, version, features, block_keys)
       SELECT (x->>0)::uuid, (x->>1)::int, x->2, (x->>3)::bigint[] FROM jsonb_array_elements($1::jsonb) AS x
       ON CONFLICT (source_record_id) DO UPDATE SET version = EXCLUDED.version, features = EXCLUDED.features,
         block_keys = EXCLUDED.block_keys, standardised_at = now()`,
      [JSON.stringify(doc)],
    );
  }
}

/**
 * The identity fields of source records at their current versions, in a stable order (partner, then reference), so
 * that the same records give the same sample of random pairs, the same model and the same people run after run,
 * whatever ids they were given.
 */
export async function loadIdentities(em: EntityManager, ids: readonly string[] | null, importId: string | null = null): Promise<Array<IdentityForMatching & { id: string; version: number; queued: number | null }>> {
  return rows(
    em,
    `SELECT sr.id, sr.version, q.version AS queued, sr.given_name AS "givenName", sr.middle_names AS "middleNames", sr.family_name AS "familyName",
            coalesce(to_char(sr.date_of_birth, 'YYYY-MM-DD'), sr.date_of_birth_text) AS "dateOfBirth", sr.flagged_fields AS "flaggedFields", sr.sex, sr.postcode, sr.address_line AS "addressLine", sr.locality,
            sr.upn, sr.uln, sr.other_identifier AS "otherIdentifier", sr.email, sr.phone
       FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id LEFT JOIN match_queue q ON q.source_record_id = sr.id
      WHERE ${ids === null ? 'q.source_record_id IS NOT NULL AND ($1::uuid IS NULL OR q.import_id = $1)' : 'sr.id = ANY($1)'}
      ORDER BY o.code, sr.partner_reference`,
    [ids ?? importId],
  );
}

/** Standardises source records (current versions) and stores their features and blocking keys. Returns the features by id. */
export async function standardiseRecords(em: EntityManager, ids: readonly string[]): Promise<Map<string, { version: number; features: StandardRecord }>> {
  const out = new Map<string, { version: number; features: StandardRecord }>();
  if (ids.length === 0) return out;
  for (const r of await loadIdentities(em, ids)) out.set(r.id, { version: r.version, features: standardise(r) });
  await storeFeatures(em, [...out].map(([id, v]) => ({ id, ...v })));
  return out;
}

/** Serialises matching work across workers and API decisions (held until the transaction ends). */
export async function lockMatching(em: EntityManager): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('cyswllt.matching'))`);
}
