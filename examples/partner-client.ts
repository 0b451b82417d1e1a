// An example partner client for the Cyswllt hub (docs/partners.md): a school's, college's or voluntary body's system
// sends its records, follows its imports and looks up its learners' status, running only the operations registered
// for it (operations/manifest.json), sent by their SHA-256. Self-contained: Node 20's fetch and node:crypto only.
//
//   HUB_URL=http://localhost:4000 HUB_TOKEN=$(npm run -s token -- school.cardiff) \
//     node --import tsx examples/partner-client.ts submit learners.json
//
// Commands (each prints one JSON object a line):
//   me                                   who the hub takes this system to be
//   submit <records.json>                send a JSON array of records, 1,000 a request; prints each import and its problems
//   import <id>                          an import's progress and counts
//   wait <id> [--timeout-seconds N]      poll an import until matching is DONE (or it FAILED)
//   imports [--status S]                 every import of this organisation, newest first
//   rejected <id>                        the rejected rows of an import, as CSV (row,field,reason)
//   status <key>...                      learners' status; a key is ref:<your reference>, uln:<ULN> or upn:<UPN>
//   changes [--after <cursor>]           changes about your learners after the cursor (from the start without one),
//                                        then {"endCursor": …} to pass next time
//
// Environment: HUB_URL (default http://localhost:4000), HUB_PURPOSE (the X-Purpose, default TRACKING), HUB_MANIFEST
// (default operations/manifest.json), and either your own key — HUB_CLIENT_ID (your system's handle), HUB_KEY_FILE
// (its EC P-256 private key, PKCS#8 PEM) and HUB_KID (the key id registered with the hub): a client assertion is
// exchanged at /oauth/token for a hub token — or, in the demo, HUB_TOKEN. Exit status 0 on success, 1 on a refusal
// or error from the hub (printed as {"error": …}), 2 on bad usage.
import { createHash, createPrivateKey, randomUUID, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** One registered operation as operations/manifest.json lists it. */
interface RegisteredOperation {
  name: string;
  sha256Hash: string;
}

/** An error the hub answered with: its HTTP status, extensions.code and message (never personal data). */
export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A client that runs registered operations by name, sending each by its hash. */
export class HubClient {
  private readonly hashes: Map<string, string>;

  constructor(
    private readonly url: string,
    private readonly token: string,
    operations: readonly RegisteredOperation[],
    private readonly purpose: string | null = 'TRACKING',
  ) {
    this.hashes = new Map(operations.map((o) => [o.name, o.sha256Hash]));
  }

  /** A client from the environment (HUB_URL, HUB_CLIENT_ID + HUB_KEY_FILE + HUB_KID or HUB_TOKEN, HUB_PURPOSE, HUB_MANIFEST). */
  static async fromEnv(env: NodeJS.ProcessEnv = process.env): Promise<HubClient> {
    const url = env['HUB_URL'] ?? 'http://localhost:4000';
    const clientId = env['HUB_CLIENT_ID'];
    let token = env['HUB_TOKEN'];
    if (clientId) {
      const keyFile = env['HUB_KEY_FILE'];
      const kid = env['HUB_KID'];
      if (!keyFile || !kid) throw new UsageError('HUB_CLIENT_ID needs HUB_KEY_FILE (your private key, PEM) and HUB_KID (its registered key id)');
      token = await accessToken(url, clientId, kid, await readFile(keyFile, 'utf8'));
    }
    if (!token) throw new UsageError('set HUB_CLIENT_ID, HUB_KEY_FILE and HUB_KID (your own key), or HUB_TOKEN (the demo)');
    const manifest = JSON.parse(await readFile(env['HUB_MANIFEST'] ?? 'operations/manifest.json', 'utf8')) as { operations: RegisteredOperation[] };
    return new HubClient(url, token, manifest.operations, env['HUB_PURPOSE'] ?? 'TRACKING');
  }

  /**
   * Runs a registered operation; returns its data or throws HubError. `idempotencyKey` makes a retried mutation
   * safe: the hub answers a retry with the first run's result.
   */
  async run<T>(name: string, variables: Record<string, unknown> = {}, options: { idempotencyKey?: string } = {}): Promise<T> {
    const sha256Hash = this.hashes.get(name);
    if (!sha256Hash) throw new UsageError(`${name} is not a registered operation (see operations/manifest.json)`);
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.token}`,
        ...(this.purpose ? { 'x-purpose': this.purpose } : {}),
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      },
      body: JSON.stringify({ operationName: name, extensions: { persistedQuery: { version: 1, sha256Hash } }, variables }),
    });
    const body = (await res.json()) as { data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
    const error = body.errors?.[0];
    if (error) throw new HubError(res.status, String(error.extensions?.['code'] ?? 'UNKNOWN'), error.message, error.extensions ?? {});
    return body.data as T;
  }
}

/** Bad usage of this command (exit status 2). */
class UsageError extends Error {}

const base64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/**
 * A private_key_jwt client assertion (RFC 7523), signed ES256 with node:crypto: iss = sub = your client id, aud =
 * the hub's token endpoint, a minute to live, a fresh jti (the hub accepts each assertion once).
 */
export function clientAssertion(tokenEndpoint: string, clientId: string, kid: string, privateKeyPem: string): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }));
  const claims = base64url(JSON.stringify({ iss: clientId, sub: clientId, aud: tokenEndpoint, iat: now, exp: now + 60, jti: randomUUID() }));
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key: createPrivateKey(privateKeyPem), dsaEncoding: 'ieee-p1363' });
  return `${header}.${claims}.${base64url(signature)}`;
}

/** Exchanges a fresh client assertion at the hub's token endpoint for a short-lived hub access token. */
export async function accessToken(hubUrl: string, clientId: string, kid: string, privateKeyPem: string): Promise<string> {
  const endpoint = `${hubUrl}/oauth/token`;
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion(endpoint, clientId, kid, privateKeyPem),
    }),
  });
  const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!res.ok || !body.access_token) throw new HubError(res.status, body.error ?? 'TOKEN_REFUSED', body.error_description ?? 'the token endpoint refused');
  return body.access_token;
}

/** The most records or keys one request may carry. */
const BATCH = 1000;

interface Imported {
  id: string;
  status: string;
  totalRows: number;
  createdRows: number;
  updatedRows: number;
  unchangedRows: number;
  rejectedRows: number;
  matchedRecords: number;
  queuedForMatching: number;
  rows: Array<{ rowNumber: number; outcome: string; errors: Array<{ field: string; reason: string }>; warnings: Array<{ field: string; reason: string }> }>;
}

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

const chunks = <T>(xs: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

/** Sends the records 1,000 a request; each batch's Idempotency-Key is derived from its content, so a rerun after a failure is safe. */
async function submit(hub: HubClient, file: string): Promise<void> {
  const records = JSON.parse(await readFile(file, 'utf8')) as unknown;
  if (!Array.isArray(records)) throw new UsageError(`${file} must hold a JSON array of records`);
  for (const [i, batch] of chunks(records, BATCH).entries()) {
    const key = createHash('sha256').update(JSON.stringify(batch)).digest('hex').slice(0, 64);
    const { submitRecords: imp } = await hub.run<{ submitRecords: Imported }>(
      'SubmitRecords',
      // The first 200 problem rows of each batch (the query limits count them); `rejected <id>` gives every one.
      { input: { records: batch }, problemsOnly: true, rowsFirst: 200 },
      { idempotencyKey: `submit-${key}` },
    );
    // The hub numbers rows within a request; this file's row is offset by the batches before it.
    const problems = imp.rows.map((r) => ({ row: i * BATCH + r.rowNumber, outcome: r.outcome, errors: r.errors, warnings: r.warnings }));
    print({ import: imp.id, status: imp.status, rows: imp.totalRows, created: imp.createdRows, updated: imp.updatedRows, unchanged: imp.unchangedRows, rejected: imp.rejectedRows, problems });
  }
}

async function waitFor(hub: HubClient, id: string, timeoutSeconds: number): Promise<void> {
  const until = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const { import: imp } = await hub.run<{ import: Imported }>('Import', { id, rowsFirst: 1 });
    if (imp.status === 'DONE' || imp.status === 'FAILED' || Date.now() > until) {
      print({ import: imp.id, status: imp.status, matched: imp.matchedRecords, queued: imp.queuedForMatching, timedOut: imp.status !== 'DONE' && imp.status !== 'FAILED' });
      if (imp.status === 'FAILED') process.exitCode = 1;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function imports(hub: HubClient, status: string | null): Promise<void> {
  let after: string | null = null;
  do {
    type Page = { imports: { edges: Array<{ node: Record<string, unknown> }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const page: Page = await hub.run<Page>('Imports', { first: 100, after, status });
    for (const e of page.imports.edges) print(e.node);
    after = page.imports.pageInfo.hasNextPage ? page.imports.pageInfo.endCursor : null;
  } while (after);
}

/** `ref:…`, `uln:…` or `upn:…` as the hub's LearnerKeyInput. */
function keyOf(arg: string): Record<string, string> {
  const m = /^(ref|uln|upn):(.+)$/.exec(arg);
  if (!m) throw new UsageError(`not a key: ${arg} (ref:<reference>, uln:<ULN> or upn:<UPN>)`);
  return { [m[1] === 'ref' ? 'reference' : m[1]!]: m[2]! };
}

async function status(hub: HubClient, args: readonly string[]): Promise<void> {
  if (args.length === 0) throw new UsageError('status needs at least one key');
  for (const batch of chunks(args.map(keyOf), BATCH)) {
    const { learnerStatuses } = await hub.run<{ learnerStatuses: unknown[] }>('LearnerStatuses', { keys: batch });
    for (const answer of learnerStatuses) print(answer);
  }
}

/** Every change after the cursor, a page at a time; then the cursor to start from next time. */
async function changes(hub: HubClient, after: string | null): Promise<void> {
  type Page = { statusChanges: { changes: unknown[]; endCursor: string; hasMore: boolean } };
  let cursor = after;
  for (;;) {
    const page: Page = await hub.run<Page>('StatusChanges', { after: cursor, first: 500 });
    for (const c of page.statusChanges.changes) print(c);
    cursor = page.statusChanges.endCursor;
    if (!page.statusChanges.hasMore) break;
  }
  print({ endCursor: cursor });
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...args] = argv;
  const hub = await HubClient.fromEnv();
  const option = (name: string): string | null => {
    const i = args.indexOf(name);
    return i >= 0 ? (args[i + 1] ?? null) : null;
  };
  switch (command) {
    case 'me':
      print((await hub.run<{ me: unknown }>('Me')).me);
      return;
    case 'submit':
      if (!args[0]) throw new UsageError('submit needs a JSON file of records');
      return submit(hub, args[0]);
    case 'import':
      if (!args[0]) throw new UsageError('import needs an import id');
      print((await hub.run<{ import: unknown }>('Import', { id: args[0], problemsOnly: true })).import);
      return;
    case 'wait':
      if (!args[0]) throw new UsageError('wait needs an import id');
      return waitFor(hub, args[0], Number(option('--timeout-seconds') ?? 120));
    case 'imports':
      return imports(hub, option('--status'));
    case 'rejected':
      if (!args[0]) throw new UsageError('rejected needs an import id');
      process.stdout.write((await hub.run<{ import: { rejectedRowsCsv: string } }>('ImportRejectedRows', { id: args[0], max: 50_000 })).import.rejectedRowsCsv);
      return;
    case 'status':
      return status(hub, args);
    case 'changes':
      return changes(hub, option('--after'));
    default:
      throw new UsageError(`unknown command ${command ?? '(none)'}: me, submit, import, wait, imports, rejected, status or changes`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`partner-client: ${err.message}\n`);
    process.exitCode = 2;
  } else if (err instanceof HubError) {
    print({ error: { status: err.status, code: err.code, message: err.message, ...err.extensions } });
    process.exitCode = 1;
  } else {
    process.stderr.write(`partner-client: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
});
