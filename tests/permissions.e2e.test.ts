import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES } from '../src/modules/organisations/organisations.data.js';
import { SEED_PRINCIPALS } from '../src/modules/principals/principals.data.js';
import { purposesOf } from '../src/policy/purposes.policy.js';
import type { Role } from '../src/modules/principals/roles.js';
import { createPerson } from './support/factories.js';
import { gql, HTTP_STATUS_OF_CODE, requestIdOf, startTestApi, tokenFor, type TestApi } from './support/harness.js';

/** The seeded principals of the README, each asking with the first purpose its role may declare. */
const HANDLES = ['admin', 'epc.cardiff', 'ig.cardiff', 'cw.adviser.cardiff', 'cw.system', 'college.cardiff', 'school.cardiff',
  'voluntary.cardiff', 'leadworker.cardiff', 'wg.analyst', 'college.cardiff.admissions', 'college.cardiff.pastoral',
  'school.cardiff.datamanager', 'voluntary.cardiff.worker'] as const;
type Handle = (typeof HANDLES)[number];
/** Partner systems send these ad-hoc documents only to be refused: they run registered operations only (tests/registered-operations.e2e.test.ts). */
const PARTNER_SYSTEMS: Handle[] = ['cw.system', 'college.cardiff', 'school.cardiff', 'voluntary.cardiff'];
const PARTNER_STAFF: Handle[] = ['college.cardiff.admissions', 'college.cardiff.pastoral', 'school.cardiff.datamanager', 'voluntary.cardiff.worker'];
const RECORD_READERS: Handle[] = ['admin', 'epc.cardiff', 'cw.adviser.cardiff', 'leadworker.cardiff', ...PARTNER_SYSTEMS, ...PARTNER_STAFF];

/** Inputs of one request: the person made for the test, and the asker. */
interface Asking {
  person: string;
  handle: Handle;
  purpose: string;
}

/** One operation: its rule as refusals name it, who may call it (written out, not derived from the policy), and whether its arguments name the person. */
interface OperationCase {
  field: string;
  rule: string;
  allowed: readonly Handle[];
  namesPerson: boolean;
  query: string;
  variables(a: Asking): Record<string, unknown>;
}

const OPERATIONS: OperationCase[] = [
  { field: 'me', rule: 'AUTHENTICATED', allowed: HANDLES, namesPerson: false, query: '{ me { handle } }', variables: () => ({}) },
  { field: 'organisations', rule: 'read Organisation', allowed: HANDLES, namesPerson: false, query: '{ organisations(kind: CAREERS_WALES) { code } }', variables: () => ({}) },
  { field: 'sharingAgreements', rule: 'read SharingAgreement', allowed: HANDLES, namesPerson: false, query: '{ sharingAgreements { reference } }', variables: () => ({}) },
  {
    field: 'youngPerson', rule: 'read PersonRecord', allowed: RECORD_READERS, namesPerson: true,
    query: 'query ($id: ID!) { youngPerson(id: $id) { id } }', variables: (a) => ({ id: a.person }),
  },
  {
    field: 'youngPeople', rule: 'read PersonRecord', allowed: RECORD_READERS, namesPerson: false,
    query: '{ youngPeople(first: 1) { edges { node { id } } } }', variables: () => ({}),
  },
  {
    // A reference nobody supplied: the allowed get NOT_FOUND, exactly as for a learner they have no basis to see.
    field: 'learnerStatus', rule: 'read PersonRecord', allowed: RECORD_READERS, namesPerson: false,
    query: '{ learnerStatus(reference: "PERM-NOBODY") { found } }', variables: () => ({}),
  },
  {
    field: 'learnerStatuses', rule: 'read PersonRecord', allowed: RECORD_READERS, namesPerson: false,
    query: '{ learnerStatuses(keys: [{ reference: "PERM-NOBODY" }]) { found } }', variables: () => ({}),
  },
  {
    field: 'explainAccess', rule: 'explain PersonRecord', allowed: [...RECORD_READERS, 'ig.cardiff'], namesPerson: true,
    query: 'query ($p: ID!, $h: String!, $purpose: Purpose!) { explainAccess(personId: $p, principalHandle: $h, purpose: $purpose) { personId } }',
    variables: (a) => ({ p: a.person, h: a.handle, purpose: a.purpose }),
  },
  {
    field: 'consentHistory', rule: 'read ConsentEvent', allowed: ['admin', 'epc.cardiff', 'ig.cardiff'], namesPerson: true,
    query: 'query ($p: ID!) { consentHistory(personId: $p) { id } }', variables: (a) => ({ p: a.person }),
  },
  { field: 'accessLog', rule: 'read AccessLog', allowed: ['admin', 'ig.cardiff'], namesPerson: false, query: '{ accessLog(first: 1) { edges { cursor } } }', variables: () => ({}) },
  {
    field: 'matchReviewQueue', rule: 'review MatchCandidate', allowed: ['admin', 'epc.cardiff'], namesPerson: false,
    query: '{ matchReviewQueue(first: 1) { totalCount } }', variables: () => ({}),
  },
  {
    // An import id that exists nowhere: the allowed get NOT_FOUND, and the refused are logged with no person.
    field: 'import', rule: 'read Import', allowed: ['admin', ...PARTNER_SYSTEMS, 'school.cardiff.datamanager'], namesPerson: false,
    query: 'query ($id: ID!) { import(id: $id) { id } }', variables: () => ({ id: randomUUID() }),
  },
  {
    field: 'imports', rule: 'read Import', allowed: ['admin', ...PARTNER_SYSTEMS, 'school.cardiff.datamanager'], namesPerson: false,
    query: '{ imports(first: 1) { edges { cursor } } }', variables: () => ({}),
  },
  {
    // Tier 9 fails validation, so an allowed caller changes nothing; the person is named in the input.
    field: 'recordTierAssessment', rule: 'create TierAssessment', allowed: ['admin', 'cw.adviser.cardiff', 'cw.system'], namesPerson: true,
    query: 'mutation ($p: ID!) { recordTierAssessment(input: { personId: $p, tier: 9, assessedOn: "2025-01-01" }) { id } }',
    variables: (a) => ({ p: a.person }),
  },
  {
    field: 'activateSharingAgreement', rule: 'manage SharingAgreement', allowed: ['admin', 'ig.cardiff'], namesPerson: false,
    query: 'mutation ($id: ID!) { activateSharingAgreement(id: $id) { status } }', variables: () => ({ id: randomUUID() }),
  },
  { field: 'jobRun', rule: 'read JobRun', allowed: ['admin'], namesPerson: false, query: 'query ($id: ID!) { jobRun(id: $id) { id } }', variables: () => ({ id: randomUUID() }) },
];

