// The console as a browser gets it, from the browser's own timings (Resource Timing, the Long Tasks API and
// performance.now() in the page): the first load's compressed JavaScript (bytes on the wire, as the hub serves
// them gzip-compressed) and the worklist page's time to interactive for epc.cardiff on a demo-sized cohort
// (DEMO_PEOPLE's default, 3000 people). Interactive = the worklist's rows are on screen and the main thread has
// finished its last long task. Each load is cold (a fresh browser context: no cache, no session). The baseline
// in the same run is the home page, which asks the hub nothing but `me`: the worklist's extra time is its query
// and its rows. Runs the production build (`vite build`) against the API in production mode.
// Uses its own database (cyswllt_bench_console) and Redis database 8.
// Usage: npx tsx bench/console.ts [--people 3000] [--loads 7] [--reuse]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { startApi } from '../src/app.js';
import { signToken } from '../src/auth/tokens.js';
import { bootInfrastructure } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase } from '../src/db/ensure-database.js';
import { seedReferenceData } from '../src/modules/cohort/seed-reference.js';
import { seedCohort } from '../src/modules/cohort/seed.service.js';
import { ratio } from './support.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '3000' },
    loads: { type: 'string', default: '7' },
    seed: { type: 'string', default: 'cyswllt-demo' },
    reuse: { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(values.people);
const LOADS = Number(values.loads);
const SEED = values.seed ?? 'cyswllt-demo';
const DATABASE = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_bench_console';
const REDIS = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379/8';
const JS_BUDGET_BYTES = 300 * 1024;
const TTI_BUDGET_MS = 1000;

/** What one cold load of a page measured, in the page's own clock (ms from navigation start). */
interface Load {
  /** Bytes of JavaScript on the wire (encodedBodySize) and after decompression. */
  jsTransferred: number;
  jsDecoded: number;
  scripts: number;
  /** When the page's content appeared, the last long task ended, and the later of the two. */
  contentAt: number;
  lastLongTaskEnd: number;
  interactiveAt: number;
  /** The /graphql requests the page made, and the longest one. */
  apiRequests: number;
  longestApiMs: number;
}

// Runs in the page before its scripts: notes when `selector` first matches and the end of every long task. (Text,
// not a function: the page's code runs in the browser, which the project's TypeScript settings do not describe.)
const instrument = (selector: string): string => `
  window.__bench = { contentAt: null, longTaskEnds: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTaskEnds.push(e.startTime + e.duration);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((_m, observer) => {
    if (window.__bench.contentAt === null && document.querySelector(${JSON.stringify(selector)})) {
      window.__bench.contentAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

// Read in the page once it is settled: the scripts and /graphql requests from Resource Timing, and the marks above.
const READ = `(() => {
  const bench = window.__bench;
  const resources = performance.getEntriesByType('resource');
  const scripts = resources.filter((r) => r.name.endsWith('.js'));
  const api = resources.filter((r) => new URL(r.name).pathname === '/graphql');
  const lastLongTaskEnd = Math.max(0, ...bench.longTaskEnds);
  return {
    jsTransferred: scripts.reduce((n, r) => n + r.encodedBodySize, 0),
    jsDecoded: scripts.reduce((n, r) => n + r.decodedBodySize, 0),
    scripts: scripts.length,
    contentAt: bench.contentAt,
    lastLongTaskEnd,
    interactiveAt: Math.max(bench.contentAt, lastLongTaskEnd),
    apiRequests: api.length,
    longestApiMs: Math.max(0, ...api.map((r) => r.duration)),
  };
})()`;

async function coldLoad(browser: Browser, url: string, token: string, selector: string): Promise<Load> {
  const context = await browser.newContext({ locale: 'en-GB' });
  try {
    await context.addInitScript({ content: `sessionStorage.setItem('cyswllt.token', ${JSON.stringify(token)});${instrument(selector)}` });
    const page = await context.newPage();
    await page.goto(url);
    await page.locator(selector).first().waitFor({ timeout: 60_000 });
    // Everything the page asked for has arrived, so any long task it caused has been observed.
    await page.waitForLoadState('networkidle');
    return (await page.evaluate(READ)) as Load;
  } finally {
    await context.close();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor((s.length - 1) / 2)]! * 10) / 10;
};
const worst = (xs: number[]): number => Math.round(Math.max(...xs) * 10) / 10;

async function main(): Promise<void> {
  await promisify(execFile)(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '-c', 'web/vite.config.ts', '--logLevel', 'error'], { timeout: 180_000 });
  if (!values.reuse) {
    await ensureDatabase(DATABASE, { recreate: true });
    const setup = await createDataSource(DATABASE, 2).initialize();
    try {
      await setup.runMigrations({ transaction: 'each' });
      await seedReferenceData(setup);
      await seedCohort(setup, { people: PEOPLE, seed: SEED, asOf: new Date().toISOString().slice(0, 10) }, `var/truth/${SEED}-${PEOPLE}.csv`);
      await setup.query('VACUUM ANALYZE');
    } finally {
      await setup.destroy();
    }
  }
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    AUTH_SECRET: 'bench-secret-'.padEnd(40, 'x'),
    AUDIT_SIGNING_KEY_FILE: process.env['AUDIT_SIGNING_KEY_FILE'] ?? 'var/bench/signing-key.pem',
    DATABASE_URL: DATABASE,
    REDIS_URL: REDIS,
    QUEUE_PREFIX: 'cyswllt-bench-console',
    LOG_LEVEL: 'error',
  });
  const infra = await bootInfrastructure(config, 'bench');
  const api = await startApi(infra, 0);
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const principal = (await infra.services.principals.findByHandle('epc.cardiff'))!;
    const token = await signToken(infra.config.authSecret, { principalId: principal.id, handle: 'epc.cardiff' }, '1h');
    await coldLoad(browser, `${api.url}/console/worklist`, token, 'tr[data-person]'); // warm-up: the server's caches, the gzip of the build
    const home: Load[] = [];
    const worklist: Load[] = [];
    for (let i = 0; i < LOADS; i++) {
      home.push(await coldLoad(browser, `${api.url}/console`, token, '[data-testid="signed-in-as"]'));
      worklist.push(await coldLoad(browser, `${api.url}/console/worklist`, token, 'tr[data-person]'));
    }
    const [{ rows }] = (await infra.ds.query(`SELECT count(*)::int AS rows FROM young_person`)) as [{ rows: number }];
    const jsTransferred = worklist[0]!.jsTransferred;
    const tti = median(worklist.map((l) => l.interactiveAt));
    const homeTti = median(home.map((l) => l.interactiveAt));
    process.stdout.write(
      `${JSON.stringify(
        {
          bench: 'console',
          cohort: { generated: PEOPLE, people: rows, seed: SEED },
          principal: 'epc.cardiff',
          loads: LOADS,
          firstLoadJavaScript: {
            transferredBytes: jsTransferred,
            decodedBytes: worklist[0]!.jsDecoded,
            scripts: worklist[0]!.scripts,
            compression: 'gzip',
            budgetBytes: JS_BUDGET_BYTES,
            ratioToBudget: ratio(jsTransferred, JS_BUDGET_BYTES),
            meetsBudget: jsTransferred < JS_BUDGET_BYTES,
          },
          worklistTimeToInteractive: {
            medianMs: tti,
            worstMs: worst(worklist.map((l) => l.interactiveAt)),
            rowsShownMedianMs: median(worklist.map((l) => l.contentAt)),
            lastLongTaskEndMedianMs: median(worklist.map((l) => l.lastLongTaskEnd)),
            apiRequests: worklist[0]!.apiRequests,
            longestApiRequestMedianMs: median(worklist.map((l) => l.longestApiMs)),
            budgetMs: TTI_BUDGET_MS,
            ratioToBudget: ratio(tti, TTI_BUDGET_MS),
            meetsBudget: tti < TTI_BUDGET_MS,
          },
          baselineHomePage: { timeToInteractiveMedianMs: homeTti, apiRequests: home[0]!.apiRequests },
          worklistToHomeRatio: ratio(tti, homeTti),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await browser.close();
    await api.close();
    await infra.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
