import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditDeniedRole } from './support/audit.js';
import { startTestApi, type TestApi } from './support/harness.js';
import { resetMatching } from './support/matching.js';

const run = promisify(execFile);

describe('CSV import and links export from the command line', () => {
  let t: TestApi;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApi();
    await resetMatching();
    dir = await mkdtemp(join(tmpdir(), 'cyswllt-import-'));
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("loads any partner's export through a column mapping, reports bad rows, waits for matching, and exports the people", async () => {
    await writeFile(
      join(dir, 'learners.csv'),
      [
        'Learner Ref,Forename,Surname,Birth Date,Post Code',
        'L-1,Siân,Ap-Rhys,04/03/2009,CF10 1AA',
        'L-2,Sian,Aprhys,03/04/2009,cf101aa',
        'L-3,Osian,Pugh,31/02/2008,CF14 2AB',
        ',Cerys,Evans,01/01/2010,CF5 1AA',
        'L-5,Mali,"Jones-Williams",12/12/2010,CF11 9XX',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'map.json'),
      JSON.stringify({ partnerReference: 'Learner Ref', givenName: 'Forename', familyName: 'Surname', dateOfBirth: { columns: 'Birth Date', format: 'DD/MM/YYYY' }, postcode: 'Post Code' }),
    );
    const problems = join(dir, 'problems.csv');
    const args = ['--import', 'tsx', 'src/modules/imports/import-cli.ts', '--partner', 'college.cardiff', '--file', join(dir, 'learners.csv'), '--map', join(dir, 'map.json')];
    // One row is rejected, more than the default --max-rejected 0: every row that can land lands, and the exit code says so.
    const failed = await run(process.execPath, [...args, '--problems', problems], { env: process.env }).then(
      () => null,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failed?.code).toBe(2);
    const stdout = failed!.stdout;
    expect(failed!.stderr).toContain('import finished with 1 rejected rows, more than --max-rejected 0');
    expect(stdout).toMatch(/5 rows — 4 created, 0 updated, 0 unchanged, 1 rejected; 4\/4 matched; status DONE/);
    const [, importId, requestId] = /^import ([0-9a-f-]{36}) \(request ([0-9a-f-]{36})\)/m.exec(stdout)!;
    const rejectedAt = stdout.indexOf('row 4 (line 5) rejected: partnerReference is required');
    const warnedAt = stdout.indexOf('row 3 (line 4) warning: dateOfBirth is not a real calendar date; kept as written and compared digit by digit');
    expect(rejectedAt).toBeGreaterThan(0);
    expect(warnedAt).toBeGreaterThan(rejectedAt); // rejections first
    expect((await readFile(problems, 'utf8')).trim().split('\n')).toEqual([
      'row,line,outcome,field,reason',
      '3,4,WARNING,dateOfBirth,is not a real calendar date; kept as written and compared digit by digit',
      '4,5,REJECTED,partnerReference,is required',
    ]);
    // Within the limit the loader exits 0 (the same file again: every row unchanged, the same row rejected).
    const again = await run(process.execPath, [...args, '--max-rejected', '1'], { env: process.env });
    expect(again.stdout).toMatch(/5 rows — 0 created, 0 updated, 4 unchanged, 1 rejected/);

    const out = join(dir, 'links.csv');
    await run(process.execPath, ['--import', 'tsx', 'src/modules/matching/links-export-cli.ts', '--out', out], { env: process.env });
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('partner,partner_reference,person_id');
    const person = (ref: string) => lines.find((l) => l.split(',')[1] === ref)!.split(',')[2];
    expect(person('L-1')).toMatch(/^[0-9a-f-]{36}$/);
    // A college's learner list holds each learner once: its two near-identical rows (a day/month swap) are held for a
    // person to review, not joined by score alone.
    expect(person('L-2')).not.toBe(person('L-1'));
    expect(person('L-5')).not.toBe(person('L-1'));
    const held = (await t.infra.ds.query(
      `SELECT mc.status, mc.conflict FROM match_candidate mc
         JOIN source_record a ON a.id = mc.record_a_id JOIN source_record b ON b.id = mc.record_b_id
        WHERE ARRAY[a.partner_reference, b.partner_reference]::text[] @> ARRAY['L-1','L-2']`,
    )) as Array<{ status: string; conflict: string }>;
    expect(held).toEqual([{ status: 'REVIEW', conflict: 'SAME_SOURCE' }]);

    // The loader's changes are in the access log, in the college's name: by request id, the import's own rows;
    // by import id, those and the matcher's (acting for the college), listing the persons it made.
    const college = (await t.infra.services.principals.findByHandle('college.cardiff'))!.id;
    const logged = (await t.infra.ds.query(
      `SELECT request_id, event, operation, principal_id, person_id, details::jsonb AS details FROM access_event
        WHERE details::jsonb->>'importId' = $1 ORDER BY seq`,
      [importId],
    )) as Array<{ request_id: string; event: string; operation: string; principal_id: string; person_id: string | null; details: Record<string, unknown> }>;
    const own = logged.filter((r) => r.request_id === requestId);
    expect(own.map((r) => [r.event, r.operation])).toEqual([
      ['import.opened', 'cli import'],
      ['record.received', 'cli import'],
      ['import.sealed', 'cli import'],
    ]);
    expect(own[1]!.details).toMatchObject({ rows: 5, created: 4, rejected: 1 });
    const matched = logged.filter((r) => r.request_id !== requestId);
    expect(matched.map((r) => r.event)).toEqual(['person.created']);
    const made = matched[0]!.details['personRecordIds'] as string[][];
    expect(new Map(made.map(([p, ...ids]) => [p, ids.length]))).toEqual(
      new Map([[person('L-1'), 1], [person('L-2'), 1], [person('L-3'), 1], [person('L-5'), 1]]),
    );
    expect(new Set(logged.map((r) => r.principal_id))).toEqual(new Set([college]));
  }, 120_000); // three runs of the loader and one of the exporter, each a process of its own

  it('stops with exit code 1, naming the problem, when the access log cannot be written; nothing is loaded', async () => {
    await writeFile(join(dir, 'more.csv'), ['Learner Ref,Forename,Surname', 'L-9,Gwen,Morgan'].join('\n'));
    await writeFile(join(dir, 'map2.json'), JSON.stringify({ partnerReference: 'Learner Ref', givenName: 'Forename', familyName: 'Surname' }));
    const count = async (): Promise<number> => ((await t.infra.ds.query('SELECT count(*)::int AS n FROM import_batch')) as [{ n: number }])[0].n;
    const before = await count();
    const role = await createAuditDeniedRole('no_cli_audit');
    try {
      const failed = await run(
        process.execPath,
        ['--import', 'tsx', 'src/modules/imports/import-cli.ts', '--partner', 'college.cardiff', '--file', join(dir, 'more.csv'), '--map', join(dir, 'map2.json')],
        { env: { ...process.env, DATABASE_URL: role.url } },
      ).then(
        () => null,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain(
        'import failed: the access log could not be written (SQLSTATE 42501), so nothing was changed: no import was opened and no row was loaded',
      );
    } finally {
      await role.drop();
    }
    expect(await count()).toBe(before);
    expect(await t.infra.ds.query(`SELECT 1 FROM source_record WHERE partner_reference = 'L-9'`)).toEqual([]);
  });
});