describe('who may call each operation', () => {
  let t: TestApi;
  let person: string;
  const run = Date.now().toString(36);

  const rowsFor = async (requestId: string): Promise<Array<{ event: string; outcome: string; person_id: string | null; details: string | null }>> =>
    (await t.infra.ds.query('SELECT event, outcome, person_id, details FROM access_event WHERE request_id = $1 ORDER BY seq', [requestId])) as Array<{
      event: string;
      outcome: string;
      person_id: string | null;
      details: string | null;
    }>;

  const principalOf = (handle: Handle) => SEED_PRINCIPALS.find((p) => p.handle === handle)!;
  const roleOf = (handle: Handle): Role => principalOf(handle).roles[0]!;

  beforeAll(async () => {
    t = await startTestApi();
    person = (await createPerson(t.infra.ds, [{ providerCode: DEMO_ORG_CODES.cardiffSchool, familyName: `Perm-${run}` }])).personId;
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(HANDLES)('%s: each operation is allowed or FORBIDDEN as declared, and every refusal is in the access log', async (handle) => {
    const token = await tokenFor(t.infra, handle);
    const role = roleOf(handle);
    const kind = (await t.infra.ds.query('SELECT kind FROM organisation WHERE code = $1', [DEMO_ORG_CODES[principalOf(handle).organisation]]))[0].kind;
    const purpose = purposesOf(role, kind)[0]!;
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    const system = PARTNER_SYSTEMS.includes(handle);
    for (const op of OPERATIONS) {
      const res = await gql(t.url, op.query, { token, purpose, variables: op.variables({ person, handle, purpose }) });
      const refusal = res.body.errors?.find((e) => e.extensions?.['code'] === 'FORBIDDEN');
      expected[op.field] = op.allowed.includes(handle) && !system ? 'allowed' : 'FORBIDDEN';
      actual[op.field] = refusal ? 'FORBIDDEN' : 'allowed';
      // One root field: the status is its error's (403 refused, 404 not found, 400 bad input), else 200.
      const code = res.body.errors?.[0]?.extensions?.['code'];
      expect(res.status, `${handle} ${op.field}`).toBe(typeof code === 'string' ? HTTP_STATUS_OF_CODE[code] : 200);
      const rows = await rowsFor(requestIdOf(res));
      if (system) {
        // Refused before it is parsed, whatever the role may do, naming the rule; logged with no person and no document.
        expect(refusal?.extensions?.['rule'], `${handle} ${op.field}`).toBe('REGISTERED_OPERATIONS_ONLY');
        expect(rows).toEqual([{ event: 'operation.refused', outcome: 'NONE', person_id: null, details: '{"refused":"OPERATION_NOT_REGISTERED"}' }]);
        continue;
      }
      const roleRefusals = rows.filter((r) => r.details === '{"refused":"ROLE_NOT_PERMITTED"}');
      if (!refusal) {
        // Past the declaration, the service answers: data, or the ids made up for the test are not found, or tier 9 is bad input.
        for (const e of res.body.errors ?? []) expect(['NOT_FOUND', 'BAD_USER_INPUT'], `${handle} ${op.field}: ${e.message}`).toContain(e.extensions?.['code']);
        expect(roleRefusals, `${handle} ${op.field}: an allowed call is not logged as a refusal`).toEqual([]);
        continue;
      }
      expect(refusal.message, `${handle} ${op.field}`).toBe(`Role ${role} may not ${op.rule} (${op.field})`);
      expect(res.body.data ?? null, `${handle} ${op.field}`).toBeNull();
      expect(roleRefusals, `${handle} ${op.field}: the refusal's access-log row`).toEqual([
        {
          event: op.namesPerson ? 'person.read' : 'operation.refused',
          outcome: 'WITHHELD',
          person_id: op.namesPerson ? person : null,
          details: '{"refused":"ROLE_NOT_PERMITTED"}',
        },
      ]);
    }
    expect(actual).toEqual(expected);
  });

  it('refuses wg.analyst a young person by its role (ROLE_NOT_PERMITTED), not as a person it has no agreement for', async () => {
    const res = await gql(t.url, 'query ($id: ID!) { youngPerson(id: $id) { id } }', {
      token: await tokenFor(t.infra, 'wg.analyst'),
      purpose: 'STATISTICS',
      variables: { id: person },
    });
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]).toMatchObject({ message: 'Role ANALYST may not read PersonRecord (youngPerson)', extensions: { code: 'FORBIDDEN' } });
    expect(await rowsFor(requestIdOf(res))).toEqual([
      { event: 'person.read', outcome: 'WITHHELD', person_id: person, details: '{"refused":"ROLE_NOT_PERMITTED"}' },
    ]);
  });

  it('refuses ig.cardiff the list of young people even for AUDIT (IG officers see the log, not the data), but lets it read the log', async () => {
    const ig = await tokenFor(t.infra, 'ig.cardiff');
    const res = await gql(t.url, '{ youngPeople(first: 5) { edges { node { id } } } }', { token: ig, purpose: 'AUDIT' });
    expect(res.body.errors?.[0]).toMatchObject({ message: 'Role IG_OFFICER may not read PersonRecord (youngPeople)', extensions: { code: 'FORBIDDEN' } });
    expect(await rowsFor(requestIdOf(res))).toEqual([
      { event: 'operation.refused', outcome: 'WITHHELD', person_id: null, details: '{"refused":"ROLE_NOT_PERMITTED"}' },
    ]);
    const log = await gql(t.url, '{ accessLog(first: 1) { edges { cursor } } }', { token: ig, purpose: 'AUDIT' });
    expect(log.body.errors).toBeUndefined();
  });

  it('does not log an error that is not a refusal (bad input) as one', async () => {
    const res = await gql(t.url, 'query { consentHistory(personId: "not-a-uuid") { id } }', {
      token: await tokenFor(t.infra, 'epc.cardiff'),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'personId' });
    expect(await rowsFor(requestIdOf(res))).toEqual([]);
  });

  it('logs a refused call whose id names something other than a person with no person', async () => {
    const [agreement] = (await t.infra.ds.query(`SELECT id FROM sharing_agreement ORDER BY reference, version LIMIT 1`)) as Array<{ id: string }>;
    const res = await gql(t.url, 'mutation ($id: ID!) { retireSharingAgreement(id: $id) { status } }', {
      token: await tokenFor(t.infra, 'epc.cardiff'),
      variables: { id: agreement!.id },
    });
    expect(res.body.errors?.[0]?.message).toBe('Role EPC may not manage SharingAgreement (retireSharingAgreement)');
    expect(await rowsFor(requestIdOf(res))).toEqual([
      { event: 'operation.refused', outcome: 'WITHHELD', person_id: null, details: '{"refused":"ROLE_NOT_PERMITTED"}' },
    ]);
  });
});
