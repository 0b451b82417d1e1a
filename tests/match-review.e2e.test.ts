import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSchema } from '../src/graphql/schema.js';
import { PURPOSE_LIMITED_TO_OPERATIONS, rolesMayUse } from '../src/policy/purposes.policy.js';
import { registered } from './support/registered.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { personsByReference, resetMatching } from './support/matching.js';

// Issue 8 item 4: the EPC could not decide a pair when one side's name was withheld from it. The hub now
// says how each compared field came out (without the values), and the purpose LINKAGE releases names and
// contact details of the pair's records, on the review operations only.

const SUBMIT = registered('SubmitRecords');
const RECORD = `id givenName familyName dateOfBirth postcode tierStatus provider { code }`;
const CANDIDATE = `id status reviewReason totalWeight prior
  comparisons { key label outcome level levelDescription weight }
  recordA { ${RECORD} } recordB { ${RECORD} }`;
const QUEUE = `query { matchReviewQueue(first: 20) { totalCount edges { node { ${CANDIDATE} } } } }`;
const ONE = `query ($id: ID!) { matchCandidate(id: $id) { ${CANDIDATE} } }`;
const CONFIRM = `mutation ($input: DecideMatchInput!) { confirmMatch(input: $input) { ${CANDIDATE} decisions { kind decidedBy } } }`;
const PEOPLE = `query { youngPeople(first: 5) { totalCount edges { node { id } } } }`;

interface SourceRecord {
  id: string;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  postcode: string | null;
  tierStatus: Record<string, unknown> | null;
  provider: { code: string };
}
interface Comparison {
  key: string;
  label: string;
  outcome: string;
  level: string;
  levelDescription: string;
  weight: number;
}
interface Candidate {
  id: string;
  status: string;
  reviewReason: string | null;
  totalWeight: number;
  prior: number;
  comparisons: Comparison[];
  recordA: SourceRecord | null;
  recordB: SourceRecord | null;
}
interface Queue {
  matchReviewQueue: { totalCount: number; edges: Array<{ node: Candidate }> };
}
interface Redaction {
  path: Array<string | number>;
  category: string;
  reason: string;
  agreement: string | null;
}

// The school's pupil and a Careers Wales record of (perhaps) the same young person in tier 3: Careers Wales
// data reaches an LA only in tiers 1 and 2, so under TRACKING the EPC is shown nothing of that record.
const SCHOOL = { partnerReference: 'REV-SCH', givenName: 'Dafydd', familyName: 'Prys', dateOfBirth: '2008-05-17', sex: 'M', postcode: 'CF24 3AA' };
const COLLEGE = { ...SCHOOL, partnerReference: 'REV-COL' };
const CAREERS = {
  partnerReference: 'REV-CW',
  givenName: 'Dai',
  familyName: 'Hughes',
  dateOfBirth: '2008-05-17',
  sex: 'F',
  postcode: 'NP20 1AB',
  payload: { TIER_STATUS: { tier: 3, assessedOn: '2025-10-01' } },
};
// Every value of the Careers Wales record, in the forms it could take in a response.
const CAREERS_VALUES = ['Dai', 'DAI', 'Hughes', 'HUGHES', '2008-05-17', '20080517', 'NP20', 'np20'];

