import { loadConfig } from '../../config/config.js';
import { createDataSource } from '../../db/data-source.js';

/**
 * `npm run -s demo:tier3`: prints the id of a seeded Cardiff young person in tier 3 whom the Cardiff
 * EPC can see through their school record, to show that the Careers Wales record is withheld whole (demo data only).
 */
async function main(): Promise<void> {
  const ds = await createDataSource(loadConfig().databaseUrl, 1).initialize();
  try {
    const rows = (await ds.query(
      `SELECT ps.person_id FROM person_state ps
        WHERE ps.current_tier = 3 AND ps.home_la_code = 'cardiff'
          AND EXISTS (SELECT 1 FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
                       WHERE sr.person_id = ps.person_id AND o.kind = 'CAREERS_WALES')
          AND EXISTS (SELECT 1 FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
                       WHERE sr.person_id = ps.person_id AND o.kind IN ('SCHOOL', 'LOCAL_AUTHORITY') AND o.la_code = 'cardiff')
        ORDER BY ps.person_id LIMIT 1`,
    )) as Array<{ person_id: string }>;
    if (!rows[0]) throw new Error('no tier-3 Cardiff young person in the seeded cohort (seed more people)');
    process.stdout.write(`${rows[0].person_id}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo:tier3: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
