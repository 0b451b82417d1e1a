import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from './support/factories.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';
import { registered } from './support/registered.js';

const run = promisify(execFile);

const REPORT = `query Report($from: String!, $to: String!, $providerCode: String) {
  notificationComplianceReport(from: $from, to: $to, providerCode: $providerCode) {
    limitDays suppression rows { provider { code } month
      notifications { value suppressed } atRisk { value suppressed } dropOuts { value suppressed }
      withinLimit { value suppressed } late { value suppressed } medianDelayDays { value suppressed } } } }`;

interface Cell {
  value: number | null;
  suppressed: boolean;
}
interface Row {
  provider: { code: string };
  month: string;
  notifications: Cell;
  atRisk: Cell;
  dropOuts: Cell;
  withinLimit: Cell;
  late: Cell;
  medianDelayDays: Cell;
}
interface Report {
  notificationComplianceReport: { limitDays: number; suppression: string; rows: Row[] };
}

const shown = (value: number): Cell => ({ value, suppressed: false });
const hidden: Cell = { value: null, suppressed: true };

/** The provider's drop-out notifications, through the CSV route and GraphQL, and its compliance report. */
describe('the provider compliance report', () => {
  let t: TestApi;
  let dir: string;
  let analyst: string;
  let adviser: string;
  let provider: string;
  const PROVIDER = 'college.glannau-menai';

  /** `n` learners of the provider; their references. */
  const learners = async (n: number): Promise<string[]> => {
    const refs: string[] = [];
    for (let i = 0; i < n; i++) {
      const { recordIds } = await createPerson(t.infra.ds, [{ providerCode: PROVIDER, postcode: 'LL55 1AA', payload: { EDUCATION_ENROLMENT: { status: 'ENROLLED' } } }]);
      const [row] = (await t.infra.ds.query('SELECT partner_reference FROM source_record WHERE id = $1', [recordIds[0]])) as [{ partner_reference: string }];
      refs.push(row.partner_reference);
    }
    return refs;
  };
  const report = (token: string, purpose: string | undefined, variables: Record<string, unknown>) =>
    gql<Report>(t.url, REPORT, { token, purpose, variables: { providerCode: PROVIDER, ...variables } });
  const importFile = async (csv: string, map: Record<string, unknown>): Promise<string> => {
    await writeFile(join(dir, 'notifications.csv'), csv);
    await writeFile(join(dir, 'map.json'), JSON.stringify(map));
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/modules/imports/import-cli.ts', '--kind', 'notifications', '--partner', 'college.gwynedd', '--file', join(dir, 'notifications.csv'), '--map', join(dir, 'map.json')],
      { env: process.env },
    );
    return stdout;
  };

  beforeAll(async () => {
    t = await startTestApi();
    dir = await mkdtemp(join(tmpdir(), 'cyswllt-notifications-'));
    analyst = await tokenFor(t.infra, 'wg.analyst');
    adviser = await tokenFor(t.infra, 'cw.adviser.cardiff');
    provider = await tokenFor(t.infra, 'college.gwynedd');
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a notification 15 days after leaving counts as late and one 14 days after as on time; the limit is configurable', async () => {
    const refs = await learners(10);
    const [other] = (await t.infra.ds.query(`SELECT partner_reference FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id WHERE o.code <> $1 LIMIT 1`, [PROVIDER])) as [
      { partner_reference: string } | undefined,
    ];
    const lines = [
      'Learner,Code,Date left,Date notified',
      ...refs.slice(0, 5).map((r) => `${r},W1,01/01/2025,15/01/2025`),
      ...refs.slice(5).map((r) => `${r},W1,01/01/2025,16/01/2025`),
      `${refs[0]},ZZ,01/01/2025,15/01/2025`,
      `${other?.partner_reference ?? 'NOT-OURS'},W1,01/01/2025,15/01/2025`,
    ];
    const map = {
      partnerReference: 'Learner',
      reason: { columns: 'Code', values: { W1: 'LEFT_NON_ATTENDANCE' } },
      leftOn: { columns: 'Date left', format: 'DD/MM/YYYY' },
      notifiedOn: { columns: 'Date notified', format: 'DD/MM/YYYY' },
    };
    const stdout = await importFile(lines.join('\n'), map);
    expect(stdout).toMatch(/notifications from college\.gwynedd \(request [0-9a-f-]{36}\): 12 rows — 10 created, 0 updated, 0 unchanged, 2 rejected/);
    expect(stdout).toContain('row 11 (line 12) rejected: reason is not a drop-out reason code');
    expect(stdout).toContain("row 12 (line 13) rejected: partnerReference names no record of your organisation: submit the learner's record first");
    // Loaded again, nothing changes.
    expect(await importFile(lines.join('\n'), map)).toMatch(/12 rows — 0 created, 0 updated, 10 unchanged, 2 rejected/);
    // Each landed notification has its access-log row, in the provider's name, from the loader.
    const [{ n }] = (await t.infra.ds.query(
      `SELECT count(*)::int AS n FROM access_event WHERE event = 'dropout_notification.received' AND operation = 'cli import notifications'
          AND principal_id = (SELECT id FROM principal WHERE handle = 'college.gwynedd')`,
    )) as [{ n: number }];
    expect(n).toBe(10);

    const res = await report(analyst, 'STATISTICS', { from: '2025-01', to: '2025-01' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.notificationComplianceReport.limitDays).toBe(14);
    expect(res.body.data!.notificationComplianceReport.rows).toEqual([
      {
        provider: { code: PROVIDER },
        month: '2025-01',
        notifications: shown(10),
        atRisk: shown(0),
        dropOuts: shown(10),
        withinLimit: shown(5),
        late: shown(5),
        medianDelayDays: shown(14.5),
      },
    ]);
    // The limit is configuration (DROPOUT_NOTIFICATION_LIMIT_DAYS), not a report argument: at 15 days all ten are on time.
    const saved = process.env['DROPOUT_NOTIFICATION_LIMIT_DAYS'];
    process.env['DROPOUT_NOTIFICATION_LIMIT_DAYS'] = '15';
    const lenientApi = await startTestApi().finally(() => {
      if (saved === undefined) delete process.env['DROPOUT_NOTIFICATION_LIMIT_DAYS'];
      else process.env['DROPOUT_NOTIFICATION_LIMIT_DAYS'] = saved;
    });
    try {
      const lenient = await gql<Report>(lenientApi.url, REPORT, { token: adviser, purpose: 'TRACKING', variables: { from: '2024-12', to: '2025-02', providerCode: PROVIDER } });
      expect(lenient.body.data!.notificationComplianceReport.limitDays).toBe(15);
      expect(lenient.body.data!.notificationComplianceReport.rows[0]).toMatchObject({ month: '2025-01', withinLimit: shown(10), late: shown(0) });
    } finally {
      await lenientApi.close();
    }
    // Reading the report is logged, with what was asked and no person.
    const [read] = (await t.infra.ds.query(
      `SELECT person_id, details::jsonb AS details FROM access_event WHERE event = 'report.read' AND principal_id = (SELECT id FROM principal WHERE handle = 'wg.analyst') ORDER BY seq DESC LIMIT 1`,
    )) as [{ person_id: string | null; details: Record<string, unknown> }];
    expect(read).toMatchObject({ person_id: null, details: { report: 'notification_compliance', from: '2025-01', rows: 1 } });
  });

  it('suppresses counts of 1 to 4 (null, flagged), a second cell where one could be worked back, and the median of a small cell', async () => {
    const refs = await learners(9);
    const notify = (ref: string, leftOn: string | null, notifiedOn: string, reason = leftOn ? 'LEFT_OTHER' : 'AT_RISK_OTHER') =>
      gql(t.url, registered('NotifyDropOut'), {
        token: provider,
        purpose: 'TRACKING',
        variables: { input: { partnerReference: ref, reason, leftOn, notifiedOn } },
      });
    // February: three drop-outs. March: six, four of them on time, and two at-risk notifications.
    for (const r of refs.slice(0, 3)) expect((await notify(r, '2025-02-01', '2025-02-05')).body.errors).toBeUndefined();
    for (const r of refs.slice(3, 7)) await notify(r, '2025-03-01', '2025-03-10');
    for (const r of refs.slice(7, 9)) await notify(r, '2025-03-01', '2025-03-30');
    for (const r of refs.slice(7, 9)) await notify(r, null, '2025-03-31');
    const rows = (await report(analyst, 'STATISTICS', { from: '2025-02', to: '2025-03' })).body.data!.notificationComplianceReport.rows;
    expect(rows.find((r) => r.month === '2025-02')).toMatchObject({
      notifications: hidden,
      atRisk: shown(0),
      dropOuts: hidden,
      withinLimit: hidden,
      late: shown(0),
      medianDelayDays: hidden,
    });
    expect(rows.find((r) => r.month === '2025-03')).toMatchObject({
      notifications: shown(8),
      // Two at-risk notifications are a small cell; the drop-outs (6) would give them away from the total, so they go too.
      atRisk: hidden,
      dropOuts: hidden,
      // 4 on time and 2 late: both small.
      withinLimit: hidden,
      late: hidden,
      medianDelayDays: shown(9),
    });
  });

  it('is for Careers Wales and analysts, under a reporting purpose', async () => {
    // A college's staff may not read it (by role); its system runs registered operations only, and this is none of them.
    const byCollege = await report(await tokenFor(t.infra, 'college.cardiff.pastoral'), 'TRACKING', { from: '2025-01', to: '2025-01' });
    expect(byCollege.body.errors?.[0]).toMatchObject({ message: 'Role PROVIDER_PASTORAL may not read NotificationComplianceReport (notificationComplianceReport)', extensions: { code: 'FORBIDDEN' } });
    const bySystem = await report(provider, 'TRACKING', { from: '2025-01', to: '2025-01' });
    expect(bySystem.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', rule: 'REGISTERED_OPERATIONS_ONLY' } });
    const noPurpose = await report(analyst, undefined, { from: '2025-01', to: '2025-01' });
    expect(noPurpose.body.errors?.[0]?.message).toContain('X-Purpose');
    const wrongPurpose = await report(adviser, 'BROKERAGE', { from: '2025-01', to: '2025-01' });
    expect(wrongPurpose.body.errors?.[0]?.message).toContain('PURPOSE_NOT_PERMITTED');
    const tooLong = await report(analyst, 'STATISTICS', { from: '2020-01', to: '2025-01' });
    expect(tooLong.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'to' } });
  });
});
