// CSV import memory benchmark: generates synthetic partner exports of ~20 MB and ~200 MB and loads each with the
// real `npm run import` command (as a child process, --no-wait so matching is not measured) into a fresh bench
// database, reporting wall time, rows per second and the loader's peak resident memory. Flat memory means the
// two peaks are about equal although one file is ten times the other.
// Usage: npx tsx bench/import-memory.ts [--sizes 20,200] (MB)
//   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/cyswllt_bench_import), BENCH_REDIS_URL (db 6).
//   The files go to the system's temporary directory and are deleted afterwards.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase } from '../src/db/ensure-database.js';
import { seedReferenceData } from '../src/modules/cohort/seed-reference.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '20,200' } } });
const SIZES_MB = values.sizes.split(',').map(Number);
const DB = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_bench_import';
const REDIS = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379/6';
const PREFIX = 'cyswllt-bench-import';
const TIME = '/usr/bin/time';

const log = (msg: string, fields: Record<string, unknown> = {}): void => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), msg, ...fields })}\n`);
};

const GIVEN = ['Siôn', 'Osian', 'Mali', 'Cerys', 'Dafydd', 'Gwen', 'Iolo', 'Nia', 'Rhys', 'Elin', 'Tomos', 'Ffion', 'Aled', 'Lowri', 'Gethin', 'Seren', 'Llŷr', 'Catrin', 'Ioan', 'Megan'];
const FAMILY = ['Jones', 'Williams', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Hughes', 'Lewis', 'Morgan', 'Griffiths', 'Owen', 'Price', 'Pugh', 'Rees', 'Llywelyn', 'Prŷs', 'ap Rhys', 'Jenkins', 'Powell', 'Parry'];
const STREETS = ['Heol y Frenhines', 'Stryd Fawr', 'Ffordd yr Orsaf', 'Lôn Las', 'Heol y Parc', 'Cilgant y Coed'];
const TOWNS = ['Caerdydd', 'Abertawe', 'Bangor', 'Caernarfon', 'Aberystwyth', 'Wrecsam'];
const HEADER = 'Learner Ref,Forename,Middle Names,Surname,Birth Date,Sex,House,Street,Town,Post Code,Email,Phone,Tutor Group,Notes';
const MAPPING = {
  partnerReference: 'Learner Ref',
  givenName: 'Forename',
  middleNames: 'Middle Names',
  familyName: 'Surname',
  dateOfBirth: { columns: 'Birth Date', format: 'DD/MM/YYYY' },
  sex: 'Sex',
  addressLine: ['House', 'Street'],
  locality: 'Town',
  postcode: 'Post Code',
  email: 'Email',
  phone: 'Phone',
};

/** One synthetic row (about 150 bytes); every reference distinct, a quoted note with a line break now and then. */
function row(i: number): string {
  const given = GIVEN[i % GIVEN.length]!;
  const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]!;
  const middle = i % 3 === 0 ? GIVEN[(i >> 3) % GIVEN.length]! : '';
  const dob = `${String(1 + (i % 28)).padStart(2, '0')}/${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}/${2006 + (Math.floor(i / 336) % 6)}`;
  const note = i % 50 === 0 ? '"Moved school,\nsee record"' : '';
  return [
    `B-${i}`, given, middle, family, dob, i % 2 === 0 ? 'F' : 'M', String(1 + (i % 180)), STREETS[i % STREETS.length], TOWNS[(i >> 2) % TOWNS.length],
    `CF${10 + (i % 40)} ${i % 10}${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + ((i >> 5) % 26))}`,
    `learner${i}@example.ac.uk`, `07700 9${String(i % 100_000).padStart(5, '0')}`, `${7 + (i % 6)}${String.fromCharCode(65 + (i % 4))}`, note,
  ].join(',');
}

/** Writes rows until the file reaches `bytes` (streamed: the bench never holds the file either). */
async function generate(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let rows = 0;
  const write = async (line: string): Promise<void> => {
    written += Buffer.byteLength(line) + 1;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write(HEADER);
  while (written < bytes) await write(row(rows++));
  out.end();
  await once(out, 'finish');
  return rows;
}

async function freshDatabase(): Promise<void> {
  await ensureDatabase(DB, { recreate: true });
  const ds = await createDataSource(DB, 2).initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await seedReferenceData(ds);
  } finally {
    await ds.destroy();
  }
}

/** Runs the real import command; peak RSS from `/usr/bin/time -v` when present, else VmHWM sampled from /proc. */
async function runImport(file: string, map: string): Promise<{ seconds: number; peakRssMb: number; output: string }> {
  const env = { ...process.env, DATABASE_URL: DB, REDIS_URL: REDIS, QUEUE_PREFIX: PREFIX, NODE_ENV: 'development', LOG_LEVEL: 'warn', AUDIT_SIGNING_KEY_FILE: 'var/bench/signing-key.pem' };
  const node = [process.execPath, '--import', 'tsx', 'src/modules/imports/import-cli.ts', '--partner', 'college.cardiff', '--file', file, '--map', map, '--no-wait'];
  const timed = existsSync(TIME);
  const child = timed ? spawn(TIME, ['-v', ...node], { env, stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(node[0]!, node.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-20_000)));
  let sampledKb = 0;
  const sampler = timed
    ? null
    : setInterval(() => {
        readFile(`/proc/${child.pid}/status`, 'utf8')
          .then((s) => (sampledKb = Math.max(sampledKb, Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0))))
          .catch(() => undefined);
      }, 100);
  const start = performance.now();
  const [code] = (await once(child, 'close')) as [number | null];
  const seconds = (performance.now() - start) / 1000;
  if (sampler) clearInterval(sampler);
  if (code !== 0) throw new Error(`import exited ${code}:\n${stdout}\n${stderr}`);
  const kb = timed ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0) : sampledKb;
  return { seconds, peakRssMb: Math.round(kb / 1024), output: stdout.trim() };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cyswllt-bench-import-'));
  const map = join(dir, 'map.json');
  await writeFile(map, JSON.stringify(MAPPING));
  const runs: Array<{ fileBytes: number; rows: number; seconds: number; rowsPerSecond: number; peakRssMb: number }> = [];
  try {
    for (const mb of SIZES_MB) {
      const file = join(dir, `export-${mb}mb.csv`);
      const rows = await generate(file, mb * 1_000_000);
      const { size } = await stat(file);
      await freshDatabase();
      log('importing', { fileBytes: size, rows });
      const run = await runImport(file, map);
      if (!run.output.includes(`${rows} rows — ${rows} created`)) throw new Error(`unexpected import result:\n${run.output}`);
      runs.push({ fileBytes: size, rows, seconds: Math.round(run.seconds * 10) / 10, rowsPerSecond: Math.round(rows / run.seconds), peakRssMb: run.peakRssMb });
      log('imported', runs.at(-1)!);
      await rm(file);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    const redis = new Redis(REDIS, { maxRetriesPerRequest: null });
    const queue = new Queue('matching', { connection: redis, prefix: PREFIX });
    await queue.obliterate({ force: true }); // the matching jobs the loader queued (no worker runs here)
    await queue.close();
    redis.disconnect();
  }
  const [small, large] = [runs[0]!, runs.at(-1)!];
  process.stdout.write(
    `${JSON.stringify(
      {
        runs,
        largeOverSmall: { fileBytes: Math.round((large.fileBytes / small.fileBytes) * 10) / 10, peakRss: Math.round((large.peakRssMb / small.peakRssMb) * 100) / 100 },
        peakRssSource: existsSync(TIME) ? '/usr/bin/time -v' : '/proc/<pid>/status VmHWM',
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