describe('match review: outcomes without values, the LINKAGE purpose, settled pairs', () => {
  let t: TestApi;
  const tokens: Record<string, string> = {};
  // A client's own X-Request-Id is kept in its access-log rows' details (the rows' request id is the hub's).
  const ask = <T>(handle: string, purpose: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    gql<T>(t.url, query, { token: tokens[handle], purpose, variables, headers });
  const submit = async (handle: string, records: Array<Record<string, unknown>>): Promise<void> => {
    const res = await gql<{ submitRecords: { id: string; rejectedRows: number } }>(t.url, SUBMIT, { token: tokens[handle], variables: { input: { records } } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.submitRecords.rejectedRows).toBe(0);
    await t.infra.services.matching.processQueue(res.body.data!.submitRecords.id);
  };
  const recordId = async (reference: string): Promise<string> => {
    const [row] = (await t.infra.ds.query('SELECT id FROM source_record WHERE partner_reference = $1', [reference])) as [{ id: string }];
    return row.id;
  };
  /** The side of a pair that is (or would be) the given record. */
  const sides = (c: Candidate, id: string): { it: SourceRecord | null; other: SourceRecord | null } => {
    const aIsIt = c.recordA?.id === id || (c.recordA === null && c.recordB?.id !== id);
    return aIsIt ? { it: c.recordA, other: c.recordB } : { it: c.recordB, other: c.recordA };
  };
  let schoolId: string;
  let collegeId: string;
  let careersId: string;
  let pair: Candidate; // school ↔ Careers Wales
  let sibling: Candidate; // college ↔ Careers Wales

  beforeAll(async () => {
    t = await startTestApi();
    await resetMatching();
    for (const h of ['admin', 'epc.cardiff', 'epc.gwynedd', 'school.cardiff', 'college.cardiff', 'cw.system', 'leadworker.cardiff']) tokens[h] = await tokenFor(t.infra, h);
    await submit('school.cardiff', [SCHOOL]);
    await submit('college.cardiff', [COLLEGE]);
    await submit('cw.system', [CAREERS]);
    [schoolId, collegeId, careersId] = await Promise.all([recordId('REV-SCH'), recordId('REV-COL'), recordId('REV-CW')]);
    const p = await personsByReference(t.infra.ds, ['REV-SCH', 'REV-COL', 'REV-CW']);
    // The school and college records are linked; the Careers Wales one waits for a decision against each.
    expect(p.get('REV-COL')).toBe(p.get('REV-SCH'));
    expect(p.get('REV-CW')).not.toBe(p.get('REV-SCH'));
    const ids = (await t.infra.ds.query(
      `SELECT id, CASE WHEN $1 IN (record_a_id, record_b_id) THEN 'school' ELSE 'college' END AS side FROM match_candidate
        WHERE status = 'REVIEW' AND $3 IN (record_a_id, record_b_id) AND ($1 IN (record_a_id, record_b_id) OR $2 IN (record_a_id, record_b_id))`,
      [schoolId, collegeId, careersId],
    )) as Array<{ id: string; side: string }>;
    expect(ids.map((r) => r.side).sort()).toEqual(['college', 'school']);
    const load = async (side: string): Promise<Candidate> =>
      (await ask<{ matchCandidate: Candidate }>('admin', 'TRACKING', ONE, { id: ids.find((r) => r.side === side)!.id })).body.data!.matchCandidate;
    [pair, sibling] = [await load('school'), await load('college')];
  });
  afterAll(async () => {
    await t.close();
  });

  it('under TRACKING shows the withheld pair with an outcome and a weight for every comparison, and no value in them', async () => {
    const res = await ask<Queue>('epc.cardiff', 'TRACKING', QUEUE);
    expect(res.body.errors).toBeUndefined();
    const queue = res.body.data!.matchReviewQueue;
    // Both pairs with the Careers Wales record are open questions: listed and counted.
    expect(queue.totalCount).toBe(2);
    expect(queue.edges.map((e) => e.node.id).sort()).toEqual([pair.id, sibling.id].sort());
    const shown = queue.edges.map((e) => e.node).find((c) => c.id === pair.id)!;
    // Nothing of the Careers Wales record is released to the EPC for tracking: it is not shown at all.
    const { it, other } = sides(shown, careersId);
    expect(it).toBeNull();
    expect(other).toMatchObject({ id: schoolId, givenName: 'Dafydd', familyName: 'Prys' });

    const outcome = (key: string) => shown.comparisons.find((c) => c.key === key)!;
    expect(outcome('dateOfBirth')).toMatchObject({ outcome: 'EXACT', level: 'exact' });
    expect(outcome('givenName')).toMatchObject({ outcome: 'CLOSE', level: 'variant' }); // Dai is a form of Dafydd
    expect(outcome('familyName')).toMatchObject({ outcome: 'DIFFERENT', level: 'different' });
    expect(outcome('postcode').outcome).toBe('DIFFERENT');
    expect(outcome('upn')).toMatchObject({ outcome: 'MISSING', weight: 0 });
    expect(outcome('dateOfBirth').weight).toBeGreaterThan(5);
    expect(outcome('familyName').weight).toBeLessThan(0);
    const sum = shown.comparisons.reduce((s, c) => s + c.weight, shown.prior);
    expect(shown.totalWeight).toBeCloseTo(sum, 1);
    expect(shown.comparisons.map((c) => c.key)).toEqual(pair.comparisons.map((c) => c.key));

    // The comparisons carry the hub's words only; the same values do appear where a record is released (admin).
    const words = JSON.stringify(shown.comparisons);
    for (const v of CAREERS_VALUES) expect(words).not.toContain(v);
    for (const v of ['Dafydd', 'Prys', 'CF24']) expect(words).not.toContain(v);
    const adminSide = JSON.stringify(sides(pair, careersId).it);
    expect(CAREERS_VALUES.filter((v) => adminSide.includes(v)).length).toBeGreaterThan(3);
  });

  it('under LINKAGE releases the names and contact details of both records of the pair, and nothing else', async () => {
    const linkage = await ask<{ matchCandidate: Candidate }>('epc.cardiff', 'LINKAGE', ONE, { id: pair.id }, { 'x-request-id': 'review-linkage-read' });
    expect(linkage.body.errors).toBeUndefined();
    const { it, other } = sides(linkage.body.data!.matchCandidate, careersId);
    expect(it).toMatchObject({ id: careersId, givenName: 'Dai', familyName: 'Hughes', dateOfBirth: '2008-05-17', postcode: 'NP20 1AB' });
    expect(other).toMatchObject({ id: schoolId, givenName: 'Dafydd' });
    // The tier stays withheld: the linkage clauses release identity and contact only.
    expect(it!.tierStatus).toBeNull();
    const redactions = (linkage.body.extensions?.['redactions'] ?? []) as Redaction[];
    expect(redactions).toContainEqual(expect.objectContaining({ category: 'TIER_STATUS', reason: 'PURPOSE_NOT_PERMITTED' }));
    expect(redactions.filter((r) => r.category === 'IDENTITY' || r.category === 'CONTACT')).toEqual([]);
    // The release is in the access log under LINKAGE, relying on the regional ISP.
    const [logged] = (await t.infra.ds.query(
      `SELECT e.purpose, e.released, e.agreements FROM access_event e JOIN source_record sr ON sr.person_id = e.person_id
        WHERE e.details::jsonb->>'clientRequestId' = 'review-linkage-read' AND sr.id = $1`,
      [careersId],
    )) as [{ purpose: string; released: string[]; agreements: string[] }];
    expect(logged.purpose).toBe('LINKAGE');
    expect(logged.released.some((f) => f.startsWith('IDENTITY.givenName'))).toBe(true);
    expect(logged.agreements).toContain('ISP-YEPF-REGIONAL@3');

    // The same pair under TRACKING: the Careers Wales record is not shown.
    const tracking = await ask<{ matchCandidate: Candidate }>('epc.cardiff', 'TRACKING', ONE, { id: pair.id });
    expect(sides(tracking.body.data!.matchCandidate, careersId).it).toBeNull();
  });

  it('LINKAGE stays inside the EPC role and the EPC’s own pairs', async () => {
    // An EPC of another LA has no pair with a record from its area: nothing to see, even under LINKAGE.
    const gwynedd = await ask<Queue>('epc.gwynedd', 'LINKAGE', QUEUE);
    expect(gwynedd.body.errors).toBeUndefined();
    expect(gwynedd.body.data!.matchReviewQueue.totalCount).toBe(0);
    const one = await ask('epc.gwynedd', 'LINKAGE', ONE, { id: pair.id });
    expect(one.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    // Only an EPC at a local authority (and the administrator) may declare LINKAGE; others are refused.
    expect(rolesMayUse(['EPC'], 'LOCAL_AUTHORITY', 'LINKAGE')).toBe(true);
    expect(rolesMayUse(['EPC'], 'SCHOOL', 'LINKAGE')).toBe(false);
    for (const role of ['LEAD_WORKER', 'PARTNER_SYSTEM', 'CW_ADVISER', 'PROVIDER_PASTORAL', 'IG_OFFICER', 'ANALYST'] as const) {
      expect(rolesMayUse([role], 'LOCAL_AUTHORITY', 'LINKAGE'), role).toBe(false);
    }
    for (const handle of ['leadworker.cardiff', 'school.cardiff']) {
      const res = await ask<{ matchCandidate: Candidate | null }>(handle, 'LINKAGE', ONE, { id: pair.id });
      expect(res.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect(res.body.data?.matchCandidate ?? null).toBeNull();
    }
  });

  it('refuses LINKAGE on any operation other than the review operations, naming the rule, and logs the refusal', async () => {
    const refused = await ask<{ youngPeople: unknown }>('epc.cardiff', 'LINKAGE', PEOPLE, {}, { 'x-request-id': 'review-linkage-people' });
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(refused.body.errors?.[0]?.message).toMatch(/LINKAGE.*youngPeople.*PURPOSE_LIMITED_TO_OPERATIONS/);
    expect(refused.body.data ?? null).toBeNull();
    const [row] = (await t.infra.ds.query(`SELECT event, outcome, purpose FROM access_event WHERE details::jsonb->>'clientRequestId' = 'review-linkage-people'`)) as [
      { event: string; outcome: string; purpose: string },
    ];
    expect(row).toEqual({ event: 'operation.refused', outcome: 'WITHHELD', purpose: 'LINKAGE' });
    // The same list under TRACKING is answered.
    const tracking = await ask<{ youngPeople: { totalCount: number } }>('epc.cardiff', 'TRACKING', PEOPLE);
    expect(tracking.body.errors).toBeUndefined();
    expect(tracking.body.data!.youngPeople.totalCount).toBeGreaterThan(0);

    // Another field cannot ride along with a review query, whatever the operation is called or however it is spelled.
    const riders = [
      `query { matchReviewQueue(first: 1) { totalCount } youngPeople(first: 1) { totalCount } }`,
      `query matchReviewQueue { youngPeople(first: 1) { totalCount } }`,
      `query { ...Q } fragment Q on Query { youngPeople(first: 1) { totalCount } }`,
      `query { ... on Query { listed: youngPeople(first: 1) { totalCount } } }`,
      `query { me { handle } }`,
    ];
    for (const query of riders) {
      const res = await ask('epc.cardiff', 'LINKAGE', query);
      expect(res.body.errors?.[0]?.extensions?.['code'], query).toBe('FORBIDDEN');
      expect(res.body.data ?? null, query).toBeNull();
    }
    // The review operations answer under LINKAGE, alone or together.
    const review = await ask<Queue>('epc.cardiff', 'LINKAGE', `query { matchReviewQueue(first: 1) { totalCount } __typename }`);
    expect(review.body.errors).toBeUndefined();
    expect(review.body.data!.matchReviewQueue.totalCount).toBe(2);
  });

  it('names only operations that exist in the schema', async () => {
    const schema = await getSchema();
    const roots = new Set([...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())]);
    const named = Object.values(PURPOSE_LIMITED_TO_OPERATIONS).flat();
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((op) => !roots.has(op))).toEqual([]);
  });

  it('lets the EPC decide the pair from the outcomes under TRACKING, with the decision in the access log', async () => {
    const res = await ask<{ confirmMatch: Candidate & { decisions: Array<{ kind: string; decidedBy: string }> } }>(
      'epc.cardiff',
      'TRACKING',
      CONFIRM,
      { input: { candidateId: pair.id, note: 'Same date of birth, Dai for Dafydd; surname changed' } },
      { 'x-request-id': 'review-confirm-tracking' },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.confirmMatch.status).toBe('CONFIRMED');
    expect(res.body.data!.confirmMatch.decisions).toEqual([{ kind: 'CONFIRM', decidedBy: 'epc.cardiff' }]);
    const p = await personsByReference(t.infra.ds, ['REV-SCH', 'REV-COL', 'REV-CW']);
    expect(new Set(p.values()).size).toBe(1);
    const logged = (await t.infra.ds.query(
      `SELECT event, purpose, person_id FROM access_event WHERE details::jsonb->>'clientRequestId' = 'review-confirm-tracking' AND event = 'match.confirmed'`,
    )) as Array<{ event: string; purpose: string; person_id: string }>;
    expect(logged).toEqual([{ event: 'match.confirmed', purpose: 'TRACKING', person_id: p.get('REV-SCH') }]);
  });

  it('drops a pair whose records are already one person from the queue and its count', async () => {
    // Confirming school ↔ Careers Wales put the Careers Wales record with the college record as well: the
    // college ↔ Careers Wales pair still says REVIEW, but there is nothing left to decide.
    const [stored] = (await t.infra.ds.query(
      `SELECT mc.status, a.person_id = b.person_id AS same FROM match_candidate mc
         JOIN source_record a ON a.id = mc.record_a_id JOIN source_record b ON b.id = mc.record_b_id WHERE mc.id = $1`,
      [sibling.id],
    )) as [{ status: string; same: boolean }];
    expect(stored).toEqual({ status: 'REVIEW', same: true });
    for (const purpose of ['TRACKING', 'LINKAGE']) {
      const res = await ask<Queue>('epc.cardiff', purpose, QUEUE);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.matchReviewQueue.totalCount).toBe(0);
      expect(res.body.data!.matchReviewQueue.edges.map((e) => e.node.id)).not.toContain(sibling.id);
    }
    const admin = await ask<Queue>('admin', 'TRACKING', QUEUE);
    expect(admin.body.data!.matchReviewQueue.totalCount).toBe(0);
    // Asked for by id, the pair is still there with its evidence (a rejection would still split the person).
    const one = await ask<{ matchCandidate: Candidate }>('epc.cardiff', 'TRACKING', ONE, { id: sibling.id });
    expect(one.body.data!.matchCandidate.status).toBe('REVIEW');
  });
});
