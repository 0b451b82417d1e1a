import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = new URL('../..', import.meta.url).pathname;
const STAMP = join(ROOT, 'web/dist/.build-stamp');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

/** A hash of everything the console's build reads: its sources, its config and the lock file. */
async function sourceHash(): Promise<string> {
  const files = [...(await filesUnder(join(ROOT, 'web/src'))), join(ROOT, 'web/index.html'), join(ROOT, 'web/vite.config.ts'), join(ROOT, 'package-lock.json')];
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(await readFile(f));
  return hash.digest('hex');
}

/**
 * Builds the console (`vite build`, as `npm run console:build` and the demo do) unless web/dist already holds a
 * build of the same sources: the first console test of a run builds it (a few seconds), later ones reuse it.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const hash = await sourceHash();
  if (existsSync(STAMP) && (await readFile(STAMP, 'utf8')) === hash) return;
  await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'web/vite.config.ts', '--logLevel', 'error'], {
    cwd: ROOT,
    timeout: 180_000,
  });
  await writeFile(STAMP, hash);
}

/** The console's source directory (for tests that read the operations and messages). */
export const WEB_SRC = join(ROOT, 'web/src');
