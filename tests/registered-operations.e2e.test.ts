import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSchema } from '../src/graphql/schema.js';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import {
  compileManifest,
  documentHash,
  MANIFEST_FILE,
  manifestJson,
  RegisteredOperations,
  type Manifest,
  type ManifestOperation,
} from '../src/modules/partners/registered-operations.js';
import { birthdayIn, createPerson } from './support/factories.js';
import { gql, requestIdOf, startTestApi, tokenFor, type GqlBody, type TestApi } from './support/harness.js';
import { systemTokenByKey, type KeyToken } from './support/partner-keys.js';
import { registered, registeredOperations } from './support/registered.js';

// Partner systems run only the GraphQL documents registered for their kind of organisation (operations/), sent by
// their SHA-256; everything else is refused before it is parsed, naming the rule, in every mode. People keep ad-hoc
// queries within the limits. The manifest is checked against the documents and the schema, and every registered
// operation is run here by a system of a kind it is registered for.

const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** Sends a body as it is (no help from the harness), with a system's or a person's token. */
async function post(url: string, token: string, body: Record<string, unknown>, purpose?: string): Promise<{ status: number; body: GqlBody; headers: Headers }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(purpose ? { 'x-purpose': purpose } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as GqlBody, headers: res.headers };
}

const byHash = (name: string, variables: Record<string, unknown> = {}): Record<string, unknown> => {
  const op = registeredOperations().find((o) => o.name === name)!;
  return { extensions: { persistedQuery: { version: 1, sha256Hash: op.sha256Hash } }, variables };
};

/** What one registered operation is run with, and what it must answer. */
interface Run {
  handle: string;
  purpose?: string;
  variables(): Record<string, unknown>;
  check(data: Record<string, unknown>): void;
}

