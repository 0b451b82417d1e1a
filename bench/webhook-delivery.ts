// Webhook delivery throughput: changes about a partner's learners delivered through the production path (the
// worker's `webhooks` queue: a dispatch round reads the feed with the sharing rules and records the deliveries, then
// one BullMQ job a delivery signs and POSTs it and records the outcome) to a local HTTP receiver, beside the same
// number of signed POSTs sent straight to that receiver with the same concurrency (the baseline: what HTTP alone
// costs), in one run. Prints deliveries a second, the ratio, and the time from the dispatch job to the first and last
// delivery (JSON). Uses its own database (cyswllt_bench_webhooks, or BENCH_DATABASE_URL) and Redis database 6 (or
// BENCH_REDIS_URL) under the queue prefix cyswllt-bench-webhooks.
// Usage: npx tsx bench/webhook-delivery.ts [--changes 2000] [--concurrency 8]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { bootInfrastructure } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import { createDataSource } from '../src/db/data-source.js';
import { ensureDatabase } from '../src/db/ensure-database.js';
import { seedReferenceData } from '../src/modules/cohort/seed-reference.js';
import { newWebhookSecret, SIGNATURE_HEADER, signWebhook } from '../src/modules/status-changes/webhook-signature.js';
import { createWebhooksProcessor } from '../src/modules/status-changes/webhooks.processor.js';
import { ratio } from './support.js';

const { values } = parseArgs({ options: { changes: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '8' } } });
const CHANGES = Number(values.changes);
const CONCURRENCY = Number(values.concurrency);
const DATABASE = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/cyswllt_bench_webhooks';
const REDIS = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379/6';
const HANDLE = 'cw.system';

/** A receiver that answers 200 and counts what it took. */
async function startReceiver(): Promise<{ url: string; taken: () => number; firstAt: () => number; lastAt: () => number; close: () => Promise<void> }> {
  let taken = 0;
  let first = 0;
  let last = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      taken++;
      last = performance.now();
      if (taken === 1) first = last;
      res.statusCode = 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    taken: () => taken,
    firstAt: () => first,
    lastAt: () => last,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** `CHANGES` Careers Wales assessments of people it holds a record of, and a subscription for Careers Wales's system. */
async function prepare(receiverUrl: string): Promise<void> {
  await ensureDatabase(DATABASE, { recreate: true });
  const ds = await createDataSource(DATABASE, 2).initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await seedReferenceData(ds);
    const [cw] = (await ds.query(`SELECT p.id AS principal_id, p.organisation_id FROM principal p WHERE p.handle = $1`, [HANDLE])) as [
      { principal_id: string; organisation_id: string },
    ];
    await ds.query(
      `WITH people AS (INSERT INTO young_person (id) SELECT gen_random_uuid() FROM generate_series(1, $1) RETURNING id)
       INSERT INTO source_record (provider_organisation_id, partner_reference, person_id, given_name, family_name, date_of_birth, payload)
       SELECT $2, 'BW-' || row_number() OVER (), id, 'Bench', 'Webhook', DATE '2009-03-14', '{}' FROM people`,
      [CHANGES, cw.organisation_id],
    );
    await ds.query(
      `INSERT INTO webhook_subscription (principal_id, url, secret, purpose, cursor) VALUES ($1, $2, $3, 'TRACKING', (SELECT coalesce(max(position), 0) FROM status_change))`,
      [cw.principal_id, receiverUrl, newWebhookSecret()],
    );
    await ds.query(
      `INSERT INTO tier_event (person_id, kind, effective_on, source_organisation_id, reason, tier)
       SELECT person_id, 'ASSESSMENT', current_date, $1, 'CAREERS_WALES_ASSESSMENT', 3 FROM source_record WHERE provider_organisation_id = $1`,
      [cw.organisation_id],
    );
  } finally {
    await ds.destroy();
  }
}

/** The baseline: the same number of signed POSTs straight to the receiver, `CONCURRENCY` in flight. */
async function direct(url: string): Promise<number> {
  const secret = newWebhookSecret();
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CHANGES) {
        const i = next++;
        const body = JSON.stringify({ deliveryId: `d-${i}`, type: 'status_change', change: { id: `c-${i}`, kind: 'ASSESSMENT', occurredAt: new Date().toISOString() } });
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cyswllt-delivery': `d-${i}`, [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(Date.now() / 1000)) },
          body,
        });
        await res.arrayBuffer();
      }
    }),
  );
  return CHANGES / ((performance.now() - start) / 1000);
}

async function main(): Promise<void> {
  const receiver = await startReceiver();
  await prepare(receiver.url);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: DATABASE,
    REDIS_URL: REDIS,
    QUEUE_PREFIX: 'cyswllt-bench-webhooks',
    AUTH_SECRET: 'bench-secret-'.padEnd(40, 'x'),
    AUDIT_SIGNING_KEY_FILE: process.env['AUDIT_SIGNING_KEY_FILE'] ?? 'var/bench/signing-key.pem',
    LOG_LEVEL: 'error',
  });
  const infra = await bootInfrastructure(config, 'bench-webhooks');
  const queue = infra.queues.get('webhooks');
  await queue.obliterate({ force: true });
  const jobs = createWebhooksProcessor(infra.services.webhooks, infra.services.policy, queue, config, infra.log);
  const worker = infra.queues.backend.newWorker('webhooks', jobs.process, { concurrency: CONCURRENCY });
  worker.on('failed', jobs.onFailed);
  await worker.waitUntilReady();
  try {
    const start = performance.now();
    await queue.add('webhooks.dispatch', {});
    const deadline = Date.now() + 600_000;
    while (receiver.taken() < CHANGES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const hubSeconds = (receiver.lastAt() - start) / 1000;
    const received = receiver.taken();
    await worker.close(); // lets the last jobs record their outcome
    const [{ delivered }] = (await infra.ds.query(`SELECT count(*)::int AS delivered FROM webhook_delivery WHERE status = 'DELIVERED'`)) as [{ delivered: number }];
    const hubRate = received / hubSeconds;
    const baseline = await direct(receiver.url);
    process.stdout.write(
      `${JSON.stringify(
        {
          bench: 'webhook-delivery',
          changes: CHANGES,
          concurrency: CONCURRENCY,
          received,
          recordedDelivered: delivered,
          hub: { deliveriesPerSecond: Math.round(hubRate), firstDeliveryMs: Math.round(receiver.firstAt() - start), lastDeliveryMs: Math.round(receiver.lastAt() - start) },
          directPostsPerSecond: Math.round(baseline),
          ratioHubToDirect: ratio(hubRate, baseline),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await infra.close();
    await receiver.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
