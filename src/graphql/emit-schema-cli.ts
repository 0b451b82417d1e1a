import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { schemaSdl } from './schema.js';

/** Path of the committed schema file. */
export const SCHEMA_FILE = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));

/** `npm run schema:emit`: writes schema/schema.graphql from the code. */
async function main(): Promise<void> {
  await writeFile(SCHEMA_FILE, await schemaSdl(), 'utf8');
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`schema:emit failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
