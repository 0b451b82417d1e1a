import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUln } from '../src/modules/identifiers/uln.js';
import { startTestApi, tokenFor, type TestApi } from './support/harness.js';

// The example partner client of docs/partners.md (examples/partner-client.ts), run as an integrator would run it,
// against the real API: it sends its records, reads the rejected rows, waits for matching, lists its imports and
// looks its learners up, all through the operations registered for a school's system.

const run = promisify(execFile);

describe('the example partner client', () => {
  let t: TestApi;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const stamp = Date.now().toString(36);
  const uln = makeUln(String(300_000_000 + (Date.now() % 1_000_000)).padStart(9, '0')) ?? makeUln('300000011')!;

  /** Runs the client; its JSON lines, parsed. */
  const client = async (...args: string[]): Promise<Array<Record<string, unknown>>> => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/partner-client.ts', ...args], { env, timeout: 60_000 });
    return stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  };

  beforeAll(async () => {
    t = await startTestApi();
    dir = await mkdtemp(join(tmpdir(), 'cyswllt-example-'));
    env = { PATH: process.env['PATH'], HUB_URL: t.url, HUB_TOKEN: await tokenFor(t.infra, 'school.cardiff', '1h'), HUB_PURPOSE: 'TRACKING' };
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends records, shows the rejected rows, waits for matching, lists its imports and looks its learners up', async () => {
    expect(await client('me')).toEqual([expect.objectContaining({ handle: 'school.cardiff', kind: 'SYSTEM', organisation: expect.objectContaining({ kind: 'SCHOOL' }) })]);

    const file = join(dir, 'learners.json');
    await writeFile(
      file,
      JSON.stringify([
        { partnerReference: `EX-${stamp}-1`, givenName: 'Gwenllian', familyName: 'Prys', dateOfBirth: '2010-05-02', postcode: 'CF14 4XY', uln },
        // Nothing usable to identify anyone (no name, no identifier, no date): the one kind of row the hub rejects.
        { partnerReference: `EX-${stamp}-2`, dateOfBirth: 'not known' },
        { partnerReference: `EX-${stamp}-3`, givenName: 'Lowri', familyName: 'Hughes', dateOfBirth: '2009-11-12', postcode: 'CF10 3AT' },
        // A bad field costs the row nothing: it lands with a warning.
        { partnerReference: `EX-${stamp}-4`, givenName: 'Dafydd', familyName: 'Owen', dateOfBirth: '2010-02-30' },
      ]),
    );
    const [submitted] = await client('submit', file);
    expect(submitted).toMatchObject({
      rows: 4,
      created: 3,
      rejected: 1,
      problems: [
        { row: 2, outcome: 'REJECTED', errors: [{ field: 'identity', reason: expect.stringContaining('nothing usable to identify anyone') }] },
        { row: 4, outcome: 'CREATED', errors: [], warnings: [{ field: 'dateOfBirth', reason: expect.stringContaining('is not a real calendar date') }] },
      ],
    });
    const importId = submitted!['import'] as string;
    // A rerun of the same file is answered from the first run (its Idempotency-Key): nothing lands twice.
    expect((await client('submit', file))[0]).toMatchObject({ import: importId, created: 3 });

    const { stdout: csv } = await run(process.execPath, ['--import', 'tsx', 'examples/partner-client.ts', 'rejected', importId], { env });
    expect(csv).toBe('row,field,reason\n2,identity,"nothing usable to identify anyone: no usable name, identifier or date of birth"\n');

    // Matching runs on the hub's workers; here in the test's process, as a worker would.
    await t.infra.services.matching.processQueue(importId);
    expect(await client('wait', importId, '--timeout-seconds', '30')).toEqual([{ import: importId, status: 'DONE', matched: 3, queued: 3, timedOut: false }]);
    expect((await client('imports')).map((i) => i['id'])).toContain(importId);
    expect((await client('imports', '--status', 'FAILED')).map((i) => i['id'])).not.toContain(importId);

    const answers = await client('status', `ref:EX-${stamp}-1`, `uln:${uln}`, `ref:EX-${stamp}-2`);
    expect(answers).toHaveLength(3);
    expect(answers[0]).toMatchObject({ reference: `EX-${stamp}-1`, found: true, status: null, leadWorker: null });
    expect(answers[1]).toMatchObject({ uln, found: true, personId: answers[0]!['personId'] });
    expect(answers[2]).toMatchObject({ reference: `EX-${stamp}-2`, found: false, personId: null });
  }, 240_000); // each command is a process of its own (tsx starts in seconds on a busy machine)

  it('says what went wrong: a refusal from the hub (exit 1) and bad usage (exit 2)', async () => {
    const refused = await run(process.execPath, ['--import', 'tsx', 'examples/partner-client.ts', 'status', 'ref:X'], { env: { ...env, HUB_PURPOSE: 'ADMISSIONS' } }).catch(
      (err: { code: number; stdout: string }) => err,
    );
    expect(refused).toMatchObject({ code: 1 });
    expect(JSON.parse((refused as { stdout: string }).stdout)).toMatchObject({ error: { status: 403, code: 'FORBIDDEN' } });
    const usage = await run(process.execPath, ['--import', 'tsx', 'examples/partner-client.ts', 'status', 'nonsense'], { env }).catch((err: { code: number; stderr: string }) => err);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining('not a key: nonsense') });
  }, 120_000);

  it('authenticates with its own key (a client assertion for a hub token) and reads its change feed', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kid = `example-${stamp}`;
    const keyFile = join(dir, 'school.key.pem');
    await writeFile(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const admin = await tokenFor(t.infra, 'admin');
    const registered = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({
        query: 'mutation ($input: RegisterPartnerKeyInput!) { registerPartnerKey(input: $input) { id } }',
        variables: { input: { principalHandle: 'school.cardiff', jwk: { ...publicKey.export({ format: 'jwk' }), kid } } },
      }),
    });
    const keyId = ((await registered.json()) as { data: { registerPartnerKey: { id: string } } }).data.registerPartnerKey.id;
    try {
      const ownKey = { PATH: process.env['PATH'], HUB_URL: t.url, HUB_PURPOSE: 'TRACKING', HUB_CLIENT_ID: 'school.cardiff', HUB_KEY_FILE: keyFile, HUB_KID: kid };
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/partner-client.ts', 'me'], { env: ownKey, timeout: 60_000 });
      expect(JSON.parse(stdout)).toMatchObject({ handle: 'school.cardiff', kind: 'SYSTEM' });
      const feed = await run(process.execPath, ['--import', 'tsx', 'examples/partner-client.ts', 'changes'], { env: ownKey, timeout: 60_000 });
      const lines = feed.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.at(-1)).toEqual({ endCursor: expect.any(String) });
      // Under another kid the hub knows no key: the token endpoint refuses, and the client says so (exit 1).
      const refused = await run(process.execPath, ['--import', 'tsx', 'examples/partner-client.ts', 'me'], { env: { ...ownKey, HUB_KID: 'unknown' } }).catch(
        (err: { code: number; stdout: string }) => err,
      );
      expect(refused).toMatchObject({ code: 1 });
      expect(JSON.parse((refused as { stdout: string }).stdout)).toMatchObject({ error: { status: 401, code: 'invalid_client' } });
    } finally {
      await t.infra.ds.query(`UPDATE partner_key SET revoked_at = now(), revoked_by = (SELECT id FROM principal WHERE handle = 'admin') WHERE id = $1`, [keyId]);
    }
  }, 180_000);
});
