// The operations partner systems may run: GraphQL documents kept in operations/<partner-kind>/ (and
// operations/shared/ for every kind), compiled into operations/manifest.json, and sent by their SHA-256.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { ORGANISATION_KINDS, type OrganisationKind } from '../organisations/organisation-kind.js';

/** The folder of registered documents and the committed manifest. */
export const OPERATIONS_DIR = fileURLToPath(new URL('../../../operations', import.meta.url));
export const MANIFEST_FILE = join(OPERATIONS_DIR, 'manifest.json');

/** The folder holding documents every partner system may run. */
export const SHARED_DIR = 'shared';

/** Kinds of organisation whose systems are partner systems (everyone but the Welsh Government, which has none). */
export const PARTNER_KINDS = ORGANISATION_KINDS.filter((k) => k !== 'WELSH_GOVERNMENT');

/** The folder of one kind's documents: its name in kebab case (`FE_COLLEGE` → `fe-college`). */
export function folderOf(kind: OrganisationKind): string {
  return kind.toLowerCase().replace(/_/g, '-');
}

/** One registered operation as the manifest lists it. */
export interface ManifestOperation {
  /** The persisted-documents id: `sha256:<hex>` (send it as `documentId`, or the hex as `extensions.persistedQuery.sha256Hash`). */
  id: string;
  sha256Hash: string;
  /** The operation's name, unique across the manifest. */
  name: string;
  /** The kinds of organisation whose systems may run it. */
  kinds: OrganisationKind[];
  /** Where it is kept, relative to operations/. */
  files: string[];
  /** The document exactly as hashed. */
  document: string;
}

/** The committed manifest. */
export interface Manifest {
  /** How a document's id is made. */
  hash: 'sha256 of the UTF-8 document text, lower-case hex';
  operations: ManifestOperation[];
}

/** The SHA-256 of a document, as the manifest and the persisted-query convention write it. */
export function documentHash(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

/** A document as it is hashed: the file's text with LF line ends, trailing space trimmed, one final newline. */
export function normaliseDocument(text: string): string {
  return `${text.replace(/\r\n?/g, '\n').trimEnd()}\n`;
}

/**
 * Reads every document under operations/, checks each against the schema (one named operation a file, valid),
 * and returns the manifest, sorted by name. Throws naming the file and the problem otherwise.
 */
export async function compileManifest(schema: GraphQLSchema, dir = OPERATIONS_DIR): Promise<Manifest> {
  const folders = new Map<string, readonly OrganisationKind[]>([[SHARED_DIR, PARTNER_KINDS], ...PARTNER_KINDS.map((k) => [folderOf(k), [k]] as const)]);
  const byHash = new Map<string, ManifestOperation>();
  const names = new Map<string, string>();
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory()) continue;
    const kinds = folders.get(entry.name);
    if (!kinds) throw new Error(`operations/${entry.name}: not a partner kind's folder (one of ${[...folders.keys()].join(', ')})`);
    for (const file of (await readdir(join(dir, entry.name))).sort()) {
      if (!file.endsWith('.graphql')) continue;
      const path = join(dir, entry.name, file);
      const where = relative(dir, path);
      const document = normaliseDocument(await readFile(path, 'utf8'));
      const ast = parse(document);
      const ops = ast.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      if (ops.length !== 1 || !ops[0]!.name) throw new Error(`operations/${where}: must hold exactly one named operation`);
      const errors = validate(schema, ast, specifiedRules);
      if (errors.length > 0) throw new Error(`operations/${where}: ${errors.map((e) => e.message).join('; ')}`);
      const name = ops[0]!.name.value;
      const hash = documentHash(document);
      if (names.has(name) && names.get(name) !== hash) throw new Error(`operations/${where}: another document is already named ${name}`);
      names.set(name, hash);
      const known = byHash.get(hash);
      if (known) {
        known.kinds = [...new Set([...known.kinds, ...kinds])].sort();
        known.files.push(where);
      } else {
        byHash.set(hash, { id: `sha256:${hash}`, sha256Hash: hash, name, kinds: [...kinds].sort(), files: [where], document });
      }
    }
  }
  return {
    hash: 'sha256 of the UTF-8 document text, lower-case hex',
    operations: [...byHash.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

/** The manifest as written to operations/manifest.json. */
export function manifestJson(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * The registered operations the API accepts, from the committed manifest: looked up by hash, and asked
 * whether a kind of organisation's systems may run one. A manifest whose ids do not match its documents is
 * refused at start.
 */
export class RegisteredOperations {
  private readonly byHash: ReadonlyMap<string, ManifestOperation>;

  constructor(manifest: Manifest) {
    for (const op of manifest.operations) {
      if (documentHash(op.document) !== op.sha256Hash || op.id !== `sha256:${op.sha256Hash}`) {
        throw new Error(`operations manifest: the id of ${op.name} does not match its document (run npm run operations:emit)`);
      }
    }
    this.byHash = new Map(manifest.operations.map((op) => [op.sha256Hash, op]));
  }

  /** Loads the committed manifest. */
  static async load(file = MANIFEST_FILE): Promise<RegisteredOperations> {
    return new RegisteredOperations(JSON.parse(await readFile(file, 'utf8')) as Manifest);
  }

  /** The registered operation with this SHA-256 (hex), if any. */
  get(hash: string): ManifestOperation | undefined {
    return this.byHash.get(hash);
  }

  /** May a system of this kind of organisation run the document with this SHA-256? */
  allows(kind: OrganisationKind, hash: string | undefined): boolean {
    return hash !== undefined && (this.byHash.get(hash)?.kinds.includes(kind) ?? false);
  }

  /** Every registered operation. */
  all(): ManifestOperation[] {
    return [...this.byHash.values()];
  }
}
