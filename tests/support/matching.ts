import type { DataSource } from 'typeorm';

/** Empties the records and everything matching built on them, so a matching test starts from a known population. */
export async function resetMatching(ds: DataSource): Promise<void> {
  await ds.query('TRUNCATE source_record, young_person, import_batch, match_model, person_lineage CASCADE');
  await ds.query(`DELETE FROM job_run WHERE queue = 'matching'`);
}

/** The person of each record, keyed by partner reference. */
export async function personsByReference(ds: DataSource, references: readonly string[]): Promise<Map<string, string | null>> {
  const found = (await ds.query('SELECT partner_reference AS ref, person_id FROM source_record WHERE partner_reference = ANY($1)', [references])) as Array<{
    ref: string;
    person_id: string | null;
  }>;
  return new Map(found.map((r) => [r.ref, r.person_id]));
}
