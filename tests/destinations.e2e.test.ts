import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, setTier } from './support/factories.js';
import { gql, startTestApi, tokenFor, type TestApi } from './support/harness.js';

const run = promisify(execFile);

const REPORT = `query Report($filter: DestinationsReportFilter) { destinationsReport(filter: $filter) {
  snapshotOn suppression
  groups { laCode yearGroup leavers { value suppressed } respondents { value suppressed } nonRespondents { value suppressed }
    leftArea { value suppressed } neet { value suppressed } destinations { destination count { value suppressed } } }
  totals { leavers { value suppressed } respondents { value suppressed } nonRespondents { value suppressed } leftArea { value suppressed } } } }`;

const RETURNS = `query Returns($filter: DestinationReturnFilter) { destinationReturns(filter: $filter, first: 100) {
  edges { node { id youngPersonId provider { code } snapshotOn yearGroup laCode destination nonRespondent leftArea } } pageInfo { hasNextPage } } }`;

interface Cell {
  value: number | null;
  suppressed: boolean;
}
interface Group {
  laCode: string;
  yearGroup: number;
  leavers: Cell;
  respondents: Cell;
  nonRespondents: Cell;
  leftArea: Cell;
  neet: Cell;
  destinations: Array<{ destination: string; count: Cell }>;
}
interface Report {
  destinationsReport: { snapshotOn: string | null; suppression: string; groups: Group[]; totals: Record<string, Cell> };
}
interface Returns {
  destinationReturns: { edges: Array<{ node: { id: string; youngPersonId: string; destination: string | null; nonRespondent: boolean | null } }> };
}

const shown = (value: number): Cell => ({ value, suppressed: false });
const hidden: Cell = { value: null, suppressed: true };

