import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUln } from '../src/modules/identifiers/uln.js';
import { makeUpn } from '../src/modules/identifiers/upn.js';
import { registered } from './support/registered.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { stalePersonState } from './support/person-state.js';
import { personsByReference, resetMatching } from './support/matching.js';

const SUBMIT = registered('SubmitRecords');
const CANDIDATE_FIELDS = `id status reviewReason rule totalWeight prior probability conflict
  comparisons { key label level weight }
  recordA { id givenName familyName dateOfBirth provider { code } }
  recordB { id givenName familyName dateOfBirth provider { code } }
  decisions { kind decidedBy decidedAt note }`;
const QUEUE = `query { matchReviewQueue(first: 20) { totalCount edges { node { ${CANDIDATE_FIELDS} } } } }`;
const EVIDENCE = `query ($id: ID!) { personMatchEvidence(personId: $id) { ${CANDIDATE_FIELDS} } }`;

interface Candidate {
  id: string;
  status: string;
  reviewReason: string | null;
  rule: string;
  totalWeight: number;
  comparisons: Array<{ key: string; level: string; weight: number }>;
  recordA: { id: string; givenName: string | null; dateOfBirth: string | null; provider: { code: string } } | null;
  recordB: { id: string; givenName: string | null; dateOfBirth: string | null; provider: { code: string } } | null;
  decisions: Array<{ kind: string; decidedBy: string; decidedAt: string; note: string | null }>;
}

