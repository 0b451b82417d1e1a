import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/config.js';
import { createDataSource } from '../../db/data-source.js';
import { linksCsv } from './links-export.js';

/** `npm run links:export -- --out <file.csv>`: the people the matcher made, as partner,partner_reference,person_id. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!values.out) throw new Error('usage: npm run links:export -- --out <file.csv>');
  const ds = await createDataSource(loadConfig().databaseUrl, 2).initialize();
  try {
    const csv = await linksCsv(ds);
    await mkdir(dirname(values.out), { recursive: true });
    await writeFile(values.out, csv, 'utf8');
    process.stdout.write(`wrote ${csv.split('\n').length - 2} records to ${values.out}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`links:export failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
