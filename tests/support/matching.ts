import type { DataSource } from 'typeorm';
import { ownerDataSource } from './owner-db.js';

/**
 * Empties the records and everything matching built on them, so a matching test starts from a known
 * population. As the database's owner: the application role the API connects as may not truncate (a
 * DataSource passed by a caller written before that is not used).
 */
export async function resetMatching(_appDataSource?: DataSource): Promise<void> {
  const owner = await ownerDataSource(1);
  try {
    await owner.query('TRUNCATE source_record, young_person, import_batch, match_model, person_lineage CASCADE');
    await owner.query(`DELETE FROM job_run WHERE queue = 'matching'`);
  } finally {
    await owner.destroy();
  }
}

/** The person of each record, keyed by partner reference. */
export async function personsByReference(ds: DataSource, references: readonly string[]): Promise<Map<string, string | null>> {
  const found = (await ds.query('SELECT partner_reference AS ref, person_id FROM source_record WHERE partner_reference = ANY($1)', [references])) as Array<{
    ref: string;
    person_id: string | null;
  }>;
  return new Map(found.map((r) => [r.ref, r.person_id]));
}
