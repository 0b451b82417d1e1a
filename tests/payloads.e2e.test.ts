import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTier } from './support/factories.js';
import { ownerDataSource } from './support/owner-db.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { resetMatching } from './support/matching.js';
import { startWorkerProcess, waitFor } from './support/worker.js';

const SUBMIT = `mutation ($input: SubmitRecordsInput!) { submitRecords(input: $input) {
  id status totalRows createdRows rejectedRows queuedForMatching
  rows { rowNumber outcome sourceRecordId errors { field reason } warnings { field reason } } } }`;
const IMPORT = 'query ($id: ID!) { import(id: $id) { status matchedRecords } }';

interface Problem {
  field: string;
  reason: string;
}
interface Imported {
  id: string;
  status: string;
  totalRows: number;
  createdRows: number;
  rejectedRows: number;
  queuedForMatching: number;
  rows: Array<{ rowNumber: number; outcome: string; sourceRecordId: string | null; errors: Problem[]; warnings: Problem[] }>;
}

/** The ISO day `n` days before today (UTC, as the hub counts). */
const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('typed payloads over HTTP', () => {
  let t: TestApi;
  let cw: string;
  const submit = async (records: unknown[], token = cw) => {
    const res = await gql<{ submitRecords: Imported }>(t.url, SUBMIT, { token, variables: { input: { records } } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.submitRecords;
  };
  const stored = async (ref: string) =>
    ((await t.infra.ds.query(
      `SELECT given_name, family_name, payload, person_id FROM source_record WHERE partner_reference = $1`,
      [ref],
    )) as Array<{ given_name: string; family_name: string; payload: Record<string, Record<string, unknown>>; person_id: string | null }>)[0];
  const importStatus = async (id: string) =>
    (await gql<{ import: { status: string; matchedRecords: number } }>(t.url, IMPORT, { token: cw, variables: { id } })).body.data!.import;

  beforeAll(async () => {
    t = await startTestApi();
    await resetMatching();
    cw = await tokenFor(t.infra, 'cw.system');
  });
  afterAll(async () => {
    await t.close();
  });

  it('a NUL in one payload loses nothing: the other rows land whole, the bad field is dropped with a warning naming row and field, the import finishes', async () => {
    const good = {
      TIER_STATUS: { tier: 2, assessedOn: daysAgo(10), tier2Reason: 'YOUNG_CARER' },
      CAREERS_GUIDANCE: { lastContactOn: daysAgo(3), interviewCount: 4 },
    };
    const imp = await submit([
      { partnerReference: 'PAY-1', givenName: 'Elin', familyName: 'Parry', dateOfBirth: '2009-02-11', payload: good },
      {
        partnerReference: 'PAY-2', givenName: 'Osian', familyName: 'Bevan', dateOfBirth: '2009-07-30',
        payload: {
          TIER_STATUS: { tier: 3, assessedOn: daysAgo(20) },
          CAREERS_GUIDANCE: { interviewCount: 2, adviserName: 'Rhian\u0000 Morgan', notes: 'rang\u0000 twice' },
        },
      },
      { partnerReference: 'PAY-3', givenName: 'Cerys', familyName: 'Lloyd', dateOfBirth: '2008-12-01', payload: { CAREERS_GUIDANCE: { interviewCount: 1 } } },
    ]);
    expect(imp).toMatchObject({ totalRows: 3, createdRows: 3, rejectedRows: 0, queuedForMatching: 3, status: 'MATCHING' });
    expect(imp.rows.map((r) => r.outcome)).toEqual(['CREATED', 'CREATED', 'CREATED']);
    expect(imp.rows[0]!.warnings).toEqual([]);
    expect(imp.rows[1]!.warnings).toEqual([
      { field: 'payload.CAREERS_GUIDANCE.adviserName', reason: 'had control characters removed' },
      { field: 'payload.CAREERS_GUIDANCE.notes', reason: 'is not a field of CAREERS_GUIDANCE; dropped' },
    ]);
    expect(imp.rows[2]!.warnings).toEqual([]);

    // The good payload lands exactly as sent; the other keeps every field but the dropped one, cleaned.
    expect((await stored('PAY-1'))!.payload).toEqual(good);
    expect((await stored('PAY-2'))!.payload).toEqual({
      TIER_STATUS: { tier: 3, assessedOn: daysAgo(20) },
      CAREERS_GUIDANCE: { interviewCount: 2, adviserName: 'Rhian Morgan' },
    });
    // The warnings are kept with the import, row by row, for the partner to read later.
    const [kept] = (await t.infra.ds.query(`SELECT warnings FROM import_row WHERE import_id = $1 AND row_number = 2`, [imp.id])) as Array<{ warnings: Problem[] }>;
    expect(kept!.warnings.map((w) => w.field)).toEqual(['payload.CAREERS_GUIDANCE.adviserName', 'payload.CAREERS_GUIDANCE.notes']);

    await t.infra.services.matching.processQueue(imp.id);
    expect(await importStatus(imp.id)).toEqual({ status: 'DONE', matchedRecords: 3 });
  });

  it('drops an assessment date that is not a real date or lies in the future, so it cannot pin a tier; a real date is kept', async () => {
    const imp = await submit([
      { partnerReference: 'PAY-10', givenName: 'Gethin', familyName: 'Rowlands', dateOfBirth: '2009-04-04', payload: { TIER_STATUS: { tier: 3, assessedOn: '9999-12-31' } } },
      { partnerReference: 'PAY-11', givenName: 'Mali', familyName: 'Probert', dateOfBirth: '2009-05-05', payload: { TIER_STATUS: { tier: 3, assessedOn: '2026-02-31' } } },
      { partnerReference: 'PAY-12', givenName: 'Iwan', familyName: 'Pugh', dateOfBirth: '2009-06-06', payload: { TIER_STATUS: { tier: 3, assessedOn: daysAgo(30) } } },
    ]);
    expect(imp.rows.map((r) => r.outcome)).toEqual(['CREATED', 'CREATED', 'CREATED']);
    expect(imp.rows[0]!.warnings).toEqual([{ field: 'payload.TIER_STATUS.assessedOn', reason: 'is after today; dropped' }]);
    expect(imp.rows[1]!.warnings).toEqual([{ field: 'payload.TIER_STATUS.assessedOn', reason: 'must be a real date written YYYY-MM-DD; dropped' }]);
    expect(imp.rows[2]!.warnings).toEqual([]);
    expect((await stored('PAY-10'))!.payload).toEqual({ TIER_STATUS: { tier: 3 } });
    expect((await stored('PAY-11'))!.payload).toEqual({ TIER_STATUS: { tier: 3 } });
    expect((await stored('PAY-12'))!.payload).toEqual({ TIER_STATUS: { tier: 3, assessedOn: daysAgo(30) } });

    // Matching links them (an impossible date used to fail the job here); the import finishes.
    await t.infra.services.matching.processQueue(imp.id);
    expect((await importStatus(imp.id)).status).toBe('DONE');

    // A later assessment now decides the current tier: nothing is pinned to 9999-12-31.
    const person = (await stored('PAY-10'))!.person_id!;
    const tier = async (): Promise<number | null> =>
      ((await t.infra.ds.query('SELECT current_tier FROM person_state WHERE person_id = $1', [person])) as Array<{ current_tier: number | null }>)[0]!.current_tier;
    expect(await tier()).toBe(3);
    await setTier(t.infra.ds, person, 5);
    expect(await tier()).toBe(5);
  });

  it('a bad assessedOn stored before validation (or by hand) is skipped, not a matching failure: the record links, the import finishes, the tier counts from the day received', async () => {
    const imp = await submit([
      { partnerReference: 'PAY-13', givenName: 'Hedd', familyName: 'Bowen', dateOfBirth: '2009-07-07', payload: { TIER_STATUS: { tier: 1, assessedOn: daysAgo(5) } } },
      { partnerReference: 'PAY-14', givenName: 'Lowri', familyName: 'Gwyn', dateOfBirth: '2009-08-08', payload: { TIER_STATUS: { tier: 3, assessedOn: daysAgo(5) } } },
    ]);
    // As the owner, as a record stored before payload schemas (or edited by hand) would be.
    const owner = await ownerDataSource(1);
    try {
      await owner.query(
        `UPDATE source_record SET payload = jsonb_set(payload, '{TIER_STATUS,assessedOn}', '"Hedd Bowen 2009-07-07"'), received_at = now() - interval '40 days'
          WHERE partner_reference = 'PAY-13'`,
      );
      await owner.query(`UPDATE source_record SET payload = jsonb_set(payload, '{TIER_STATUS,assessedOn}', '"9999-12-31"') WHERE partner_reference = 'PAY-14'`);
    } finally {
      await owner.destroy();
    }

    await t.infra.services.matching.processQueue(imp.id);
    expect((await importStatus(imp.id)).status).toBe('DONE');
    const hedd = (await stored('PAY-13'))!;
    const lowri = (await stored('PAY-14'))!;
    expect(hedd.person_id).not.toBeNull();
    expect(lowri.person_id).not.toBeNull();
    const state = async (person: string) =>
      ((await t.infra.ds.query(
        `SELECT ps.current_tier, (SELECT l.current_tier FROM person_state_live l WHERE l.person_id = ps.person_id) AS live
           FROM person_state ps WHERE ps.person_id = $1`,
        [person],
      )) as Array<{ current_tier: number | null; live: number | null }>)[0]!;
    expect(await state(hedd.person_id!)).toEqual({ current_tier: 1, live: 1 });

    // 9999-12-31 no longer pins tier 3: the record counts from the day it arrived, and today's assessment is later.
    await setTier(t.infra.ds, lowri.person_id!, 5);
    expect(await state(lowri.person_id!)).toEqual({ current_tier: 5, live: 5 });

    // A newer version replaces the bad one; the tier it replaces goes into the history on the day the record was received.
    const newer = await submit([{ partnerReference: 'PAY-13', givenName: 'Hedd', familyName: 'Bowen', dateOfBirth: '2009-07-07', payload: { TIER_STATUS: { tier: 2, assessedOn: daysAgo(1) } } }]);
    expect(newer.rows[0]!.outcome).toBe('UPDATED');
    const history = (await t.infra.ds.query(
      `SELECT te.tier, te.effective_on::text AS on FROM tier_event te JOIN source_record sr ON sr.id = te.source_event_id
        WHERE sr.partner_reference = 'PAY-13' AND te.reason = 'CAREERS_WALES_RECORD'`,
    )) as Array<{ tier: number; on: string }>;
    expect(history).toEqual([{ tier: 1, on: daysAgo(40) }]);
  });

  it('removes U+202E and U+200B from names with a warning, and flags (but keeps) a Latin name with a Cyrillic letter, which the matcher then ignores', async () => {
    const imp = await submit([
      { partnerReference: 'PAY-20', givenName: 'Ff\u200Bion', familyName: 'Huws\u202E', dateOfBirth: '2009-08-08' },
      { partnerReference: 'PAY-21', givenName: 'M\u0430ri', familyName: 'Jenkins', dateOfBirth: '2009-09-09' },
      { partnerReference: 'PAY-22', givenName: 'Mari', familyName: 'Jenkins', dateOfBirth: '2009-09-09' },
    ]);
    expect(imp.rows.map((r) => r.outcome)).toEqual(['CREATED', 'CREATED', 'CREATED']);
    expect(imp.rows[0]!.warnings).toEqual([
      { field: 'givenName', reason: 'had invisible or bidirectional formatting characters removed' },
      { field: 'familyName', reason: 'had invisible or bidirectional formatting characters removed' },
    ]);
    expect(imp.rows[1]!.warnings).toEqual([{ field: 'givenName', reason: 'mixes Latin and Cyrillic letters, which look alike; kept, but not used to match' }]);
    expect(imp.rows[2]!.warnings).toEqual([]);
    expect(await stored('PAY-20')).toMatchObject({ given_name: 'Ffion', family_name: 'Huws' });
    expect((await stored('PAY-21'))!.given_name).toBe('M\u0430ri');

    await t.infra.services.matching.processQueue(imp.id);
    const features = async (ref: string) =>
      ((await t.infra.ds.query(
        `SELECT mr.features FROM match_record mr JOIN source_record sr ON sr.id = mr.source_record_id WHERE sr.partner_reference = $1`,
        [ref],
      )) as Array<{ features: { g: string | null; f: string | null } }>)[0]!.features;
    expect(await features('PAY-21')).toMatchObject({ g: null, f: 'jenkins' });
    expect(await features('PAY-22')).toMatchObject({ g: 'mari', f: 'jenkins' });
  });
});

describe('a failing matching job leaves a code and ids, never a value', () => {
  let t: TestApi;
  let owner: DataSource;

  beforeAll(async () => {
    t = await startTestApi();
    owner = await ownerDataSource(1);
    await resetMatching();
    await t.infra.redis.flushdb(); // the test Redis database only: nothing but this test's jobs
  });
  afterAll(async () => {
    await owner.query('DROP TRIGGER IF EXISTS test_refuse_pay30 ON match_record');
    await owner.query('DROP FUNCTION IF EXISTS test_refuse_pay30()');
    await owner.destroy();
    await t.close();
  });

  it('a database error quoting a record makes matching throw: Redis failedReason and stacktrace, job_run and the logs hold only the code', async () => {
    const cw = await tokenFor(t.infra, 'cw.system');
    const res = await gql<{ submitRecords: Imported }>(t.url, SUBMIT, {
      token: cw,
      variables: { input: { records: [{ partnerReference: 'PAY-30', givenName: 'Gwenllian', familyName: 'Prys', dateOfBirth: '2009-03-04', postcode: 'CF10 1AA', payload: { TIER_STATUS: { tier: 2 } } }] } },
    });
    const importId = res.body.data!.submitRecords.id;
    // Stored values are guarded where matching reads them, so the failure is made: as the owner, a trigger that
    // refuses this record's features with an error quoting its name, date of birth and postcode, as a database
    // error can (a cast, a constraint naming the value).
    await owner.query(`
      CREATE FUNCTION test_refuse_pay30() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE quoted text;
      BEGIN
        SELECT given_name || ' ' || family_name || ' ' || date_of_birth || ' ' || postcode INTO quoted
          FROM source_record WHERE id = NEW.source_record_id AND partner_reference = 'PAY-30';
        IF quoted IS NOT NULL THEN RAISE EXCEPTION 'invalid input syntax for type date: "%"', quoted; END IF;
        RETURN NEW;
      END $$`);
    await owner.query(`CREATE TRIGGER test_refuse_pay30 BEFORE INSERT OR UPDATE ON match_record FOR EACH ROW EXECUTE FUNCTION test_refuse_pay30()`);
    // The raw error does quote the value: what this test guards against is real.
    const raw = await t.infra.ds
      .query(`INSERT INTO match_record (source_record_id, version, features) SELECT id, 1, '{}' FROM source_record WHERE partner_reference = 'PAY-30'`)
      .then(() => '', (err: Error) => err.message);
    expect(raw).toContain('Gwenllian');
    const [run] = (await t.infra.ds.query(`SELECT id FROM job_run WHERE subject_id = $1`, [importId])) as Array<{ id: string }>;

    const worker = await startWorkerProcess();
    let output = '';
    try {
      const failed = await waitFor(async () => (await t.infra.services.jobRuns.find(run!.id))?.status === 'FAILED', 60_000, 100);
      output = worker.output();
      expect(failed, output).toBe(true);
    } finally {
      worker.child.kill('SIGTERM');
      await new Promise((resolve) => worker.child.once('exit', resolve));
    }
    output = worker.output();

    const jobRun = (await t.infra.services.jobRuns.find(run!.id))!;
    expect(jobRun).toMatchObject({ status: 'FAILED', attempts: 3, error: 'MATCHING_FAILED:QueryFailedError' });
    const job = await t.infra.queues.get('matching').getJob(run!.id);
    expect(job?.failedReason).toBe('MATCHING_FAILED:QueryFailedError');
    const traces = job?.stacktrace ?? [];
    expect(traces.length).toBeGreaterThan(0);
    for (const trace of traces) expect(trace).toBe('JobFailure: MATCHING_FAILED:QueryFailedError');
    // The import is not left MATCHING for ever.
    expect((await gql<{ import: { status: string } }>(t.url, IMPORT, { token: cw, variables: { id: importId } })).body.data!.import.status).toBe('FAILED');
    expect(output).toContain('MATCHING_FAILED:QueryFailedError');

    // Nothing of the value anywhere in this test's Redis database, nor in the worker's logs.
    const dump: string[] = [];
    for (const key of await t.infra.redis.keys('*')) {
      const type = await t.infra.redis.type(key);
      if (type === 'hash') dump.push(...Object.values(await t.infra.redis.hgetall(key)));
      else if (type === 'string') dump.push((await t.infra.redis.get(key)) ?? '');
      else if (type === 'list') dump.push(...(await t.infra.redis.lrange(key, 0, -1)));
      else if (type === 'zset') dump.push(...(await t.infra.redis.zrange(key, 0, -1)));
      else if (type === 'set') dump.push(...(await t.infra.redis.smembers(key)));
      else if (type === 'stream') dump.push(JSON.stringify(await t.infra.redis.xrange(key, '-', '+')));
    }
    expect(dump.join('\n')).toContain('MATCHING_FAILED:QueryFailedError');
    for (const part of ['Gwenllian', 'CF10', '2009-03-04']) {
      expect(dump.join('\n')).not.toContain(part);
      expect(output).not.toContain(part);
      expect(jobRun.error).not.toContain(part);
    }
  }, 90_000);
});
