import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_CODES as ORG } from '../src/modules/organisations/organisations.data.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { registered } from './support/registered.js';
import { runImport } from './support/import-cli.js';
import { resetMatching } from './support/matching.js';

// Issue 9 item 7: "One school's near-duplicate records put 29,494 pairs in one EPC's review queue." An import may
// add at most REVIEW_QUEUE_MAX_PER_IMPORT new review pairs of each kind (among the partner's own records; with
// another organisation's); the rest are held back, every record is kept, and the partner is told how many of its
// own were held, never anything about other organisations' records.

const LIMIT = 20;
const SUBMIT = registered('SubmitRecords');
const IMPORT = registered('Import'); // partner systems send registered operations only

interface ImportView {
  status: string;
  totalRows: number;
  createdRows: number;
  rejectedRows: number;
  queuedForMatching: number;
  matchedRecords: number;
  warnings: Array<{ code: string; count: number; message: string }>;
}

/** Records with one name and nothing else to tell them apart: every two of them are a pair for review. */
const lookAlikes = (prefix: string, count: number, givenName: string, familyName: string) =>
  Array.from({ length: count }, (_, i) => ({ partnerReference: `${prefix}-${i}`, givenName, familyName, sex: 'F' }));

/** n choose 2. */
const pairsOf = (n: number): number => (n * (n - 1)) / 2;

