import { AbstractLogger, type DataSource, type LogLevel, type LogMessage } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import type { IdentityFields } from '../src/modules/sources/identity-fields.js';
import type { CategorisedPayload } from '../src/modules/sources/source-record.entity.js';
import { birthdayIn } from './support/factories.js';
import { gql, requestIdOf, startTestApi, tokenFor, type GqlBody, type TestApi } from './support/harness.js';
import { ownerDataSource } from './support/owner-db.js';
import { registered, registeredByDocument } from './support/registered.js';
import { clearWorlds, daysAgo, loadOrgs, loadWorld, personId, PROVIDER_CODES, recordId, type OrgFacts, type World, type WorldRecord } from './support/worlds.js';

// "What is the status of my learner?" over HTTP: by the partner's own reference, a ULN or a UPN, one at a time or up
// to 1,000 at once. A key finds a young person only through records whose identity the rules release to the asker;
// everything else (a reference never supplied, a learner with no basis, an identifier held by nobody) is the one
// NOT_FOUND, with the same bytes, the same SQL statements and the same access-log row.

// Partner systems run the registered documents (operations/shared/learner-status*.graphql), sent by their hash.
const ONE = registered('LearnerStatus');
const MANY = registered('LearnerStatuses');

interface Learner {
  found: boolean;
  personId: string | null;
  status: { source: { code: string }; tier: number; eetStatus: string; since: string } | null;
  leadWorker: { source: { code: string }; hostOrganisation: string | null; name: string | null; allocatedOn: string | null } | null;
}

const ULN = ['1000000019', '1000000027', '1000000035'] as const;
const UPN = 'H681406125001';
const DOB = birthdayIn(17, 40);

/** Identity of a world record; the ULN and UPN where given. */
function identity(ids: { uln?: string; upn?: string } = {}): IdentityFields {
  return {
    givenName: 'Ffion', middleNames: null, familyName: 'Prys', dateOfBirth: DOB, sex: 'F', upn: ids.upn ?? null, uln: ids.uln ?? null,
    otherIdentifier: null, postcode: 'CF10 1AA', addressLine: null, locality: 'Cardiff', email: null, phone: null,
  };
}

function rec(person: number, slot: number, providerCode: string, reference: string, payload: CategorisedPayload, ids: { uln?: string; upn?: string } = {}): WorldRecord {
  return { id: recordId(person, slot), personId: personId(person), providerCode, partnerReference: reference, identity: identity(ids), payload, version: 1, receivedAt: receivedRecently(slot) };
}

/**
 * Person 0: the Cardiff college's enrolled learner (its record tied to the school's on the ULN), with Careers Wales's
 * record at `tier` (none when null) and, when `leadWorker`, the youth service's allocation. Person 1 (when `stranger`):
 * a pupil of the school only, whom the college has no basis to see.
 */
/**
 * Received a day ago (plus `slot` hours): after the assessments the worlds date days back, since an assessment day
 * later than its record's arrival is not believed (record_assessed_on) and the day received counts instead.
 */
function receivedRecently(slot: number): string {
  return new Date(RECEIVED_FROM + slot * 3_600_000).toISOString();
}
const RECEIVED_FROM = Date.parse(`${daysAgo(1)}T08:00:00Z`);

function world(tier: number | null, leadWorker: boolean, stranger: boolean): World {
  const records = [
    rec(0, 0, ORG.cardiffCollege, 'LS-COL-0', { EDUCATION_ENROLMENT: { status: 'ENROLLED', startDate: daysAgo(30) } }, { uln: ULN[0] }),
    rec(0, 3, ORG.cardiffSchool, 'LS-SCH-0', { ATTENDANCE: { percent: 88 } }, { uln: ULN[0], upn: UPN }),
  ];
  if (tier !== null) records.push(rec(0, 1, ORG.careersWales, 'LS-CW-0', { TIER_STATUS: { tier, assessedOn: daysAgo(20) } }));
  if (leadWorker) {
    records.push(
      rec(0, 2, ORG.cardiffYouthService, 'LS-YS-0', {
        LEAD_WORKER: { leadWorkerName: 'Owain Jones', leadWorkerInitials: 'O.J.', organisation: 'Cardiff Youth Service', allocatedOn: daysAgo(10) },
      }),
    );
  }
  if (stranger) records.push(rec(1, 0, ORG.cardiffSchool, 'LS-SCH-1', { ATTENDANCE: { percent: 70 } }, { uln: ULN[1] }));
  return {
    people: stranger ? [personId(0), personId(1)] : [personId(0)],
    records,
    tiers: [],
    consents: [],
    links: [{ recordA: recordId(0, 0), recordB: recordId(0, 3), rule: 'ULN', status: 'LINKED' }],
  };
}