describe('matching: links, evidence, review and reversible decisions', () => {
  let t: TestApi;
  const tokens: Record<string, string> = {};
  const upn = makeUpn(681, 4200, 21, 11);
  const uln = makeUln('512345678')!;

  const submit = async (handle: string, records: Array<Record<string, unknown>>): Promise<string> => {
    const res = await gql<{ submitRecords: { id: string; rejectedRows: number } }>(t.url, SUBMIT, { token: tokens[handle], variables: { input: { records } } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.submitRecords.rejectedRows).toBe(0);
    const id = res.body.data!.submitRecords.id;
    await t.infra.services.matching.processQueue(id);
    return id;
  };
  const persons = (refs: string[]) => personsByReference(t.infra.ds, refs);
  // Reviewing shows personal data: it declares why (resolving unknown or doubtful identities).
  const as = <T>(handle: string, query: string, variables: Record<string, unknown> = {}) =>
    gql<T>(t.url, query, { token: tokens[handle], purpose: 'UNKNOWN_RESOLUTION', variables });

  beforeAll(async () => {
    t = await startTestApi();
    await resetMatching();
    for (const h of ['admin', 'epc.cardiff', 'epc.gwynedd', 'school.cardiff', 'college.cardiff', 'voluntary.cardiff']) tokens[h] = await tokenFor(t.infra, h);
  });
  afterAll(async () => {
    await t.close();
  });

  it('links "Siân Ap-Rhys" at school with "Sian Aprhys" at college, day and month swapped, and explains why', async () => {
    await submit('school.cardiff', [{ partnerReference: 'SCH-1', givenName: 'Siân', familyName: 'Ap-Rhys', dateOfBirth: '2009-03-04', sex: 'F', postcode: 'CF10 1AA', upn }]);
    await submit('college.cardiff', [{ partnerReference: 'COL-1', givenName: 'Sian', familyName: 'Aprhys', dateOfBirth: '2009-04-03', sex: 'F', postcode: 'cf101aa', uln }]);
    const p = await persons(['SCH-1', 'COL-1']);
    expect(p.get('SCH-1')).toBeTruthy();
    expect(p.get('COL-1')).toBe(p.get('SCH-1'));

    const res = await as<{ personMatchEvidence: Candidate[] }>('admin', EVIDENCE, { id: p.get('SCH-1') });
    expect(res.body.errors).toBeUndefined();
    const [link] = res.body.data!.personMatchEvidence;
    expect(link).toMatchObject({ status: 'LINKED', rule: 'SCORED' });
    const level = (key: string) => link!.comparisons.find((c) => c.key === key)!;
    expect(level('givenName').level).toBe('exact');
    expect(level('familyName').level).toBe('exact');
    expect(level('dateOfBirth').level).toBe('day/month swapped');
    expect(level('dateOfBirth').weight).toBeGreaterThan(0);
    expect(level('upn').level).toBe('missing');
    const sum = link!.comparisons.reduce((s, c) => s + c.weight, 0);
    expect(link!.totalWeight).toBeCloseTo(sum + (res.body.data!.personMatchEvidence[0] as unknown as { prior: number }).prior, 0);
    expect([link!.recordA!.givenName, link!.recordB!.givenName].sort()).toEqual(['Sian', 'Siân']);
  });

  it('puts an uncertain pair in the review queue of the EPC, showing only what the EPC may see', async () => {
    await submit('voluntary.cardiff', [{ partnerReference: 'VOL-1', givenName: 'Sian', familyName: 'Rees' }]);
    const epc = await as<{ matchReviewQueue: { totalCount: number; edges: Array<{ node: Candidate }> } }>('epc.cardiff', QUEUE);
    expect(epc.body.errors).toBeUndefined();
    const pairs = epc.body.data!.matchReviewQueue.edges.map((e) => e.node);
    expect(pairs.length).toBeGreaterThan(0);
    const admin = await as<{ matchReviewQueue: { edges: Array<{ node: Candidate }> } }>('admin', QUEUE);
    const same = admin.body.data!.matchReviewQueue.edges.map((e) => e.node).find((c) => [c.recordA?.provider.code, c.recordB?.provider.code].includes('voluntary.youth-links-cardiff'))!;
    expect([same.recordA!.givenName, same.recordB!.givenName]).toContain('Sian');
    const pair = pairs.find((c) => c.id === same.id)!;
    expect(pair.status).toBe('REVIEW');
    expect(pair.reviewReason).toBe('NAMES_ONLY');
    expect(pair.comparisons.find((c) => c.key === 'familyName')!.level).toBe('other form');
    // The EPC sees the evidence, and each record as the sharing rules allow: nothing of the voluntary body's
    // record is released without the young person's consent, so it is not shown at all (not even its
    // provider); the other side is released.
    const volIsA = same.recordA!.provider.code === 'voluntary.youth-links-cardiff';
    const [vol, known] = volIsA ? [pair.recordA, pair.recordB] : [pair.recordB, pair.recordA];
    expect(vol).toBeNull();
    expect(known!.givenName).not.toBeNull();
    expect(known!.provider.code).toBeTruthy();
    const redactions = (epc.body.extensions?.['redactions'] ?? []) as Array<{ reason: string }>;
    expect(redactions.map((r) => r.reason)).not.toContain('CONSENT_REQUIRED');

    const other = await as<{ matchReviewQueue: { totalCount: number } }>('epc.gwynedd', QUEUE);
    expect(other.body.data!.matchReviewQueue.totalCount).toBe(0);
    const school = await as('school.cardiff', QUEUE);
    expect(school.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('records who confirmed a pair and when, and joins the records', async () => {
    const queue = await as<{ matchReviewQueue: { edges: Array<{ node: Candidate }> } }>('epc.cardiff', QUEUE);
    const pair = queue.body.data!.matchReviewQueue.edges.map((e) => e.node).find((c) => c.recordA === null || c.recordB === null)!;
    // The voluntary body's person has a consent on the ledger: it must follow the record into the merged person.
    const volPerson = (await persons(['VOL-1'])).get('VOL-1')!;
    await t.infra.ds.query(
      `INSERT INTO consent_event (person_id, kind, recipient_kind, given_by, evidence_reference, recorded_by)
       SELECT $1, 'GIVEN', 'LOCAL_AUTHORITY', 'YOUNG_PERSON', 'merge-follow-test', id FROM principal WHERE handle = 'voluntary.cardiff'`,
      [volPerson],
    );
    const res = await as<{ confirmMatch: Candidate }>('epc.cardiff', `mutation ($input: DecideMatchInput!) { confirmMatch(input: $input) { ${CANDIDATE_FIELDS} } }`, {
      input: { candidateId: pair.id, note: 'Same young person: confirmed with the youth worker' },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.confirmMatch.status).toBe('CONFIRMED');
    expect(res.body.data!.confirmMatch.decisions).toEqual([
      expect.objectContaining({ kind: 'CONFIRM', decidedBy: 'epc.cardiff', note: 'Same young person: confirmed with the youth worker' }),
    ]);
    const p = await persons(['SCH-1', 'COL-1', 'VOL-1']);
    expect(new Set(p.values()).size).toBe(1);
    // The decision is in the access log, written in the same transaction, about the merged person.
    const logged = (await t.infra.ds.query(
      `SELECT person_id FROM access_event WHERE event = 'match.confirmed' AND details::text LIKE '%' || $1 || '%'`,
      [pair.id],
    )) as Array<{ person_id: string }>;
    expect(logged.map((r) => r.person_id)).toEqual([p.get('SCH-1')]);
    const [consent] = (await t.infra.ds.query(`SELECT person_id FROM consent_event WHERE evidence_reference = 'merge-follow-test'`)) as [{ person_id: string }];
    expect(consent.person_id).toBe(p.get('SCH-1'));
    if (volPerson !== p.get('SCH-1')) {
      expect(await t.infra.ds.query('SELECT id FROM young_person WHERE id = $1', [volPerson])).toEqual([]);
    }
    // The stored facts followed the merge (triggers), exactly as derived afresh.
    expect(await stalePersonState(t.infra.ds)).toBe(0);
    // The ledger's content stays immutable: only the person it belongs to may change.
    await expect(t.infra.ds.query(`UPDATE consent_event SET kind = 'REFUSED' WHERE evidence_reference = 'merge-follow-test'`)).rejects.toThrow(/append-only/);
  });

  it('splits a wrongly merged person; later automatic runs keep them apart', async () => {
    const before = await persons(['SCH-1', 'COL-1', 'VOL-1']);
    const personId = before.get('SCH-1')!;
    const [{ id: colId }] = (await t.infra.ds.query(`SELECT id FROM source_record WHERE partner_reference = 'COL-1'`)) as [{ id: string }];
    const res = await as<{ splitPerson: { personId: string; newPersonId: string } }>(
      'epc.cardiff',
      'mutation ($input: SplitPersonInput!) { splitPerson(input: $input) { personId newPersonId decisionId } }',
      { input: { personId, sourceRecordIds: [colId], note: 'College learner is a different Siân' } },
    );
    expect(res.body.errors).toBeUndefined();
    const after = await persons(['SCH-1', 'COL-1', 'VOL-1']);
    expect(after.get('SCH-1')).toBe(personId); // the rest keeps its id
    expect(after.get('VOL-1')).toBe(personId);
    expect(after.get('COL-1')).toBe(res.body.data!.splitPerson.newPersonId);
    expect(after.get('COL-1')).not.toBe(personId);

    // The college sends a newer version; the matcher scores it again and still respects the split.
    await submit('college.cardiff', [{ partnerReference: 'COL-1', givenName: 'Sian', familyName: 'Aprhys', dateOfBirth: '2009-04-03', sex: 'F', postcode: 'CF10 1AA', uln, phone: '07700 900123' }]);
    const rerun = await persons(['SCH-1', 'COL-1']);
    expect(rerun.get('COL-1')).not.toBe(rerun.get('SCH-1'));
    const [{ status }] = (await t.infra.ds.query(
      `SELECT mc.status FROM match_candidate mc JOIN source_record a ON a.id = mc.record_a_id JOIN source_record b ON b.id = mc.record_b_id
        WHERE a.partner_reference IN ('SCH-1','COL-1') AND b.partner_reference IN ('SCH-1','COL-1')`,
    )) as [{ status: string }];
    expect(status).toBe('REJECTED');
    const [{ n }] = (await t.infra.ds.query(`SELECT count(*)::int AS n FROM person_lineage WHERE from_person_id = $1 AND kind = 'SPLIT'`, [personId])) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('rejecting a pair separates its records for good, and confirming it again with overrule rejoins them', async () => {
    await submit('school.cardiff', [{ partnerReference: 'SCH-2', givenName: 'Gethin', familyName: 'Llywelyn', dateOfBirth: '2008-11-21', sex: 'M', postcode: 'CF14 2AB' }]);
    await submit('college.cardiff', [{ partnerReference: 'COL-2', givenName: 'Geth', familyName: 'Llywelyn', dateOfBirth: '2008-11-21', sex: 'M', postcode: 'CF14 2AB' }]);
    expect(new Set((await persons(['SCH-2', 'COL-2'])).values()).size).toBe(1);
    const [{ id }] = (await t.infra.ds.query(
      `SELECT mc.id FROM match_candidate mc JOIN source_record a ON a.id = mc.record_a_id JOIN source_record b ON b.id = mc.record_b_id
        WHERE a.partner_reference IN ('SCH-2','COL-2') AND b.partner_reference IN ('SCH-2','COL-2')`,
    )) as [{ id: string }];
    const decide = (kind: 'rejectMatch' | 'confirmMatch', overrule?: boolean) =>
      as<Record<string, Candidate>>('epc.cardiff', `mutation ($input: DecideMatchInput!) { ${kind}(input: $input) { status decisions { kind decidedBy } } }`, {
        input: { candidateId: id, ...(overrule === undefined ? {} : { overrule }) },
      });
    expect((await decide('rejectMatch')).body.data!['rejectMatch']!.status).toBe('REJECTED');
    expect(new Set((await persons(['SCH-2', 'COL-2'])).values()).size).toBe(2);
    await submit('school.cardiff', [{ partnerReference: 'SCH-2', givenName: 'Gethin', familyName: 'Llywelyn', dateOfBirth: '2008-11-21', sex: 'M', postcode: 'CF14 2AB', phone: '07700 900999' }]);
    expect(new Set((await persons(['SCH-2', 'COL-2'])).values()).size).toBe(2);
    // Deciding a rejected pair the other way is refused unless the earlier decision is overruled on purpose.
    const refused = await decide('confirmMatch');
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'overrule' });
    expect(new Set((await persons(['SCH-2', 'COL-2'])).values()).size).toBe(2);
    const confirmed = await decide('confirmMatch', true);
    expect(confirmed.body.data!['confirmMatch']!.decisions.map((d) => d.kind)).toEqual(['REJECT', 'CONFIRM']);
    expect(new Set((await persons(['SCH-2', 'COL-2'])).values()).size).toBe(1);
  });

  it("finds duplicates inside one partner's own data, except in a register, whose two records are two people until an EPC says otherwise", async () => {
    const pair = (prefix: string) => [
      { partnerReference: `${prefix}-1`, givenName: 'Llŷr', familyName: 'Ab Owen', dateOfBirth: '2011-02-07', sex: 'M', postcode: 'CF5 1AA' },
      { partnerReference: `${prefix}-2`, givenName: 'Llyr', familyName: 'ab-owen', dateOfBirth: '2011-07-02', sex: 'M', postcode: 'cf51aa' },
    ];
    await submit('voluntary.cardiff', pair('VOL-DUP'));
    const p = await persons(['VOL-DUP-1', 'VOL-DUP-2']);
    expect(p.get('VOL-DUP-1')).toBeTruthy();
    expect(p.get('VOL-DUP-2')).toBe(p.get('VOL-DUP-1'));

    // The school roll holds each pupil once (organisation.unique_per_person): its two records stay two people and
    // the pair waits for review, saying why.
    await submit('school.cardiff', pair('SCH-DUP'));
    const s = await persons(['SCH-DUP-1', 'SCH-DUP-2', 'VOL-DUP-1']);
    expect(s.get('SCH-DUP-1')).toBeTruthy();
    expect(s.get('SCH-DUP-2')).not.toBe(s.get('SCH-DUP-1'));
    const [held] = (await t.infra.ds.query(
      `SELECT mc.status, mc.conflict FROM match_candidate mc JOIN source_record a ON a.id = mc.record_a_id JOIN source_record b ON b.id = mc.record_b_id
        WHERE a.partner_reference LIKE 'SCH-DUP-%' AND b.partner_reference LIKE 'SCH-DUP-%'`,
    )) as Array<{ status: string; conflict: string | null }>;
    expect(held).toEqual({ status: 'REVIEW', conflict: 'SAME_SOURCE' });
  });

  it('keeps twins two people: one household, different given names and sex; the pair waits for review as LIKELY_TWINS', async () => {
    const household = { familyName: 'Llewellyn-Price', dateOfBirth: '2010-06-15', postcode: 'CF24 3AB', addressLine: '7 Heol Gabalfa' };
    await submit('voluntary.cardiff', [
      { partnerReference: 'TWIN-1', givenName: 'Megan', sex: 'F', ...household },
      { partnerReference: 'TWIN-2', givenName: 'Rhys', sex: 'M', ...household },
    ]);
    const p = await persons(['TWIN-1', 'TWIN-2']);
    expect(p.get('TWIN-1')).toBeTruthy();
    expect(p.get('TWIN-2')).toBeTruthy();
    expect(p.get('TWIN-2')).not.toBe(p.get('TWIN-1'));
    const { body } = await as<{ matchReviewQueue: { edges: Array<{ node: Candidate }> } }>('epc.cardiff', `{ matchReviewQueue(first: 50) { edges { node { ${CANDIDATE_FIELDS} } } } }`);
    const held = body.data!.matchReviewQueue.edges.map((e) => e.node).filter((c) => c.reviewReason === 'LIKELY_TWINS');
    expect(held).toHaveLength(1);
    expect(held[0]!.totalWeight).toBeGreaterThan(0); // heavy enough to link, were they not twins
  });

  it('matches one new record against the existing population without re-running the rest', async () => {
    const before = (await t.infra.ds.query('SELECT max(standardised_at)::text AS at FROM match_record')) as [{ at: string }];
    const res = await gql<{ submitRecords: { id: string } }>(t.url, SUBMIT, {
      token: tokens['voluntary.cardiff'],
      variables: { input: { records: [{ partnerReference: 'VOL-2', givenName: 'Gethin', familyName: 'Llywelyn', dateOfBirth: '2008-11-21', postcode: 'CF14 2AB' }] } },
    });
    const stats = await t.infra.services.matching.processQueue(res.body.data!.submitRecords.id);
    expect(stats.records).toBe(1);
    const after = (await t.infra.ds.query('SELECT count(*)::int AS n FROM match_record WHERE standardised_at > $1::timestamptz', [before[0].at])) as [{ n: number }];
    expect(after[0].n).toBe(1);
    const p = await persons(['SCH-2', 'COL-2', 'VOL-2']);
    expect(p.get('VOL-2')).toBe(p.get('SCH-2'));
  });
});