describe('the review queue is bounded per import', () => {
  let t: TestApi;
  const tokens: Record<string, string> = {};
  let schoolId: string;

  const submit = async (handle: string, records: unknown[]): Promise<string> => {
    const res = await gql<{ submitRecords: { id: string; createdRows: number } }>(t.url, SUBMIT, { token: tokens[handle], variables: { input: { records } } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.submitRecords.createdRows).toBe(records.length);
    return res.body.data!.submitRecords.id;
  };
  const importView = async (id: string, handle = 'school.cardiff'): Promise<ImportView> => {
    const res = await gql<{ import: ImportView }>(t.url, IMPORT, { token: tokens[handle], variables: { id } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.import;
  };
  /** The review pairs waiting that involve these records, by whether both records are the school's. */
  const waiting = async (prefix: string): Promise<{ own: number; other: number }> => {
    const [row] = (await t.infra.ds.query(
      `SELECT count(*) FILTER (WHERE a.provider_organisation_id = $2 AND b.provider_organisation_id = $2)::int AS own,
              count(*) FILTER (WHERE a.provider_organisation_id <> b.provider_organisation_id)::int AS other
         FROM match_candidate mc JOIN source_record a ON a.id = mc.record_a_id JOIN source_record b ON b.id = mc.record_b_id
        WHERE mc.status = 'REVIEW' AND (a.partner_reference LIKE $1 OR b.partner_reference LIKE $1)`,
      [`${prefix}-%`, schoolId],
    )) as [{ own: number; other: number }];
    return row;
  };
  /** Every record of a batch is there, each linked to a young person: none was lost for want of a review. */
  const recordsOf = async (prefix: string): Promise<{ records: number; linked: number; people: number }> => {
    const [row] = (await t.infra.ds.query(
      `SELECT count(*)::int AS records, count(person_id)::int AS linked, count(DISTINCT person_id)::int AS people
         FROM source_record WHERE partner_reference LIKE $1`,
      [`${prefix}-%`],
    )) as [{ records: number; linked: number; people: number }];
    return row;
  };
  const heldRows = async (importId: string) =>
    (await t.infra.ds.query(
      `SELECT details::jsonb AS change, provider_ids FROM access_event WHERE event = 'review.pairs_held' AND details::jsonb->>'importId' = $1
        ORDER BY details::jsonb->>'kind'`,
      [importId],
    )) as Array<{ change: Record<string, unknown>; provider_ids: string[] }>;

  beforeAll(async () => {
    t = await startTestApi({ REVIEW_QUEUE_MAX_PER_IMPORT: String(LIMIT) });
    await resetMatching();
    for (const h of ['school.cardiff', 'cw.system', 'epc.cardiff']) tokens[h] = await tokenFor(t.infra, h);
    [{ id: schoolId }] = (await t.infra.ds.query('SELECT id FROM organisation WHERE code = $1', [ORG.cardiffSchool])) as [{ id: string }];
  });
  afterAll(async () => {
    await t.close();
  });

  it('a flooding batch over HTTP: pairs beyond the limit are held back, the partner is told how many of its own, every record is kept', async () => {
    // Careers Wales already holds three records that look like the school's.
    const cw = await submit('cw.system', lookAlikes('FLOODCW', 3, 'Siân', 'Ap-Rhys'));
    await t.infra.services.matching.processQueue(cw);
    const school = await submit('school.cardiff', lookAlikes('FLOOD', 30, 'Siân', 'Ap-Rhys'));
    await t.infra.services.matching.processQueue(school);

    // 435 pairs among the school's own 30 records and 90 with Careers Wales's: 20 of each kind wait for review.
    expect(await waiting('FLOOD')).toEqual({ own: LIMIT, other: LIMIT });
    const queue = await gql<{ matchReviewQueue: { totalCount: number } }>(t.url, '{ matchReviewQueue(first: 1) { totalCount } }', {
      token: tokens['epc.cardiff'],
      purpose: 'LINKAGE',
    });
    expect(queue.body.data!.matchReviewQueue.totalCount).toBe(2 * LIMIT);

    const view = await importView(school);
    expect(view).toMatchObject({ status: 'DONE', totalRows: 30, createdRows: 30, rejectedRows: 0, queuedForMatching: 30, matchedRecords: 30 });
    const held = pairsOf(30) - LIMIT;
    expect(view.warnings).toEqual([{ code: 'REVIEW_QUEUE_FULL', count: held, message: expect.stringContaining(`${held} possible duplicate pairs`) as string }]);
    expect(view.warnings[0]!.message).toMatch(/at most 20 \(REVIEW_QUEUE_MAX_PER_IMPORT\)/);
    expect(view.warnings[0]!.message).not.toMatch(/Siân|Ap-Rhys|FLOOD/);
    // Careers Wales's three had nothing held: no warning for it.
    expect((await importView(cw, 'cw.system')).warnings).toEqual([]);

    // Every record landed and stands as a young person of its own (review pairs never link).
    expect(await recordsOf('FLOOD')).toEqual({ records: 30, linked: 30, people: 30 });

    // The access log has both counts, written by the matching job: the school's IG sees its own; only
    // administrators see how many other organisations' records resembled the school's.
    expect(await heldRows(school)).toEqual([
      { change: { importId: school, kind: 'OTHER_ORGANISATIONS', held: 3 * 30 - LIMIT, limit: LIMIT }, provider_ids: [] },
      { change: { importId: school, kind: 'OWN_RECORDS', held, limit: LIMIT }, provider_ids: [schoolId] },
    ]);
  });

  it("the partner's message depends on its own records only: the same batch with no look-alikes elsewhere reads the same", async () => {
    const first = await importView(
      ((await t.infra.ds.query(
        `SELECT import_id FROM import_row ir JOIN source_record sr ON sr.id = ir.source_record_id WHERE sr.partner_reference = 'FLOOD-0'`,
      )) as [{ import_id: string }])[0].import_id,
    );
    const alone = await submit('school.cardiff', lookAlikes('ALONE', 30, 'Gwenno', 'Llwyd'));
    await t.infra.services.matching.processQueue(alone);
    expect(await waiting('ALONE')).toEqual({ own: LIMIT, other: 0 });
    expect((await importView(alone)).warnings).toEqual(first.warnings);
    expect((await heldRows(alone)).map((r) => r.change['kind'])).toEqual(['OWN_RECORDS']);

    // A batch within the limit carries no warning and holds nothing back.
    const small = await submit('school.cardiff', lookAlikes('SMALL', 6, 'Gwilym', 'Tudur'));
    await t.infra.services.matching.processQueue(small);
    expect(await waiting('SMALL')).toEqual({ own: pairsOf(6), other: 0 });
    expect((await importView(small)).warnings).toEqual([]);
    expect(await heldRows(small)).toEqual([]);
  });

  it('the CSV loader (linking in bulk) prints the warning, and every row of the file is a record', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cyswllt-review-bound-'));
    try {
      const rows = Array.from({ length: 25 }, (_, i) => `CSVFLOOD-${i},Dyfrig,Hopcyn`);
      await writeFile(join(dir, 'pupils.csv'), ['Ref,Forename,Surname', ...rows].join('\n'));
      await writeFile(join(dir, 'map.json'), JSON.stringify({ partnerReference: 'Ref', givenName: 'Forename', familyName: 'Surname' }));
      const run = await runImport(['--partner', 'school.cardiff', '--file', join(dir, 'pupils.csv'), '--map', join(dir, 'map.json')], {
        REVIEW_QUEUE_MAX_PER_IMPORT: String(LIMIT),
        MATCH_BULK_THRESHOLD: '10', // 25 queued records: linked in one bulk pass
      });
      expect(run.code, run.stderr).toBe(0);
      const held = pairsOf(25) - LIMIT;
      expect(run.stdout).toContain(`REVIEW_QUEUE_FULL: ${held} possible duplicate pairs among your organisation's own records`);
      expect(run.stdout).toContain('status DONE');
      expect(await recordsOf('CSVFLOOD')).toEqual({ records: 25, linked: 25, people: 25 });
      expect(await waiting('CSVFLOOD')).toEqual({ own: LIMIT, other: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