describe("Careers Wales's destinations survey", () => {
  let t: TestApi;
  let dir: string;
  let analyst: string;
  let adviser: string;
  let epcCardiff: string;
  let epcGwynedd: string;

  /** A leaver Careers Wales knows, whose home is in `la` (a school record there), at a tier; their Careers Wales reference. */
  const leaver = async (la: 'cardiff' | 'gwynedd', tier: number): Promise<{ personId: string; reference: string }> => {
    const school = la === 'cardiff' ? 'school.cardiff.nant-fawr-high' : 'school.gwynedd.ysgol-gyfun-glan-seiont';
    const { personId, recordIds } = await createPerson(t.infra.ds, [{ providerCode: 'careers-wales' }, { providerCode: school }]);
    await setTier(t.infra.ds, personId, tier);
    const [row] = (await t.infra.ds.query('SELECT partner_reference FROM source_record WHERE id = $1', [recordIds[0]])) as [{ partner_reference: string }];
    return { personId, reference: row.partner_reference };
  };
  const load = async (rows: string[], snapshot: string): Promise<string> => {
    await writeFile(join(dir, 'survey.csv'), ['CW Ref,Year,LA,Destination,No response,Left area', ...rows].join('\n'));
    await writeFile(
      join(dir, 'map.json'),
      JSON.stringify({
        partnerReference: 'CW Ref',
        yearGroup: 'Year',
        laCode: 'LA',
        destination: { columns: 'Destination', values: { FE: 'FURTHER_EDUCATION', EMP: 'EMPLOYMENT', NEET: 'NEET_AVAILABLE' } },
        nonRespondent: 'No response',
        leftArea: 'Left area',
      }),
    );
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/modules/imports/import-cli.ts', '--kind', 'destinations', '--partner', 'cw.system', '--snapshot', snapshot, '--file', join(dir, 'survey.csv'), '--map', join(dir, 'map.json')],
      { env: process.env },
    );
    return stdout;
  };
  const report = (token: string, purpose: string, filter: Record<string, unknown>) => gql<Report>(t.url, REPORT, { token, purpose, variables: { filter } });
  const returns = (token: string, purpose: string, filter: Record<string, unknown>) => gql<Returns>(t.url, RETURNS, { token, purpose, variables: { filter } });

  beforeAll(async () => {
    t = await startTestApi();
    dir = await mkdtemp(join(tmpdir(), 'cyswllt-destinations-'));
    analyst = await tokenFor(t.infra, 'wg.analyst');
    adviser = await tokenFor(t.infra, 'cw.adviser.cardiff');
    epcCardiff = await tokenFor(t.infra, 'epc.cardiff');
    epcGwynedd = await tokenFor(t.infra, 'epc.gwynedd');
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a survey through the import path; the report excludes non-respondents and says how many; each return joins the tier history', async () => {
    const fe = await Promise.all(Array.from({ length: 6 }, () => leaver('cardiff', 5)));
    const emp = await Promise.all(Array.from({ length: 5 }, () => leaver('cardiff', 5)));
    const silent = await Promise.all(Array.from({ length: 5 }, () => leaver('cardiff', 1)));
    const rows = [
      ...fe.map((p) => `${p.reference},Y11,Cardiff,FE,,`),
      ...emp.map((p) => `${p.reference},11,W06000015,EMP,N,N`),
      ...silent.map((p) => `${p.reference},11,cardiff,,Y,`),
      `${fe[0]!.reference},11,cardiff,FE,,`, // the same leaver twice in one file
      'CW-UNKNOWN,11,cardiff,FE,,',
      `${emp[0]!.reference},10,Bristol,,,`,
    ];
    const stdout = await load(rows, '2022-10-31');
    expect(stdout).toMatch(/destinations from cw\.system \(request [0-9a-f-]{36}\): 19 rows — 16 created, 0 updated, 0 unchanged, 3 rejected/);
    expect(stdout).toContain('row 17 (line 18) rejected: partnerReference repeats the reference of row 1');
    expect(stdout).toContain("row 18 (line 19) rejected: partnerReference names no record of Careers Wales's");
    expect(stdout).toContain('row 19 (line 20) rejected: yearGroup must be 11, 12 or 13; laCode is not a Welsh local authority');

    const res = await report(analyst, 'STATISTICS', { snapshotOn: '2022-10-31' });
    expect(res.body.errors).toBeUndefined();
    const r = res.body.data!.destinationsReport;
    expect(r.snapshotOn).toBe('2022-10-31');
    const g = r.groups.find((x) => x.laCode === 'cardiff' && x.yearGroup === 11)!;
    expect(g).toMatchObject({ leavers: shown(16), respondents: shown(11), nonRespondents: shown(5), leftArea: shown(0), neet: shown(0) });
    const by = new Map(g.destinations.map((d) => [d.destination, d.count]));
    expect(by.get('FURTHER_EDUCATION')).toEqual(shown(6));
    expect(by.get('EMPLOYMENT')).toEqual(shown(5));
    expect(by.get('NEET_AVAILABLE')).toEqual(shown(0));
    // Non-respondents are not in the destinations: they add up to the respondents alone.
    expect(g.destinations.reduce((sum, d) => sum + (d.count.value ?? 0), 0)).toBe(11);
    expect(r.totals['nonRespondents']).toEqual(shown(5));
    // Suppression is decided over the whole snapshot: a report of one LA shows exactly the cells of the full one.
    const cardiff = (await report(adviser, 'TRACKING', { snapshotOn: '2022-10-31', laCode: 'cardiff', yearGroup: 11 })).body.data!.destinationsReport;
    expect(cardiff.groups).toEqual([g]);
    expect(cardiff.totals).toEqual({ leavers: g.leavers, respondents: g.respondents, nonRespondents: g.nonRespondents, leftArea: g.leftArea });

    const events = (await t.infra.ds.query(
      `SELECT reason, count(*)::int AS n FROM tier_event WHERE kind = 'DESTINATION_RETURN' AND person_id = ANY($1::uuid[]) GROUP BY reason ORDER BY reason`,
      [[...fe, ...emp, ...silent].map((p) => p.personId)],
    )) as Array<{ reason: string; n: number }>;
    expect(events).toEqual([
      { reason: 'EMPLOYMENT', n: 5 },
      { reason: 'FURTHER_EDUCATION', n: 6 },
      { reason: 'NON_RESPONDENT', n: 5 },
    ]);

    // Loaded again: unchanged; a corrected row is a new version of that return.
    const again = await load([...fe.map((p) => `${p.reference},11,cardiff,FE,,`).slice(0, 5), `${fe[5]!.reference},11,cardiff,NEET,,`], '2022-10-31');
    expect(again).toMatch(/6 rows — 0 created, 1 updated, 5 unchanged, 0 rejected/);
    const [v] = (await t.infra.ds.query(
      `SELECT d.version, d.destination FROM destination_return d JOIN source_record sr ON sr.id = d.source_record_id WHERE sr.person_id = $1`,
      [fe[5]!.personId],
    )) as [{ version: number; destination: string }];
    expect(v).toEqual({ version: 2, destination: 'NEET_AVAILABLE' });
  });

  it("a non-respondent in tier 1 reaches the EPC of the area where they live; a tier-3 leaver's return does not, and no other EPC sees either", async () => {
    const unknown = await leaver('cardiff', 1);
    const known = await leaver('cardiff', 3);
    expect(await load([`${unknown.reference},12,cardiff,,yes,`, `${known.reference},12,cardiff,EMP,,`], '2024-10-31')).toMatch(/2 created/);
    const forEpc = await returns(epcCardiff, 'UNKNOWN_RESOLUTION', { snapshotOn: '2024-10-31' });
    expect(forEpc.body.errors).toBeUndefined();
    const ids = forEpc.body.data!.destinationReturns.edges.map((e) => e.node.youngPersonId);
    expect(ids).toContain(unknown.personId);
    expect(ids).not.toContain(known.personId);
    expect(forEpc.body.data!.destinationReturns.edges.find((e) => e.node.youngPersonId === unknown.personId)!.node).toMatchObject({ nonRespondent: true, destination: null });
    const nonRespondents = await returns(epcCardiff, 'UNKNOWN_RESOLUTION', { snapshotOn: '2024-10-31', nonRespondent: true });
    expect(nonRespondents.body.data!.destinationReturns.edges.map((e) => e.node.youngPersonId)).toEqual([unknown.personId]);
    const elsewhere = await returns(epcGwynedd, 'UNKNOWN_RESOLUTION', { snapshotOn: '2024-10-31' });
    expect(elsewhere.body.data!.destinationReturns.edges).toEqual([]);
    const cw = await returns(adviser, 'TRACKING', { snapshotOn: '2024-10-31' });
    expect(cw.body.data!.destinationReturns.edges.map((e) => e.node.youngPersonId)).toEqual(expect.arrayContaining([unknown.personId, known.personId]));
    // Once Careers Wales finds the young person and assesses tier 3, the EPC no longer receives the return.
    await setTier(t.infra.ds, unknown.personId, 3);
    const after = await returns(epcCardiff, 'UNKNOWN_RESOLUTION', { snapshotOn: '2024-10-31' });
    expect(after.body.data!.destinationReturns.edges.map((e) => e.node.youngPersonId)).not.toContain(unknown.personId);
  });

  it('suppresses small cells in the report, and a second cell wherever one could be worked back from a total', async () => {
    const fe = await Promise.all(Array.from({ length: 7 }, () => leaver('gwynedd', 5)));
    const emp = await Promise.all(Array.from({ length: 2 }, () => leaver('gwynedd', 5)));
    const silent = await leaver('gwynedd', 1);
    const away = await Promise.all(Array.from({ length: 6 }, () => leaver('gwynedd', 1)));
    await load(
      [
        ...fe.map((p) => `${p.reference},13,gwynedd,FE,,`),
        ...emp.map((p) => `${p.reference},13,gwynedd,EMP,,`),
        `${silent.reference},13,gwynedd,,Y,`,
        ...away.map((p) => `${p.reference},13,gwynedd,,,Y`),
      ],
      '2023-10-31',
    );
    const res = await report(epcGwynedd, 'TRACKING', { snapshotOn: '2023-10-31', laCode: 'gwynedd' });
    expect(res.body.errors).toBeUndefined();
    const g = res.body.data!.destinationsReport.groups.find((x) => x.yearGroup === 13)!;
    const by = new Map(g.destinations.map((d) => [d.destination, d.count]));
    // Employment (2) and the non-respondent (1) are small; further education (7) would give employment away from
    // the respondents (9), so it goes too; the non-respondent would be given away by the leavers less the
    // respondents and those who left the area, so one of those goes too. Zero and the leavers stay.
    expect(by.get('EMPLOYMENT')).toEqual(hidden);
    expect(by.get('FURTHER_EDUCATION')).toEqual(hidden);
    expect(by.get('HIGHER_EDUCATION')).toEqual(shown(0));
    expect(g.nonRespondents).toEqual(hidden);
    expect(g.leavers).toEqual(shown(16));
    // Whatever was chosen, no relation of the group is left with exactly one hidden cell (it could be worked back).
    const hiddenIn = (cells: Cell[]): number => cells.filter((c) => c.suppressed).length;
    for (const cells of [
      [g.leavers, g.respondents, g.nonRespondents, g.leftArea],
      [g.respondents, ...g.destinations.map((d) => d.count)],
      [g.neet, by.get('NEET_AVAILABLE')!, by.get('NEET_NOT_AVAILABLE')!],
    ]) {
      expect(hiddenIn(cells)).not.toBe(1);
    }
    expect(res.body.data!.destinationsReport.suppression).toContain('Counts from 1 to 4 are null with suppressed = true');
  });

  it('the report is for analysts, EPCs and Careers Wales under a reporting purpose; the survey is loaded by Careers Wales only', async () => {
    // A college's pastoral lead by role (its system could not send the query at all: it is no registered operation).
    const college = await tokenFor(t.infra, 'college.cardiff.pastoral');
    expect((await report(college, 'TRACKING', {})).body.errors?.[0]).toMatchObject({
      message: 'Role PROVIDER_PASTORAL may not read DestinationsReport (destinationsReport)',
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await report(epcCardiff, 'BROKERAGE', {})).body.errors?.[0]?.message).toContain('PURPOSE_NOT_PERMITTED');
    expect((await returns(analyst, 'STATISTICS', {})).body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await writeFile(join(dir, 'by-school.csv'), 'CW Ref,Year,LA,Destination\nX,11,cardiff,FE\n');
    await writeFile(join(dir, 'by-school.json'), JSON.stringify({ partnerReference: 'CW Ref', yearGroup: 'Year', laCode: 'LA', destination: 'Destination' }));
    const refused = run(
      process.execPath,
      ['--import', 'tsx', 'src/modules/imports/import-cli.ts', '--kind', 'destinations', '--partner', 'school.cardiff', '--file', join(dir, 'by-school.csv'), '--map', join(dir, 'by-school.json')],
      { env: process.env },
    );
    await expect(refused).rejects.toMatchObject({ stderr: expect.stringContaining('Only Careers Wales loads its destinations survey') });
  });
});
