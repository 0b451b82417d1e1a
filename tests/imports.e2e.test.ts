import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUpn } from '../src/modules/identifiers/upn.js';
import { DEMO_ORG_CODES } from '../src/modules/organisations/organisations.data.js';
import { registered } from './support/registered.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { personsByReference, resetMatching } from './support/matching.js';

const SUBMIT = registered('SubmitRecords');
const IMPORT = registered('Import');

interface Imported {
  id: string;
  status: string;
  totalRows: number;
  createdRows: number;
  updatedRows: number;
  unchangedRows: number;
  rejectedRows: number;
  queuedForMatching: number;
  matchedRecords: number;
  provider: { code: string };
  rows: Array<{ rowNumber: number; outcome: string; sourceRecordId: string | null; errors: Array<{ field: string; reason: string }>; warnings: Array<{ field: string }> }>;
}

describe('partner submissions over HTTP', () => {
  let t: TestApi;
  let school: string;
  const upn = makeUpn(681, 4123, 21, 7);
  const record = (ref: string, extra: Record<string, unknown> = {}) => ({
    partnerReference: ref, givenName: 'Siân', familyName: 'Ap-Rhys', dateOfBirth: '2010-03-04', sex: 'F', postcode: 'CF10 1AA', upn, ...extra,
  });
  const submit = async (records: unknown[], token = school) => gql<{ submitRecords: Imported }>(t.url, SUBMIT, { token, variables: { input: { records } } });

  beforeAll(async () => {
    t = await startTestApi();
    await resetMatching();
    school = await tokenFor(t.infra, 'school.cardiff');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lands every row with something to identify someone, bad fields set aside with warnings; rejects the rest with row number, field and reason', async () => {
    const res = await submit([
      record('IMP-1'),
      { partnerReference: 'IMP-2', givenName: 'Osian', dateOfBirth: '2010-13-01', email: 'osian@', sex: 'boy?' },
      { givenName: 'Cerys', familyName: 'Evans' },
      record('IMP-1', { givenName: 'Sian' }),
      { partnerReference: 'IMP-5', givenName: 'Tomos', familyName: 'Lloyd', postcode: '4223' },
      { partnerReference: 'IMP-6', givenName: '42', dateOfBirth: '2099-01-01' },
    ]);
    expect(res.body.errors).toBeUndefined();
    const imp = res.body.data!.submitRecords;
    expect(imp).toMatchObject({ provider: { code: DEMO_ORG_CODES.cardiffSchool }, totalRows: 6, createdRows: 3, rejectedRows: 3, queuedForMatching: 3 });
    expect(imp.rows.map((r) => [r.rowNumber, r.outcome])).toEqual([[1, 'CREATED'], [2, 'CREATED'], [3, 'REJECTED'], [4, 'REJECTED'], [5, 'CREATED'], [6, 'REJECTED']]);
    expect(imp.rows[1]!.warnings).toEqual([
      { field: 'dateOfBirth', reason: 'is not a real calendar date; kept as written and compared digit by digit' },
      { field: 'sex', reason: 'is not a sex code the hub knows (F, M or X); dropped' },
      { field: 'email', reason: 'is not an email address; dropped' },
    ]);
    expect(imp.rows[2]!.errors).toEqual([{ field: 'partnerReference', reason: 'is required' }]);
    expect(imp.rows[3]!.errors[0]).toEqual({ field: 'partnerReference', reason: 'repeats the reference of row 1 in this batch' });
    expect(imp.rows[4]!.warnings.map((w) => w.field)).toEqual(['postcode']);
    expect(imp.rows[5]!.errors).toEqual([{ field: 'identity', reason: 'nothing usable to identify anyone: no usable name, identifier or date of birth' }]);
    const landed = (await t.infra.ds.query(
      `SELECT partner_reference AS ref, date_of_birth_text AS text, email, sex FROM source_record WHERE partner_reference LIKE 'IMP-%' ORDER BY 1`,
    )) as Array<{ ref: string; text: string | null; email: string | null; sex: string | null }>;
    expect(landed.map((r) => r.ref)).toEqual(['IMP-1', 'IMP-2', 'IMP-5']);
    expect(landed[1]).toEqual({ ref: 'IMP-2', text: '2010-13-01', email: null, sex: null });

    const again = await gql<{ import: { rows: Array<{ rowNumber: number }> } }>(t.url, IMPORT, { token: school, variables: { id: imp.id, problemsOnly: true } });
    expect(again.body.data!.import.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 6]);
  });

  it('is idempotent: the same record again changes nothing and queues nothing', async () => {
    const res = await submit([record('IMP-1')]);
    expect(res.body.data!.submitRecords).toMatchObject({ createdRows: 0, updatedRows: 0, unchangedRows: 1, queuedForMatching: 0, status: 'DONE' });
    const [{ n }] = (await t.infra.ds.query(`SELECT count(*)::int AS n FROM source_record WHERE partner_reference = 'IMP-1'`)) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('matches the import, then a newer version updates the record and re-matches it', async () => {
    const first = await submit([record('IMP-10', { upn: null, givenName: 'Gethin', familyName: 'Pritchard', dateOfBirth: '2009-05-06' })]);
    const id = first.body.data!.submitRecords.id;
    await t.infra.services.matching.processQueue(id);
    const matched = await gql<{ import: { status: string; matchedRecords: number } }>(t.url, IMPORT, { token: school, variables: { id } });
    expect(matched.body.data!.import).toMatchObject({ status: 'DONE', matchedRecords: 1 });
    const person = (await personsByReference(t.infra.ds, ['IMP-10'])).get('IMP-10');
    expect(person).toBeTruthy();

    const newer = await submit([record('IMP-10', { upn: null, givenName: 'Gethin', familyName: 'Pritchard', dateOfBirth: '2009-05-06', postcode: 'CF14 3UZ' })]);
    expect(newer.body.data!.submitRecords).toMatchObject({ updatedRows: 1, queuedForMatching: 1, status: 'MATCHING' });
    const [{ version }] = (await t.infra.ds.query(`SELECT version FROM source_record WHERE partner_reference = 'IMP-10'`)) as [{ version: number }];
    expect(version).toBe(2);
    await t.infra.services.matching.processQueue(newer.body.data!.submitRecords.id);
    const [{ v }] = (await t.infra.ds.query(
      `SELECT mr.version AS v FROM match_record mr JOIN source_record sr ON sr.id = mr.source_record_id WHERE sr.partner_reference = 'IMP-10'`,
    )) as [{ v: number }];
    expect(v).toBe(2);
    expect((await personsByReference(t.infra.ds, ['IMP-10'])).get('IMP-10')).toBe(person);

    const stale = await submit([record('IMP-10', { version: 2, givenName: 'Geth' })]);
    expect(stale.body.data!.submitRecords.rows[0]!.errors).toEqual([{ field: 'version', reason: 'is not newer than the version the hub holds (2)' }]);
  });

  it('queues the matching job with ids only and a deterministic id', async () => {
    const res = await submit([record('IMP-20', { upn: null, givenName: 'Nia' })]);
    const importId = res.body.data!.submitRecords.id;
    const [run] = (await t.infra.ds.query(`SELECT id, name, subject_id FROM job_run WHERE subject_id = $1`, [importId])) as Array<{ id: string; name: string }>;
    expect(run).toMatchObject({ name: 'matching.import' });
    const job = await t.infra.queues.get('matching').getJob(run!.id);
    expect(job?.data).toEqual({ jobRunId: run!.id });
    const { uuidFromName } = await import('../src/modules/matching/uuid.js');
    expect(run!.id).toBe(uuidFromName(`matching.import:${importId}:1`));
  });

  it('limits the batch size and refuses principals that are not partner systems', async () => {
    const max = t.infra.services.matching.config.importMaxBatch;
    const big = await submit(Array.from({ length: max + 1 }, (_, i) => record(`BIG-${i}`)));
    expect(big.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'records' });
    const epc = await submit([record('IMP-30')], await tokenFor(t.infra, 'epc.cardiff'));
    expect(epc.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it("lists the partner's own imports newest first, a page at a time, each with its rows' outcomes; never another partner's", async () => {
    const college = await tokenFor(t.infra, 'college.cardiff');
    const ours: string[] = [];
    for (let i = 0; i < 3; i++) ours.unshift((await submit([record(`IMP-LIST-${i}`, { upn: null })])).body.data!.submitRecords.id);
    const theirs = (await submit([record('IMP-LIST-C', { upn: null })], college)).body.data!.submitRecords.id;
    type Page = { imports: { edges: Array<{ cursor: string; node: { id: string; status: string; problems?: unknown[] } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const page = (token: string, variables: Record<string, unknown>) => gql<Page>(t.url, registered('Imports'), { token, variables });
    const first = await page(school, { first: 2 });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.imports.edges.map((e) => e.node.id)).toEqual(ours.slice(0, 2));
    expect(first.body.data!.imports.pageInfo.hasNextPage).toBe(true);
    const second = await page(school, { first: 2, after: first.body.data!.imports.pageInfo.endCursor });
    expect(second.body.data!.imports.edges[0]!.node.id).toBe(ours[2]);
    // Every import the school ever made, and none of the college's; the college sees its own only.
    const all: string[] = [];
    let after: string | null = null;
    do {
      const res: { body: { data?: Page | null } } = await page(school, { first: 100, after });
      all.push(...res.body.data!.imports.edges.map((e) => e.node.id));
      after = res.body.data!.imports.pageInfo.hasNextPage ? res.body.data!.imports.pageInfo.endCursor : null;
    } while (after);
    const [{ n }] = (await t.infra.ds.query(
      `SELECT count(*)::int AS n FROM import_batch WHERE provider_organisation_id = (SELECT id FROM organisation WHERE code = $1)`,
      [DEMO_ORG_CODES.cardiffSchool],
    )) as [{ n: number }];
    expect(all).toHaveLength(n);
    expect(new Set(all).size).toBe(n);
    expect(all).not.toContain(theirs);
    expect((await page(college, { first: 100 })).body.data!.imports.edges.map((e) => e.node.id)).toContain(theirs);
    expect((await page(college, { first: 100 })).body.data!.imports.edges.map((e) => e.node.id)).not.toContain(ours[0]);
    // The school's data manager sees what its system sent; a filter by status; the problems of each import on request.
    const manager = await page(await tokenFor(t.infra, 'school.cardiff.datamanager'), { first: 3, status: 'MATCHING', withProblems: true });
    expect(manager.body.errors).toBeUndefined();
    expect(manager.body.data!.imports.edges.length).toBeGreaterThan(0);
    for (const e of manager.body.data!.imports.edges) expect(e.node).toMatchObject({ status: 'MATCHING', problems: expect.any(Array) });
    // A cursor the list did not make, a page too large, an unknown status: named.
    for (const [variables, field] of [[{ after: 'bm9wZQ' }, 'after'], [{ first: 101 }, 'first'], [{ status: 'LOST' }, 'status']] as const) {
      const bad = await page(school, variables);
      expect(bad.body.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('gives the rejected rows as CSV (row, field, reason), never the values sent, so a data manager can fix and resend', async () => {
    const res = await submit([
      record('IMP-CSV-1'),
      // Nothing usable to identify anyone once its bad fields are set aside: the one kind of bad row still rejected.
      { partnerReference: 'IMP-CSV-2', givenName: '***', dateOfBirth: 'not known', email: 'osian-at-example' },
      { givenName: 'Cerys', familyName: 'R2D2' },
      record('IMP-CSV-4', { upn: null, postcode: '4223' }),
    ]);
    const id = res.body.data!.submitRecords.id;
    const manager = await tokenFor(t.infra, 'school.cardiff.datamanager');
    const csv = await gql<{ import: { rejectedRows: number; rejectedRowsCsv: string } }>(t.url, registered('ImportRejectedRows'), { token: manager, variables: { id } });
    expect(csv.body.errors).toBeUndefined();
    expect(csv.body.data!.import.rejectedRows).toBe(2);
    expect(csv.body.data!.import.rejectedRowsCsv).toBe(
      [
        'row,field,reason',
        '2,identity,"nothing usable to identify anyone: no usable name, identifier or date of birth"',
        '3,partnerReference,is required',
        '',
      ].join('\n'),
    );
    for (const value of ['not known', 'osian-at-example', 'R2D2', 'Cerys', '4223']) expect(csv.body.data!.import.rejectedRowsCsv).not.toContain(value);
    const capped = await gql<{ import: { rejectedRowsCsv: string } }>(t.url, registered('ImportRejectedRows'), { token: manager, variables: { id, max: 1 } });
    expect(capped.body.data!.import.rejectedRowsCsv.trim().split('\n')).toHaveLength(2);
    const other = await gql(t.url, registered('ImportRejectedRows'), { token: await tokenFor(t.infra, 'college.cardiff'), variables: { id } });
    expect(other.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it("does not show one partner's import to another", async () => {
    const res = await submit([record('IMP-40', { upn: null })]);
    const other = await gql(t.url, IMPORT, { token: await tokenFor(t.infra, 'college.cardiff'), variables: { id: res.body.data!.submitRecords.id } });
    expect(other.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });
});
