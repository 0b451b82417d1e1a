import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUpn } from '../src/modules/identifiers/upn.js';
import { uuidFromName } from '../src/modules/matching/uuid.js';
import { createAuditDeniedRole, type AuditDeniedRole } from './support/audit.js';
import { registered } from './support/registered.js';
import { gql, requestIdOf, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { resetMatching } from './support/matching.js';
import { startWorkerProcess, waitFor } from './support/worker.js';

const SUBMIT = registered('SubmitRecords');

interface Submitted {
  id: string;
  status: string;
  createdRows: number;
  updatedRows: number;
  queuedForMatching: number;
  rows: Array<{ rowNumber: number; outcome: string; sourceRecordId: string | null }>;
}

interface LogRow {
  event: string;
  operation: string;
  principal_id: string | null;
  person_id: string | null;
  details: Record<string, unknown>;
  xmin: string;
}

const AUDIT_UNAVAILABLE = {
  message: 'The access log could not be written, so no personal data was sent. Try again later.',
  extensions: { code: 'AUDIT_UNAVAILABLE' },
};

describe('every change commits with its access-log row, or not at all', () => {
  let t: TestApi;
  let denied: TestApi;
  let role: AuditDeniedRole;
  let school: string;
  let schoolPrincipal: string;
  const upn = makeUpn(681, 4123, 33, 9);

  const logRows = async (where: string, params: unknown[]): Promise<LogRow[]> =>
    (await t.infra.ds.query(
      `SELECT event, operation, principal_id, person_id, details::jsonb AS details, xmin::text AS xmin FROM access_event WHERE ${where} ORDER BY seq`,
      params,
    )) as LogRow[];
  const count = async (sql: string, params: unknown[] = []): Promise<number> => ((await t.infra.ds.query(sql, params)) as [{ n: number }])[0].n;

  beforeAll(async () => {
    t = await startTestApi();
    await resetMatching();
    role = await createAuditDeniedRole('no_change_audit');
    denied = await startTestApi({ DATABASE_URL: role.url });
    school = await tokenFor(t.infra, 'school.cardiff');
    schoolPrincipal = (await t.infra.services.principals.findByHandle('school.cardiff'))!.id;
  });
  afterAll(async () => {
    await denied.close();
    await role.drop();
    await t.close();
  });

  it('submitRecords with the log unwritable lands nothing, opens no import and answers AUDIT_UNAVAILABLE (503); with the log writable it lands with its rows', async () => {
    const record = { partnerReference: 'AUD-1', givenName: 'Elin', familyName: 'Rowlands', dateOfBirth: '2010-06-01', postcode: 'CF10 2AA' };
    const imports = await count('SELECT count(*)::int AS n FROM import_batch');
    const jobs = await count(`SELECT count(*)::int AS n FROM job_run WHERE queue = 'matching'`);
    const [head] = (await t.infra.ds.query('SELECT seq FROM access_chain_head')) as [{ seq: string }];

    const refused = await gql<{ submitRecords: Submitted }>(denied.url, SUBMIT, { token: school, variables: { input: { records: [record] } } });
    expect(refused.status).toBe(503);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors).toEqual([AUDIT_UNAVAILABLE]);
    expect(await count(`SELECT count(*)::int AS n FROM source_record WHERE partner_reference = 'AUD-1'`)).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM import_batch')).toBe(imports); // no import opened, so none finished
    expect(await count('SELECT count(*)::int AS n FROM match_queue')).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM job_run WHERE queue = 'matching'`)).toBe(jobs);
    expect((await t.infra.ds.query('SELECT seq FROM access_chain_head')) as unknown).toEqual([head]);

    // The same submission where the log is writable lands, and its rows were written in its transaction.
    const ok = await gql<{ submitRecords: Submitted }>(t.url, SUBMIT, {
      token: school,
      variables: { input: { records: [record, { partnerReference: 'AUD-BAD', givenName: '42', dateOfBirth: 'not known' }] } },
    });
    expect(ok.status).toBe(200);
    const imp = ok.body.data!.submitRecords;
    expect(imp).toMatchObject({ status: 'MATCHING', createdRows: 1, queuedForMatching: 1 });
    const recordId = imp.rows[0]!.sourceRecordId!;
    const logged = await logRows('request_id = $1', [requestIdOf(ok)]);
    expect(logged.map((r) => r.event)).toEqual(['import.opened', 'record.received', 'import.sealed']);
    expect(new Set(logged.map((r) => r.operation))).toEqual(new Set(['mutation SubmitRecords']));
    expect(new Set(logged.map((r) => r.principal_id))).toEqual(new Set([schoolPrincipal]));
    expect(logged.every((r) => r.details['importId'] === imp.id)).toBe(true);
    expect(logged[1]!.details).toMatchObject({ rows: 2, created: 1, rejected: 1, sourceRecordIds: [recordId] });
    const [{ xmin }] = (await t.infra.ds.query('SELECT xmin::text AS xmin FROM source_record WHERE id = $1', [recordId])) as [{ xmin: string }];
    expect(new Set(logged.map((r) => r.xmin))).toEqual(new Set([xmin])); // one transaction
    // Ids and counts only: nothing from the record itself.
    expect(JSON.stringify(logged)).not.toMatch(/Elin|Rowlands|2010-06-01|CF10/);
  });

  it('a newer version of a record held by a person writes record.updated about that person; refused, it changes nothing', async () => {
    const first = await gql<{ submitRecords: Submitted }>(t.url, SUBMIT, {
      token: school,
      variables: { input: { records: [{ partnerReference: 'AUD-2', givenName: 'Iwan', familyName: 'Bevan', dateOfBirth: '2009-02-02' }] } },
    });
    await t.infra.services.matching.processQueue(first.body.data!.submitRecords.id);
    const [{ person_id: personId, id: recordId }] = (await t.infra.ds.query(`SELECT id, person_id FROM source_record WHERE partner_reference = 'AUD-2'`)) as [
      { id: string; person_id: string },
    ];
    expect(personId).toBeTruthy();

    const newer = { partnerReference: 'AUD-2', givenName: 'Iwan', familyName: 'Bevan', dateOfBirth: '2009-02-02', postcode: 'CF11 9AA' };
    const refused = await gql(denied.url, SUBMIT, { token: school, variables: { input: { records: [newer] } } });
    expect(refused.status).toBe(503);
    expect((await t.infra.ds.query('SELECT version, postcode FROM source_record WHERE id = $1', [recordId])) as unknown).toEqual([{ version: 1, postcode: null }]);

    const ok = await gql<{ submitRecords: Submitted }>(t.url, SUBMIT, {
      token: school,
      variables: { input: { records: [newer] } },
    });
    expect(ok.body.data!.submitRecords).toMatchObject({ updatedRows: 1 });
    const updated = await logRows(`request_id = $1 AND event = 'record.updated'`, [requestIdOf(ok)]);
    expect(updated.map((r) => [r.person_id, r.details])).toEqual([
      [personId, { importId: ok.body.data!.submitRecords.id, sourceRecordIds: [recordId], versions: [2] }],
    ]);
  });

  it('a worker links a record to a person and writes person.linked in the same transaction; with the log unwritable nothing links until the log is back', async () => {
    await resetMatching(); // only this test's imports for the worker
    const same = { givenName: 'Siôn', familyName: 'Prys', dateOfBirth: '2011-09-09', sex: 'M', postcode: 'CF14 3AA', upn };
    const submit = async (records: unknown[]): Promise<Submitted> => {
      const res = await gql<{ submitRecords: Submitted }>(t.url, SUBMIT, { token: school, variables: { input: { records } } });
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.submitRecords;
    };
    // The first record becomes a person here (the log writable), listed in a person.created row.
    const first = await submit([{ partnerReference: 'AUD-W1', ...same }]);
    const firstRecord = first.rows[0]!.sourceRecordId!;
    await t.infra.services.matching.processQueue(first.id);
    const [{ person_id: personId }] = (await t.infra.ds.query('SELECT person_id FROM source_record WHERE id = $1', [firstRecord])) as [{ person_id: string }];
    const made = await logRows(`event = 'person.created' AND details::jsonb->>'importId' = $1`, [first.id]);
    expect(made.map((r) => r.details['personRecordIds'])).toEqual([[[personId, firstRecord]]]);

    const worker = await startWorkerProcess({ DATABASE_URL: role.url }); // this worker cannot write the log
    try {
      const second = await submit([{ partnerReference: 'AUD-W2', ...same, givenName: 'Sion' }]);
      const recordId = second.rows[0]!.sourceRecordId!;
      const jobRunId = uuidFromName(`matching.import:${second.id}:1`);
      const personOf = async (): Promise<string | null> =>
        ((await t.infra.ds.query('SELECT person_id FROM source_record WHERE id = $1', [recordId])) as [{ person_id: string | null }])[0].person_id;

      // The worker links, cannot write the log, rolls the chunk back and waits to try again.
      expect(await waitFor(async () => worker.output().includes('access log unavailable'), 30_000), worker.output()).toBe(true);
      expect(await personOf()).toBeNull();
      expect(await count('SELECT count(*)::int AS n FROM match_queue WHERE import_id = $1', [second.id])).toBe(1);
      expect(await count('SELECT count(*)::int AS n FROM access_event WHERE request_id = $1', [jobRunId])).toBe(0);
      expect((await t.infra.services.jobRuns.find(jobRunId))!.status).toBe('RUNNING'); // not given up: waiting to retry
      expect((await t.infra.ds.query('SELECT status FROM import_batch WHERE id = $1', [second.id])) as unknown).toEqual([{ status: 'MATCHING' }]);

      await role.allow(); // the log is back
      expect(await waitFor(async () => (await t.infra.services.jobRuns.find(jobRunId))!.status === 'DONE', 60_000, 100), worker.output()).toBe(true);
      expect(await personOf()).toBe(personId);

      const logged = await logRows('request_id = $1', [jobRunId]);
      expect(logged.map((r) => [r.event, r.person_id, r.principal_id, r.operation])).toEqual([['person.linked', personId, schoolPrincipal, 'job matching.import']]);
      expect(logged[0]!.details).toEqual({ importId: second.id, sourceRecordIds: [recordId], fromPersonIds: [], created: false });
      const [{ xmin }] = (await t.infra.ds.query('SELECT xmin::text AS xmin FROM source_record WHERE id = $1', [recordId])) as [{ xmin: string }];
      expect(logged[0]!.xmin).toBe(xmin); // written by the transaction that linked the record
      expect((await t.infra.services.audit.verifyChain(t.infra)).ok).toBe(true);
    } finally {
      worker.child.kill('SIGTERM');
      await new Promise((resolve) => worker.child.once('exit', resolve));
      await role.deny();
    }
  });
});
