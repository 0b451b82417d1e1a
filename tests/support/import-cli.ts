import { spawn, type ChildProcess } from 'node:child_process';

/** What a finished run of the CSV loader printed, and how it ended. */
export interface ImportRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running CSV loader (`npm run import`), with what it has printed so far and its end. */
export interface ImportProcess {
  child: ChildProcess;
  done: Promise<ImportRun>;
}

/** Starts the real CSV loader as a child process with the test environment (plus `env`). */
export function spawnImport(args: readonly string[], env: Record<string, string> = {}): ImportProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/modules/imports/import-cli.ts', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<ImportRun>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** Runs the CSV loader to its end. */
export function runImport(args: readonly string[], env: Record<string, string> = {}): Promise<ImportRun> {
  return spawnImport(args, env).done;
}

const GIVEN = ['Siôn', 'Osian', 'Mali', 'Cerys', 'Dafydd', 'Gwen', 'Iolo', 'Nia', 'Rhys', 'Elin', 'Tomos', 'Ffion', 'Aled', 'Lowri', 'Gethin', 'Seren'];
const FAMILY = ['Jones', 'Williams', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Hughes', 'Lewis', 'Morgan', 'Griffiths', 'Owen', 'Price', 'Pugh', 'Rees', 'Llywelyn', 'Prŷs'];

/** Synthetic learners as CSV lines (`Learner Ref,Forename,Surname,Birth Date,Post Code`), each distinct; header first. */
export function syntheticLearners(count: number, prefix = 'L'): string {
  const lines = ['Learner Ref,Forename,Surname,Birth Date,Post Code'];
  for (let i = 0; i < count; i++) {
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 12);
    const year = 2008 + (Math.floor(i / 336) % 4);
    const given = GIVEN[i % GIVEN.length]!;
    const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]!;
    lines.push(`${prefix}-${i},${given},${family},${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year},CF${10 + (i % 40)} ${i % 10}AB`);
  }
  return `${lines.join('\n')}\n`;
}

/** The column mapping for `syntheticLearners`. */
export const LEARNERS_MAPPING = {
  partnerReference: 'Learner Ref',
  givenName: 'Forename',
  familyName: 'Surname',
  dateOfBirth: { columns: 'Birth Date', format: 'DD/MM/YYYY' },
  postcode: 'Post Code',
};