/** Records the text of every SQL statement the API sends (synthetic data only: never do this with real records). */
class StatementRecorder extends AbstractLogger {
  texts: string[] = [];
  override logQuery(query: string): void {
    this.texts.push(query.replace(/\s+/g, ' '));
  }
  protected override writeLog(_level: LogLevel, _message: LogMessage | LogMessage[]): void {}
}

describe('learner status by the partner’s own key', () => {
  let t: TestApi;
  let owner: DataSource;
  let orgs: Map<string, OrgFacts>;
  let recorder: string;
  const statements = new StatementRecorder();
  const tokens: Record<string, string> = {};
  const token = async (handle: string): Promise<string> => (tokens[handle] ??= await tokenFor(t.infra, handle, '1h'));

  const load = async (w: World): Promise<void> => {
    await clearWorlds(owner);
    await loadWorld(t.infra.ds, w, orgs, recorder);
  };
  const one = async (handle: string, purpose: string, key: Record<string, string>) =>
    gql<{ learnerStatus: Learner }>(t.url, ONE, { token: await token(handle), purpose, variables: key });
  const many = async (handle: string, purpose: string, keys: Array<Record<string, string>>) =>
    gql<{ learnerStatuses: Learner[] }>(t.url, MANY, { token: await token(handle), purpose, variables: { keys } });
  /** The raw response (status, cost header, body text) to a registered document, sent by its hash. */
  const raw = async (handle: string, purpose: string, query: string, variables: Record<string, unknown>) => {
    const op = registeredByDocument(query)!;
    return fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(handle)}`, 'x-purpose': purpose },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: op.sha256Hash } }, variables }),
    });
  };
  const found = async (handle: string, purpose: string, key: Record<string, string>): Promise<Learner> => {
    const res = await one(handle, purpose, key);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data!.learnerStatus;
  };
  const rowsOf = async (requestId: string) =>
    (await t.infra.ds.query(`SELECT event, outcome, person_id, details FROM access_event WHERE request_id = $1 ORDER BY seq`, [requestId])) as Array<{
      event: string;
      outcome: string;
      person_id: string | null;
      details: string | null;
    }>;

  beforeAll(async () => {
    t = await startTestApi({}, { queryLogger: statements });
    owner = await ownerDataSource(1);
    orgs = await loadOrgs(t.infra.ds, PROVIDER_CODES);
    [{ id: recorder }] = (await t.infra.ds.query(`SELECT id FROM principal WHERE handle = 'admin'`)) as [{ id: string }];
  });
  afterAll(async () => {
    await clearWorlds(owner);
    await owner.destroy();
    await t.close();
  });

  it('a college finds its learner by its own reference; the status and lead worker are what the rules release to it (nothing, here)', async () => {
    await load(world(2, true, true));
    const college = await found('college.cardiff', 'TRACKING', { reference: 'LS-COL-0' });
    // The regional ISP gives a college neither Careers Wales's tier nor the youth service's lead worker.
    expect(college).toMatchObject({ found: true, personId: personId(0), status: null, leadWorker: null });
    // The same learner by the ULN on its own record, and by the UPN on the school's record (released to it: its enrolled learner).
    expect(await found('college.cardiff', 'TRANSITION', { uln: ULN[0] })).toMatchObject({ found: true, personId: personId(0) });
    expect(await found('college.cardiff', 'TRANSITION', { upn: UPN.toLowerCase() })).toMatchObject({ found: true, personId: personId(0) });
  });

  it('Careers Wales sees its own tier; the EPC sees the tier (1 or 2) and the lead worker the rules release to an LA', async () => {
    await load(world(2, true, true));
    const cw = await found('cw.system', 'TRACKING', { reference: 'LS-CW-0' });
    expect(cw.status).toMatchObject({ source: { code: ORG.careersWales }, tier: 2, eetStatus: 'NEET_NOT_AVAILABLE', since: daysAgo(20) });
    expect(cw.leadWorker).toBeNull();

    const epc = await found('epc.cardiff', 'TRACKING', { uln: ULN[0] });
    expect(epc.status).toMatchObject({ tier: 2, since: daysAgo(20) });
    expect(epc.leadWorker).toMatchObject({
      source: { code: ORG.cardiffYouthService }, hostOrganisation: 'Cardiff Youth Service', name: 'Owain Jones', initials: 'O.J.', allocatedOn: daysAgo(10),
    });
    // One access-log row for the person, naming what was released and from whom.
    const res = await one('epc.cardiff', 'TRACKING', { uln: ULN[0] });
    const rows = await rowsOf(requestIdOf(res));
    expect(rows).toEqual([expect.objectContaining({ event: 'person.read', outcome: 'RELEASED', person_id: personId(0) })]);
  });

  it('an ended allocation is no lead worker', async () => {
    const w = world(2, true, false);
    w.records = w.records.map((r) =>
      r.providerCode === ORG.cardiffYouthService
        ? { ...r, payload: { LEAD_WORKER: { leadWorkerName: 'Owain Jones', allocatedOn: daysAgo(100), endedOn: daysAgo(3) } } }
        : r,
    );
    await load(w);
    expect((await found('epc.cardiff', 'TRACKING', { uln: ULN[0] })).leadWorker).toBeNull();
  });

  it('NOT_FOUND is one answer: a reference never supplied, another partner’s reference, a learner with no basis, an identifier held by nobody', async () => {
    await load(world(2, true, true));
    await one('college.cardiff', 'TRACKING', { reference: 'LS-COL-0' }); // the policy is compiled and cached before anything is compared
    const keys = [{ reference: 'NEVER-SUPPLIED' }, { reference: 'LS-SCH-0' }, { uln: ULN[1] }, { uln: ULN[2] }];
    const seen: Array<{ status: number; body: string; statements: string[]; rows: unknown[] }> = [];
    for (const key of keys) {
      statements.texts = [];
      const res = await raw('college.cardiff', 'TRACKING', ONE, key);
      const body = await res.text();
      const done = [...statements.texts];
      const rows = (await rowsOf(res.headers.get('x-request-id')!)).map((r) => ({ ...r }));
      seen.push({ status: res.status, body, statements: done, rows });
    }
    expect(seen[0]!.status).toBe(404);
    expect(JSON.parse(seen[0]!.body)).toEqual({
      errors: [{ message: 'Learner not found', locations: [expect.any(Object)], path: ['learnerStatus'], extensions: { code: 'NOT_FOUND' } }],
      data: null,
    });
    expect(seen[0]!.statements.filter((q) => q.includes('partner_reference = k.key'))).toHaveLength(1);
    expect(seen[0]!.rows).toEqual([{ event: 'learner_status.not_found', outcome: 'NONE', person_id: null, details: '{"keys":1,"notFound":1}' }]);
    for (const s of seen.slice(1)) {
      expect(s.status).toBe(seen[0]!.status);
      expect(s.body).toBe(seen[0]!.body);
      // The same statements in the same order: the answer is decided by one lookup, whatever is held.
      expect(s.statements).toEqual(seen[0]!.statements);
      expect(s.rows).toEqual(seen[0]!.rows);
    }
  });

  it('two worlds that differ only in what the rules withhold look the same to the partner, byte for byte', async () => {
    // The college is told nothing of Careers Wales's tier, the youth service's lead worker or the school's other pupils.
    const probe = async (handle: string, purpose: string): Promise<string[]> => {
      const out: string[] = [];
      for (const [query, variables] of [
        [ONE, { reference: 'LS-COL-0' }],
        [ONE, { uln: ULN[1] }],
        [MANY, { keys: [{ reference: 'LS-COL-0' }, { uln: ULN[0] }, { uln: ULN[1] }, { upn: UPN }, { reference: 'LS-SCH-1' }] }],
      ] as const) {
        const res = await raw(handle, purpose, query, variables);
        out.push(`${res.status} ${res.headers.get('x-query-cost')} ${await res.text()}`);
      }
      return out;
    };
    await load(world(4, true, true));
    const richCollege = await probe('college.cardiff', 'TRACKING');
    const richEpc = await probe('epc.cardiff', 'TRACKING');
    await load(world(null, false, false));
    expect(await probe('college.cardiff', 'TRACKING')).toEqual(richCollege);
    // The EPC: Careers Wales's tier 4 is withheld from an LA, so that world is the one with no Careers Wales record.
    // (The lead worker is released to it, so both worlds keep it.)
    await load(world(null, true, true));
    expect(await probe('epc.cardiff', 'TRACKING')).toEqual(richEpc);
    // Not blind: a tier the EPC may see (2) changes what it receives.
    await load(world(2, true, true));
    const shown = await probe('epc.cardiff', 'TRACKING');
    expect(shown).not.toEqual(richEpc);
    expect(shown[2]).toContain('"tier":2');
  });

  it('answers up to 1,000 keys in one request, in order, with one access-log row per person found', async () => {
    const w: World = { people: [], records: [], tiers: [], consents: [], links: [] };
    for (let p = 0; p < 5; p++) {
      w.people.push(personId(p));
      w.records.push(rec(p, 0, ORG.cardiffCollege, `LS-BATCH-${p}`, { EDUCATION_ENROLMENT: { status: 'ENROLLED', startDate: daysAgo(30) } }));
    }
    await load(w);
    const keys = Array.from({ length: 1000 }, (_, i) => ({ reference: i % 200 === 0 ? `LS-BATCH-${i / 200}` : `LS-NOPE-${i}` }));
    const res = await many('college.cardiff', 'TRACKING', keys);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const answers = res.body.data!.learnerStatuses;
    expect(answers).toHaveLength(1000);
    expect(answers.filter((a) => a.found).map((a) => a.personId)).toEqual([0, 1, 2, 3, 4].map(personId));
    expect(answers[200]).toMatchObject({ reference: 'LS-BATCH-1', found: true, personId: personId(1) });
    expect(answers[1]).toMatchObject({ reference: 'LS-NOPE-1', found: false, personId: null, status: null, leadWorker: null });
    expect(Number(res.headers.get('x-query-cost'))).toBeLessThanOrEqual(5000);
    const rows = await rowsOf(requestIdOf(res));
    expect(rows.filter((r) => r.event === 'person.read').map((r) => r.person_id).sort()).toEqual([0, 1, 2, 3, 4].map(personId));
    expect(rows.filter((r) => r.event !== 'person.read')).toEqual([
      { event: 'learner_status.not_found', outcome: 'NONE', person_id: null, details: '{"keys":1000,"notFound":995}' },
    ]);
  });

  it('refuses a batch over 1,000 keys, a malformed or ambiguous key and a missing purpose, naming the field and never the value', async () => {
    const over = await many('college.cardiff', 'TRACKING', Array.from({ length: 1001 }, (_, i) => ({ reference: `R${i}` })));
    expect(over.status).toBe(400);
    expect(over.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'keys' });
    const badUln = await many('college.cardiff', 'TRACKING', [{ reference: 'R1' }, { uln: '1234567890' }]);
    expect(badUln.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'keys[1].uln' });
    expect(badUln.body.errors![0]!.message).not.toContain('1234567890');
    const two = await one('college.cardiff', 'TRACKING', { reference: 'R1', uln: ULN[0] });
    expect(two.status).toBe(400);
    expect(two.body.errors![0]!.message).toMatch(/exactly one of reference, uln and upn/);
    const noPurpose = await gql(t.url, ONE, { token: await token('college.cardiff'), variables: { reference: 'R1' } });
    // A system may not send the lookup as a document of its own, even one asking for less.
    const adHoc = await gql(t.url, '{ learnerStatus(reference: "R1") { found } }', { token: await token('college.cardiff'), purpose: 'TRACKING' });
    expect(adHoc.status).toBe(403);
    expect(adHoc.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'REGISTERED_OPERATIONS_ONLY' });
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.errors![0]!.extensions?.['code']).toBe('BAD_REQUEST');
    const notItsPurpose = await one('school.cardiff', 'ADMISSIONS', { reference: 'R1' });
    expect(notItsPurpose.status).toBe(403);
    const analyst = await one('wg.analyst', 'STATISTICS', { reference: 'R1' });
    expect((analyst.body as GqlBody).errors![0]!.extensions?.['code']).toBe('FORBIDDEN');
  });
});
