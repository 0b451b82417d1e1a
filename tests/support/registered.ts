// The registered operations (operations/manifest.json) as the tests send them: by hash, as a partner system must.
import { readFileSync } from 'node:fs';
import { documentHash, MANIFEST_FILE, type Manifest, type ManifestOperation } from '../../src/modules/partners/registered-operations.js';

const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Manifest;
const byHash = new Map(manifest.operations.map((op) => [op.sha256Hash, op]));

/** The document of the registered operation with this name (throws when there is none). */
export function registered(name: string): string {
  const op = manifest.operations.find((o) => o.name === name);
  if (!op) throw new Error(`no registered operation named ${name} (operations/manifest.json)`);
  return op.document;
}

/** The registered operation whose document is exactly this text, if any. */
export function registeredByDocument(document: string): ManifestOperation | undefined {
  return byHash.get(documentHash(document));
}

/** Every registered operation. */
export function registeredOperations(): readonly ManifestOperation[] {
  return manifest.operations;
}