describe('registered operations for partner systems', () => {
  let t: TestApi;
  const tokens: Record<string, string> = {};
  const token = async (handle: string): Promise<string> => (tokens[handle] ??= await tokenFor(t.infra, handle, '1h'));
  const refusals = async (requestId: string) =>
    (await t.infra.ds.query(`SELECT event, outcome, person_id, details FROM access_event WHERE request_id = $1`, [requestId])) as Array<Record<string, unknown>>;

  // What the runs share: a learner of the college known to Careers Wales, a school pupil, a voluntary body's young person.
  const f = { collegeRef: '', collegePerson: '', schoolRef: '', voluntaryPerson: '', importId: '', notificationId: '' };

  beforeAll(async () => {
    t = await startTestApi();
    const college = await createPerson(t.infra.ds, [
      { providerCode: ORG.cardiffCollege, payload: { EDUCATION_ENROLMENT: { status: 'ENROLLED', course: 'Level 2 Plumbing' } } },
      { providerCode: ORG.careersWales, payload: { TIER_STATUS: { tier: 2, assessedOn: daysAgo(30) } } },
    ]);
    f.collegePerson = college.personId;
    const school = await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffSchool }]);
    const refs = (await t.infra.ds.query('SELECT id, partner_reference FROM source_record WHERE id = ANY($1)', [[college.recordIds[0], school.recordIds[0]]])) as Array<{
      id: string;
      partner_reference: string;
    }>;
    f.collegeRef = refs.find((r) => r.id === college.recordIds[0])!.partner_reference;
    f.schoolRef = refs.find((r) => r.id === school.recordIds[0])!.partner_reference;
    f.voluntaryPerson = (await createPerson(t.infra.ds, [{ providerCode: ORG.cardiffVoluntary, dateOfBirth: birthdayIn(17, 10) }])).personId;
  });
  afterAll(async () => {
    await t.close();
  });

  it('the committed manifest is the documents under operations/, each valid against the schema (run npm run operations:emit)', async () => {
    const committed = await readFile(MANIFEST_FILE, 'utf8');
    expect(committed, 'operations/manifest.json is stale: run npm run operations:emit and commit it').toBe(manifestJson(await compileManifest(await getSchema())));
  });

  it('refuses a manifest whose ids do not match its documents, and documents that are not one valid named operation in a kind’s folder', async () => {
    const op = registeredOperations()[0]!;
    const tampered: Manifest = { hash: 'sha256 of the UTF-8 document text, lower-case hex', operations: [{ ...op, document: `${op.document} ` }] };
    expect(() => new RegisteredOperations(tampered)).toThrow(/does not match its document/);
    const schema = await getSchema();
    const dir = await mkdtemp(join(tmpdir(), 'operations-'));
    try {
      const compile = async (folder: string, text: string): Promise<Manifest> => {
        await rm(dir, { recursive: true, force: true });
        await mkdir(join(dir, folder), { recursive: true });
        await writeFile(join(dir, folder, 'op.graphql'), text);
        return compileManifest(schema, dir);
      };
      await expect(compile('pizzeria', 'query Me { me { handle } }')).rejects.toThrow(/operations\/pizzeria: not a partner kind's folder/);
      await expect(compile('school', '{ me { handle } }')).rejects.toThrow(/school\/op.graphql: must hold exactly one named operation/);
      await expect(compile('school', 'query A { me { handle } } query B { me { id } }')).rejects.toThrow(/exactly one named operation/);
      await expect(compile('school', 'query Nosy { me { password } }')).rejects.toThrow(/Cannot query field "password"/);
      const ok = await compile('fe-college', 'query Me {\r\n  me { handle }\r\n}\r\n\r\n');
      expect(ok.operations).toEqual([
        expect.objectContaining({ name: 'Me', kinds: ['FE_COLLEGE'], files: ['fe-college/op.graphql'], document: 'query Me {\n  me { handle }\n}\n' }),
      ]);
      expect(ok.operations[0]!.id).toBe(`sha256:${documentHash('query Me {\n  me { handle }\n}\n')}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const RUNS: Record<string, Run> = {
    Me: { handle: 'college.cardiff', variables: () => ({}), check: (d) => expect(d['me']).toMatchObject({ handle: 'college.cardiff', kind: 'SYSTEM' }) },
    LearnerStatus: {
      handle: 'college.cardiff',
      purpose: 'TRACKING',
      variables: () => ({ reference: f.collegeRef }),
      check: (d) => expect(d['learnerStatus']).toMatchObject({ found: true, personId: f.collegePerson, reference: f.collegeRef }),
    },
    LearnerStatuses: {
      handle: 'cw.system',
      purpose: 'TRACKING',
      variables: () => ({ keys: [{ reference: 'NOT-CW-1' }] }),
      check: (d) => expect(d['learnerStatuses']).toEqual([expect.objectContaining({ reference: 'NOT-CW-1', found: false, personId: null })]),
    },
    SubmitRecords: {
      handle: 'school.cardiff',
      variables: () => ({ input: { records: [{ partnerReference: `REG-${Date.now()}`, givenName: 'Elin', familyName: 'Rowlands', dateOfBirth: '2010-06-01' }] } }),
      check: (d) => {
        const imp = d['submitRecords'] as { id: string; createdRows: number; rows: unknown[] };
        expect(imp).toMatchObject({ createdRows: 1, rejectedRows: 0, provider: { code: ORG.cardiffSchool } });
        f.importId = imp.id;
      },
    },
    Import: {
      handle: 'school.cardiff',
      variables: () => ({ id: f.importId }),
      check: (d) => expect(d['import']).toMatchObject({ id: f.importId, totalRows: 1, rows: [expect.objectContaining({ rowNumber: 1, outcome: 'CREATED' })] }),
    },
    Imports: {
      handle: 'school.cardiff',
      variables: () => ({ first: 5, withProblems: true }),
      check: (d) => expect((d['imports'] as { edges: Array<{ node: { id: string } }> }).edges[0]!.node).toMatchObject({ id: f.importId, problems: [] }),
    },
    ImportRejectedRows: {
      handle: 'school.cardiff',
      variables: () => ({ id: f.importId }),
      check: (d) => expect(d['import']).toMatchObject({ id: f.importId, rejectedRows: 0, rejectedRowsCsv: 'row,field,reason\n' }),
    },
    NotifyDropOut: {
      handle: 'college.cardiff',
      purpose: 'TRACKING',
      variables: () => ({ input: { partnerReference: f.collegeRef, reason: 'LEFT_OTHER', leftOn: daysAgo(3) } }),
      check: (d) => {
        const n = d['notifyDropOut'] as { id: string };
        expect(n).toMatchObject({ youngPersonId: f.collegePerson, reason: 'LEFT_OTHER', late: false, learnerRecord: { partnerReference: f.collegeRef } });
        f.notificationId = n.id;
      },
    },
    DropOutNotifications: {
      handle: 'college.cardiff',
      purpose: 'TRACKING',
      variables: () => ({ first: 100 }),
      check: (d) => expect((d['dropOutNotifications'] as { edges: Array<{ node: { id: string } }> }).edges.map((e) => e.node.id)).toContain(f.notificationId),
    },
    DropOutNotification: {
      handle: 'college.cardiff',
      purpose: 'TRACKING',
      variables: () => ({ id: f.notificationId }),
      check: (d) => expect(d['dropOutNotification']).toMatchObject({ id: f.notificationId, provider: { code: ORG.cardiffCollege } }),
    },
    RecordTierAssessment: {
      handle: 'cw.system',
      purpose: 'TRACKING',
      variables: () => ({ input: { personId: f.collegePerson, tier: 3, assessedOn: daysAgo(1) } }),
      check: (d) => expect(d['recordTierAssessment']).toMatchObject({ personId: f.collegePerson, tier: 3 }),
    },
    RecordConsentEvent: {
      handle: 'voluntary.cardiff',
      purpose: 'TRACKING',
      variables: () => ({
        input: { personId: f.voluntaryPerson, kind: 'GIVEN', recipientKind: 'LOCAL_AUTHORITY', givenBy: 'YOUNG_PERSON', evidenceReference: 'YLC/consent/9' },
      }),
      check: (d) => expect(d['recordConsentEvent']).toMatchObject({ personId: f.voluntaryPerson, kind: 'GIVEN' }),
    },
    // The change feed and its webhooks (tests/status-changes.e2e.test.ts has their rules and deliveries).
    StatusChanges: {
      handle: 'college.cardiff',
      purpose: 'TRACKING',
      variables: () => ({ first: 1 }),
      check: (d) => {
        const page = d['statusChanges'] as { changes: Array<{ reference: string }>; endCursor: string; hasMore: boolean };
        expect(page.changes).toHaveLength(1);
        expect(page.endCursor).toEqual(expect.any(String));
      },
    },
    SubscribeStatusChanges: {
      handle: 'college.cardiff',
      purpose: 'TRACKING',
      variables: () => ({ input: { url: 'http://127.0.0.1:9/registered-operations-test' } }),
      check: (d) => expect(d['subscribeStatusChanges']).toMatchObject({ purpose: 'TRACKING', secret: expect.stringMatching(/^whsec_/) }),
    },
    WebhookSubscription: {
      handle: 'college.cardiff',
      variables: () => ({}),
      check: (d) => expect(d['webhookSubscription']).toMatchObject({ url: 'http://127.0.0.1:9/registered-operations-test', purpose: 'TRACKING' }),
    },
    WebhookDeadLetters: {
      handle: 'college.cardiff',
      variables: () => ({ first: 10 }),
      check: (d) => expect(d['webhookDeadLetters']).toEqual(expect.any(Array)),
    },
    UnsubscribeStatusChanges: {
      handle: 'college.cardiff',
      variables: () => ({}),
      check: (d) => expect(d['unsubscribeStatusChanges']).toBe(true),
    },
  };

  it('every registered operation is run here, by hash, by a system of a kind it is registered for', async () => {
    // Adding a document without a run here fails this test, and so does a run for a document no longer registered.
    expect(Object.keys(RUNS).sort()).toEqual(registeredOperations().map((o) => o.name).sort());
    for (const [name, run] of Object.entries(RUNS)) {
      const op = registeredOperations().find((o) => o.name === name) as ManifestOperation;
      const [{ kind }] = (await t.infra.ds.query('SELECT o.kind FROM principal p JOIN organisation o ON o.id = p.organisation_id WHERE p.handle = $1', [run.handle])) as [
        { kind: string },
      ];
      expect(op.kinds, `${name} is registered for ${run.handle}'s kind`).toContain(kind);
      const res = await post(t.url, await token(run.handle), byHash(name, run.variables()), run.purpose);
      expect(res.body.errors, `${name}: ${JSON.stringify(res.body.errors)}`).toBeUndefined();
      expect(res.status, name).toBe(200);
      run.check(res.body.data!);
    }
  });

  it('refuses anything else from a partner system before it runs, naming the rule, with an access-log row', async () => {
    const school = await token('school.cardiff');
    const adHoc = await post(t.url, school, { query: '{ youngPeople(first: 5) { edges { node { id } } } }' }, 'TRACKING');
    expect(adHoc.status).toBe(403);
    expect(adHoc.body.data ?? null).toBeNull();
    expect(adHoc.body.errors).toEqual([
      {
        message: expect.stringMatching(/^Partner systems may run only the operations registered for them, and this document is not registered for SCHOOL systems: .*REGISTERED_OPERATIONS_ONLY\)$/),
        extensions: { code: 'FORBIDDEN', rule: 'REGISTERED_OPERATIONS_ONLY' },
      },
    ]);
    expect(await refusals(requestIdOf(adHoc))).toEqual([
      { event: 'operation.refused', outcome: 'NONE', person_id: null, details: '{"refused":"OPERATION_NOT_REGISTERED"}' },
    ]);
    // Not even something that is not GraphQL, nor a registered document with one field more.
    expect((await post(t.url, school, { query: 'not graphql at all' })).status).toBe(403);
    expect((await post(t.url, school, { query: registered('Me').replace('handle', 'handle displayName') })).status).toBe(403);
    // A registered operation of another kind: a school's system does not assess tiers.
    const other = await post(t.url, school, byHash('RecordTierAssessment', { input: { personId: f.collegePerson, tier: 1, assessedOn: daysAgo(1) } }));
    expect(other.status).toBe(403);
    expect(other.body.errors?.[0]?.message).toContain('not registered for SCHOOL systems');
    // Sending a document with its own hash does not register it (the persisted-query cache is the manifest, read-only).
    const document = '{ me { id } }';
    const apq = { query: document, extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(document) } } };
    expect((await post(t.url, school, apq)).status).toBe(403);
    expect((await post(t.url, await token('epc.cardiff'), apq)).status).toBe(200); // a person may run it …
    const afterwards = await post(t.url, await token('epc.cardiff'), { extensions: apq.extensions });
    expect(afterwards.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_FOUND'); // … and it is not kept
  });

  it('takes the hash as extensions.persistedQuery.sha256Hash or as documentId, or the registered text itself; an unknown or mismatched hash is refused', async () => {
    const college = await token('college.cardiff');
    const hash = registeredOperations().find((o) => o.name === 'Me')!.sha256Hash;
    for (const body of [byHash('Me'), { documentId: `sha256:${hash}` }, { documentId: hash }, { query: registered('Me') }]) {
      const res = await post(t.url, college, body);
      expect(res.body.errors, JSON.stringify(body)).toBeUndefined();
      expect(res.body.data?.['me']).toMatchObject({ handle: 'college.cardiff' });
    }
    const unknown = await post(t.url, college, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.body.errors?.[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    expect(unknown.status).toBe(200); // the persisted-query convention: a client may then send the document itself
    const mismatched = await post(t.url, college, { query: '{ me { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.errors?.[0]).toEqual({ message: 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it', extensions: { code: 'BAD_REQUEST' } });
    const version = await post(t.url, college, { extensions: { persistedQuery: { version: 2, sha256Hash: hash } } });
    expect(version.status).toBe(400);
  });

  it('people keep ad-hoc queries within the limits, and may send registered operations by hash too', async () => {
    const pastoral = await token('college.cardiff.pastoral');
    const adHoc = await post(t.url, pastoral, { query: '{ me { handle roles } }' });
    expect(adHoc.body.data?.['me']).toEqual({ handle: 'college.cardiff.pastoral', roles: ['PROVIDER_PASTORAL'] });
    const status = await post(t.url, pastoral, byHash('LearnerStatus', { reference: f.collegeRef }), 'TRANSITION');
    expect(status.body.data?.['learnerStatus']).toMatchObject({ found: true, personId: f.collegePerson });
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: me { handle }`).join(' ');
    const overLimit = await post(t.url, pastoral, { query: `{ ${aliases} }` });
    expect(overLimit.status).toBe(400);
    expect(overLimit.body.errors?.[0]?.message).toBe('too many aliases (16 > 15)');
  });

  it('holds in production mode as well (where a system authenticates with its own key)', async () => {
    const production = await startTestApi({ NODE_ENV: 'production' });
    let key: KeyToken | undefined;
    try {
      // Shared-secret tokens are refused for partner systems in production: the system uses its own key.
      expect((await post(production.url, await tokenFor(production.infra, 'college.cardiff'), byHash('Me'))).status).toBe(401);
      key = await systemTokenByKey(production, 'college.cardiff');
      const system = key.token;
      const refused = await post(production.url, system, { query: '{ me { handle } }' });
      expect(refused.status).toBe(403);
      expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', rule: 'REGISTERED_OPERATIONS_ONLY' });
      const ok = await gql(production.url, registered('Me'), { token: system });
      expect(ok.body.data?.['me']).toMatchObject({ handle: 'college.cardiff' });
    } finally {
      await key?.revoke();
      await production.close();
    }
  });
});
