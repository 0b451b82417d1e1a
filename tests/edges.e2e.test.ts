import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../src/graphql/cursor.js';
import { linksCsv } from '../src/modules/matching/links-export.js';
import { DEMO_ORG_CODES } from '../src/modules/organisations/organisations.data.js';
import { createPerson } from './support/factories.js';
import { gql, requestIdOf, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { ownerDataSource } from './support/owner-db.js';

const PERSON = 'query ($id: ID!) { youngPerson(id: $id) { id sourceRecords { familyName } } }';
const PEOPLE = 'query ($first: Int, $after: String, $filter: YoungPeopleFilter) { youngPeople(first: $first, after: $after, filter: $filter) { edges { cursor node { id } } } }';
const LOG = 'query ($filter: AccessLogFilter, $after: String) { accessLog(filter: $filter, after: $after, first: 5) { edges { cursor node { seq } } } }';
const TIER = 'mutation ($input: RecordTierAssessmentInput!) { recordTierAssessment(input: $input) { tier assessedOn } }';
const CONSENT = 'mutation ($input: RecordConsentEventInput!) { recordConsentEvent(input: $input) { id } }';
const SUBMIT = 'mutation ($records: [PartnerRecordInput!]!) { submitRecords(input: { records: $records }) { id rejectedRows } }';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('edges: what an attacker or a careless partner sends', () => {
  let t: TestApi;
  let admin: string;
  let ig: string;
  let epc: string;
  let person: string;
  const family = `Edges-${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await startTestApi();
    admin = await tokenFor(t.infra, 'admin');
    ig = await tokenFor(t.infra, 'ig.cardiff');
    epc = await tokenFor(t.infra, 'epc.cardiff');
    person = (await createPerson(t.infra.ds, [{ providerCode: DEMO_ORG_CODES.cardiffSchool, familyName: family }, { providerCode: DEMO_ORG_CODES.careersWales, familyName: family }]))
      .personId;
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a NUL or an unpaired surrogate in a string argument as BAD_USER_INPUT naming it; clean text is answered; a partner\'s records are cleaned row by row', async () => {
    const cases: Array<[string, Record<string, unknown>, string, string | undefined]> = [
      [PERSON, { id: `${person}\u0000` }, 'id', 'TRACKING'],
      [PEOPLE, { filter: { familyNamePrefix: `${family}\u0000` } }, 'filter.familyNamePrefix', 'TRACKING'],
      [PEOPLE, { filter: { laCode: '\ud800cardiff' } }, 'filter.laCode', 'TRACKING'],
      [LOG, { filter: { event: 'person.read\u0000' } }, 'filter.event', undefined],
      [CONSENT, { input: { personId: person, kind: 'GIVEN', givenBy: 'YOUNG_PERSON', evidenceReference: `form ${family}\u0000` } }, 'input.evidenceReference', 'TRACKING'],
    ];
    for (const [query, variables, field, purpose] of cases) {
      const res = await gql(t.url, query, { token: query === LOG ? ig : query === CONSENT ? epc : admin, purpose, variables });
      expect(res.status, field).toBe(400);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors, field).toEqual([
        { message: `${field}: must not contain a NUL character or an unpaired surrogate`, extensions: { code: 'BAD_USER_INPUT', field } },
      ]);
      expect(JSON.stringify(res.body)).not.toContain(family);
    }
    // A literal is checked as a variable is.
    const literal = await gql(t.url, `{ youngPeople(filter: { familyNamePrefix: "a\\u0000" }) { edges { cursor } } }`, { token: admin, purpose: 'TRACKING' });
    expect(literal.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.familyNamePrefix' });
    // The same operations with clean text are answered.
    const clean = await gql<{ youngPeople: { edges: unknown[] } }>(t.url, PEOPLE, { token: admin, purpose: 'TRACKING', variables: { filter: { familyNamePrefix: family } } });
    expect(clean.status).toBe(200);
    expect(clean.body.data!.youngPeople.edges).toHaveLength(1);
    const consent = await gql(t.url, CONSENT, { token: epc, purpose: 'TRACKING', variables: { input: { personId: person, kind: 'GIVEN', givenBy: 'YOUNG_PERSON', evidenceReference: 'form 7' } } });
    expect(consent.body.errors).toBeUndefined();

    // A partner's records are the exception: the import cleans them field by field, so one bad character
    // costs its field a warning, not the batch.
    const submitted = await gql<{ submitRecords: { rejectedRows: number; rows: Array<{ warnings: Array<{ field: string }> }> } }>(
      t.url,
      'mutation ($records: [PartnerRecordInput!]!) { submitRecords(input: { records: $records }) { rejectedRows rows { errors { field reason } warnings { field } } } }',
      { token: await tokenFor(t.infra, 'school.cardiff.datamanager'), variables: { records: [{ partnerReference: `E-${family}`, givenName: 'Ff\u0000ion', familyName: 'Hughes' }] } },
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.data!.submitRecords.rejectedRows, JSON.stringify(submitted.body.data)).toBe(0);
    expect(submitted.body.data!.submitRecords.rows[0]!.warnings.map((w) => w.field)).toContain('givenName');
  });

  it('refuses a cursor with a huge number as not a cursor of the list (BAD_USER_INPUT after), and pages with a real one', async () => {
    const forged = [encodeCursor(`${'9'.repeat(30)}:1`), encodeCursor(`99999999999999999:${'9'.repeat(25)}`), encodeCursor('8640000000000001:1')];
    for (const after of forged) {
      const res = await gql(t.url, LOG, { token: ig, variables: { after } });
      expect(res.status, after).toBe(400);
      expect(res.body.errors?.[0]).toMatchObject({ message: 'after: is not a cursor from this list', extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
    }
    const queue = await gql(t.url, 'query ($after: String) { matchReviewQueue(after: $after) { totalCount } }', {
      token: await tokenFor(t.infra, 'epc.cardiff'),
      purpose: 'TRACKING',
      variables: { after: encodeCursor(`1e400|${randomUUID()}`) },
    });
    expect(queue.status).toBe(400);
    expect(queue.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });

    const first = await gql<{ accessLog: { edges: Array<{ cursor: string }> } }>(t.url, LOG, { token: ig });
    const next = await gql(t.url, LOG, { token: ig, variables: { after: first.body.data!.accessLog.edges.at(-1)!.cursor } });
    expect(next.status).toBe(200);
    expect(next.body.errors).toBeUndefined();
  });

  it('refuses 2026-02-31 as a date, naming the field, in an input and in a filter; a real date is accepted', async () => {
    const cw = await tokenFor(t.infra, 'cw.adviser.cardiff');
    const bad = await gql(t.url, TIER, { token: cw, purpose: 'TRACKING', variables: { input: { personId: person, tier: 3, assessedOn: '2026-02-31' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]).toMatchObject({
      message: 'input.assessedOn: must be a real date written YYYY-MM-DD',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.assessedOn' },
    });
    expect(JSON.stringify(bad.body)).not.toContain(person); // type-graphql's own error would echo the whole input

    const good = await gql<{ recordTierAssessment: { assessedOn: string } }>(t.url, TIER, {
      token: cw,
      purpose: 'TRACKING',
      variables: { input: { personId: person, tier: 3, assessedOn: '2024-02-29' } },
    });
    expect(good.body.errors).toBeUndefined();
    expect(good.body.data!.recordTierAssessment.assessedOn).toBe('2024-02-29');

    const variable = await gql(t.url, LOG, { token: ig, variables: { filter: { from: '2026-02-31T00:00:00Z' } } });
    expect(variable.status).toBe(400);
    expect(variable.body.errors).toEqual([{ message: '$filter.from: expected a valid DateTime', extensions: { code: 'BAD_USER_INPUT', field: '$filter.from' } }]);
    const literal = await gql(t.url, '{ accessLog(filter: { from: "2026-02-31" }) { edges { cursor } } }', { token: ig });
    expect(literal.status).toBe(400);
    expect(literal.body.errors?.[0]).toMatchObject({ message: 'filter.from: expected a valid DateTime', extensions: { code: 'BAD_USER_INPUT', field: 'filter.from' } });
    const real = await gql(t.url, LOG, { token: ig, variables: { filter: { from: '2024-02-29T00:00:00Z' } } });
    expect(real.body.errors).toBeUndefined();
  });

  it('names the field without echoing the value when a variable has the wrong type or shape', async () => {
    const school = await tokenFor(t.infra, 'school.cardiff.datamanager');
    const cases: Array<[unknown, string, string]> = [
      [[{ partnerReference: 'E-3', familyName: family, dateOfBirth: 20090314 }], '$records[0].dateOfBirth', 'expected a valid String'],
      [[{ partnerReference: 'E-4', familyName: family, nickname: 'Ffi' }], '$records[0]', 'field "nickname" is not defined by type "PartnerRecordInput"'],
      [[{ partnerReference: 'E-5', familyName: family, version: 2 ** 40 }], '$records[0].version', 'expected a valid Int'],
    ];
    for (const [records, field, reason] of cases) {
      const res = await gql(t.url, SUBMIT, { token: school, variables: { records } });
      expect(res.status, field).toBe(400);
      expect(res.body.errors, field).toEqual([{ message: `${field}: ${reason}`, extensions: { code: 'BAD_USER_INPUT', field } }]);
      expect(JSON.stringify(res.body)).not.toMatch(new RegExp(`${family}|20090314`));
    }
    const missing = await gql(t.url, PERSON, { token: admin, purpose: 'TRACKING', variables: {} });
    expect(missing.body.errors).toEqual([{ message: '$id: a value of type "ID!" is required', extensions: { code: 'BAD_USER_INPUT', field: '$id' } }]);
  });

  it('answers an unknown X-Purpose with HTTP 400 BAD_REQUEST naming the header; a known one is served', async () => {
    const res = await gql(t.url, PERSON, { token: admin, purpose: 'NOSY', variables: { id: person } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]?.message).toMatch(/^X-Purpose: "NOSY" is not a purpose; use one of EARLY_IDENTIFICATION/);
    expect(res.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_REQUEST' });
    const ok = await gql(t.url, PERSON, { token: admin, purpose: 'tracking', variables: { id: person } });
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });

  it('answers with the HTTP status of the failure: 400, 401, 403, 404, 413; 200 when answered', async () => {
    const statusOf = async (query: string, options: Parameters<typeof gql>[2]): Promise<[number, unknown]> => {
      const res = await gql(t.url, query, options);
      return [res.status, res.body.errors?.[0]?.extensions?.['code'] ?? null];
    };
    expect(await statusOf(PERSON, { token: admin, purpose: 'TRACKING', variables: { id: person } })).toEqual([200, null]);
    expect(await statusOf(PERSON, { token: admin, purpose: 'TRACKING', variables: { id: 'not-a-uuid' } })).toEqual([400, 'BAD_USER_INPUT']);
    expect(await statusOf(PERSON, { token: 'not.a.token', purpose: 'TRACKING', variables: { id: person } })).toEqual([401, 'UNAUTHENTICATED']);
    expect(await statusOf(PERSON, { token: await tokenFor(t.infra, 'wg.analyst'), purpose: 'STATISTICS', variables: { id: person } })).toEqual([403, 'FORBIDDEN']);
    expect(await statusOf(PERSON, { token: admin, purpose: 'TRACKING', variables: { id: randomUUID() } })).toEqual([404, 'NOT_FOUND']);
    expect(await statusOf('{ nothingHere }', { token: admin })).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);

    // A body over the 1 MB limit, and one that is not JSON: JSON errors, no HTML page, no stack trace.
    const post = (body: string) => fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body });
    const large = await post(JSON.stringify({ query: `{ me { handle } } #${'x'.repeat(1_100_000)}` }));
    expect(large.status).toBe(413);
    expect(await large.json()).toEqual({ errors: [{ message: 'the request body is too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    const broken = await post('{"query": "{ me { handle } }"');
    expect(broken.status).toBe(400);
    const text = await broken.text();
    expect(JSON.parse(text)).toEqual({ errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules/);
  });

  it("keeps the hub's own request id in the access log, and a client's well-formed id beside it, echoed back", async () => {
    const res = await gql(t.url, PERSON, { token: admin, purpose: 'TRACKING', variables: { id: person }, headers: { 'x-request-id': 'partner-trace:42' } });
    const hubId = requestIdOf(res);
    expect(hubId).toMatch(UUID);
    expect(res.headers.get('x-client-request-id')).toBe('partner-trace:42');
    const rows = (await t.infra.ds.query('SELECT request_id, details FROM access_event WHERE request_id = $1', [hubId])) as Array<{ request_id: string; details: string }>;
    expect(rows).toEqual([{ request_id: hubId, details: '{"clientRequestId":"partner-trace:42"}' }]);
    // A client cannot choose the log's request id, even by sending a UUID.
    const chosen = randomUUID();
    const again = await gql(t.url, PERSON, { token: admin, purpose: 'TRACKING', variables: { id: person }, headers: { 'x-request-id': chosen } });
    expect(requestIdOf(again)).not.toBe(chosen);
    expect(await t.infra.ds.query('SELECT 1 FROM access_event WHERE request_id = $1', [chosen])).toEqual([]);
    expect(await t.infra.ds.query(`SELECT 1 FROM access_event WHERE details::jsonb->>'clientRequestId' = $1`, [chosen])).toHaveLength(1);

    // An overlong or odd id is dropped: not echoed, not stored.
    for (const odd of ['x'.repeat(65), 'name=Ffion Evans', '<script>']) {
      const r = await gql(t.url, PERSON, { token: admin, purpose: 'TRACKING', variables: { id: person }, headers: { 'x-request-id': odd } });
      expect(r.headers.get('x-client-request-id'), odd).toBeNull();
      const [row] = (await t.infra.ds.query('SELECT details FROM access_event WHERE request_id = $1', [requestIdOf(r)])) as [{ details: string | null }];
      expect(row.details, odd).toBeNull();
    }
  });

  it('exports links with a formula-leading partner reference neutralised, other references as they are', async () => {
    const mark = `${family}-links`;
    const injected = `=cmd|' /C calc'!A0 ${mark}`;
    await t.infra.ds.query(
      `INSERT INTO source_record (provider_organisation_id, partner_reference) SELECT id, r FROM organisation, unnest($2::text[]) AS r WHERE code = $1`,
      [DEMO_ORG_CODES.cardiffSchool, [injected, `@SUM(1) ${mark}`, `plain-${mark}`]],
    );
    try {
      const lines = (await linksCsv(t.infra.ds)).split('\n').filter((l) => l.includes(mark));
      expect(lines.sort()).toEqual(
        [`${DEMO_ORG_CODES.cardiffSchool},'${injected},`, `${DEMO_ORG_CODES.cardiffSchool},'@SUM(1) ${mark},`, `${DEMO_ORG_CODES.cardiffSchool},plain-${mark},`].sort(),
      );
    } finally {
      await t.infra.ds.query('DELETE FROM source_record WHERE partner_reference LIKE $1', [`%${mark}`]);
    }
  });
});

describe('the database role the hub connects as', () => {
  let t: TestApi;
  let owner: DataSource;
  beforeAll(async () => {
    t = await startTestApi();
    owner = await ownerDataSource(1);
  });
  afterAll(async () => {
    await owner.destroy();
    await t.close();
  });

  /** Runs a statement as the app in a transaction that is always rolled back; resolves to its error message, or null. */
  const refusal = async (ds: DataSource, sql: string): Promise<string | null> => {
    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(sql);
      return null;
    } catch (err) {
      return (err as Error).message;
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  };

  it('is cyswllt_app, no superuser, owning no table', async () => {
    const [me] = (await t.infra.ds.query(`SELECT current_user AS role, current_setting('is_superuser') AS superuser`)) as [{ role: string; superuser: string }];
    expect(me).toEqual({ role: 'cyswllt_app', superuser: 'off' });
    const owned = (await owner.query(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relowner = 'cyswllt_app'::regrole`,
    )) as unknown[];
    expect(owned).toEqual([]);
  });

  it('cannot switch off the access log triggers or change, remove or forge its rows; the owner could, which is why the hub is not the owner', async () => {
    const [partition] = (await owner.query(`SELECT format('%I', to_char(now(), '"access_event_"YYYY_MM')) AS name`)) as [{ name: string }];
    const attempts: Array<[string, RegExp]> = [
      ['ALTER TABLE access_event DISABLE TRIGGER ALL', /must be owner/],
      ['ALTER TABLE access_event DISABLE TRIGGER access_event_no_change', /must be owner/],
      ["SET session_replication_role = 'replica'", /permission denied/],
      ["UPDATE access_event SET purpose = 'AUDIT' WHERE seq = (SELECT max(seq) FROM access_event)", /permission denied/],
      ['DELETE FROM access_event WHERE seq = (SELECT max(seq) FROM access_event)', /permission denied/],
      ['TRUNCATE access_event', /permission denied/],
      [`INSERT INTO access_event SELECT * FROM access_event ORDER BY seq DESC LIMIT 1`, /permission denied/],
      [`INSERT INTO ${partition.name} SELECT * FROM access_event ORDER BY seq DESC LIMIT 1`, /permission denied/],
      [`UPDATE ${partition.name} SET purpose = 'AUDIT'`, /permission denied/],
      ['UPDATE access_chain_head SET seq = seq', /permission denied/],
      ['DELETE FROM audit_checkpoint', /permission denied/],
      ['CREATE TABLE stash (x int)', /permission denied/],
    ];
    for (const [sql, expected] of attempts) expect(await refusal(t.infra.ds, sql), sql).toMatch(expected);
    // The owner can switch the triggers off: that power is what the hub's role must not have.
    expect(await refusal(owner, 'ALTER TABLE access_event DISABLE TRIGGER ALL')).toBeNull();
  });

  it('adds a month to the log through the owner\'s function, and that partition grants it nothing directly', async () => {
    const runner = t.infra.ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      expect(await runner.query(`SELECT ensure_access_event_partitions('2041-01-01', 1) AS created`)).toEqual([{ created: 1 }]);
      const [rights] = (await runner.query(
        `SELECT has_table_privilege('access_event_2041_01', 'INSERT') AS insert, has_table_privilege('access_event_2041_01', 'UPDATE') AS update,
                has_table_privilege('access_event_2041_01', 'SELECT') AS select, has_table_privilege('access_event', 'SELECT') AS log_select`,
      )) as [Record<string, boolean>];
      expect(rights).toEqual({ insert: false, update: false, select: false, log_select: true });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('still serves a normal request, whose access-log row it appends through the log function', async () => {
    const { personId } = await createPerson(t.infra.ds, [{ providerCode: DEMO_ORG_CODES.cardiffSchool }]);
    const res = await gql<{ youngPerson: { id: string } }>(t.url, PERSON, { token: await tokenFor(t.infra, 'admin'), purpose: 'TRACKING', variables: { id: personId } });
    expect(res.status).toBe(200);
    expect(res.body.data!.youngPerson.id).toBe(personId);
    const rows = (await t.infra.ds.query('SELECT event, person_id FROM access_event WHERE request_id = $1', [requestIdOf(res)])) as unknown[];
    expect(rows).toEqual([{ event: 'person.read', person_id: personId }]);
    expect((await t.infra.services.audit.verifyChain(t.infra)).ok).toBe(true);
  });
});

describe('suggestions in production', () => {
  let prod: TestApi;
  let dev: TestApi;
  beforeAll(async () => {
    prod = await startTestApi({ NODE_ENV: 'production' });
    dev = await startTestApi();
  });
  afterAll(async () => {
    await prod.close();
    await dev.close();
  });

  it('names no enum value, field or argument the client did not write; development still helps', async () => {
    // [query, variables, whether development suggests]: a bad argument value is named by its type in any
    // environment (the message never quotes values, nor guesses them); names of fields and arguments get hints.
    const typos: Array<[string, Record<string, unknown>, boolean]> = [
      ['{ sharingAgreements(status: ACTIV) { reference } }', {}, false],
      ['query ($s: AgreementStatus) { sharingAgreements(status: $s) { reference } }', { s: 'ACTIV' }, false],
      ['query ($f: AccessLogFilter) { accessLog(filter: $f) { edges { cursor } } }', { f: { outcom: 'RELEASED' } }, false],
      ['{ sharingAgreements(statu: ACTIVE) { reference } }', {}, true],
      ['{ sharingAgreements { referenc } }', {}, true],
    ];
    for (const [query, variables, suggests] of typos) {
      const res = await gql(prod.url, query, { token: await tokenFor(prod.infra, 'admin'), variables });
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(res.body.errors), query).not.toMatch(/Did you mean|"ACTIVE"|"outcome"|"reference"/);
      const helped = await gql(dev.url, query, { token: await tokenFor(dev.infra, 'admin'), variables });
      if (suggests) expect(JSON.stringify(helped.body.errors), query).toMatch(/Did you mean/);
    }
  });
});
