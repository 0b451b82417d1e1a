import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/modules/imports/import-cli.ts', '--partner', 'college.cardiff', '--file', join(dir, 'learners.csv'), '--map', join(dir, 'map.json')], {
      env: process.env,
    });
    expect(stdout).toMatch(/5 rows — 3 created, 0 updated, 0 unchanged, 2 rejected; 3\/3 matched; status DONE/);
    expect(stdout).toContain('row 3 (line 4) rejected: dateOfBirth is not a real date in the form YYYY-MM-DD');
    expect(stdout).toContain('row 4 (line 5) rejected: partnerReference is required');

    const out = join(dir, 'links.csv');
    await run(process.execPath, ['--import', 'tsx', 'src/modules/matching/links-export-cli.ts', '--out', out], { env: process.env });
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('partner,partner_reference,person_id');
    const person = (ref: string) => lines.find((l) => l.split(',')[1] === ref)!.split(',')[2];
    expect(person('L-1')).toMatch(/^[0-9a-f-]{36}$/);
    expect(person('L-2')).toBe(person('L-1'));
    expect(person('L-5')).not.toBe(person('L-1'));
  });
});
