import { writeFile } from 'node:fs/promises';
import { getSchema } from '../../graphql/schema.js';
import { compileManifest, MANIFEST_FILE, manifestJson } from './registered-operations.js';

/** `npm run operations:emit`: checks every document under operations/ against the schema and writes operations/manifest.json. */
async function main(): Promise<void> {
  const manifest = await compileManifest(await getSchema());
  await writeFile(MANIFEST_FILE, manifestJson(manifest), 'utf8');
  process.stdout.write(`wrote ${MANIFEST_FILE}: ${manifest.operations.length} operations\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`operations:emit failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
