import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runImport, LEARNERS_MAPPING } from './support/import-cli.js';
import { startTestApi, type TestApi } from './support/harness.js';
import { resetMatching } from './support/matching.js';

describe('CSV import: encodings, line numbers, size limit, a file that stops being CSV', () => {
  let t: TestApi;
  let dir: string;
  let map: string;
  beforeAll(async () => {
    t = await startTestApi();
    dir = await mkdtemp(join(tmpdir(), 'cyswllt-import-stream-'));
    map = join(dir, 'map.json');
    await writeFile(map, JSON.stringify(LEARNERS_MAPPING));
  });
  beforeEach(async () => {
    await resetMatching();
  });
  afterAll(async () => {
    await resetMatching();
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const csv = async (name: string, content: string | Buffer): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
  const load = (file: string, ...extra: string[]) => runImport(['--partner', 'college.cardiff', '--file', file, '--map', map, '--no-wait', ...extra]);
  const names = async (): Promise<Record<string, string>> =>
    Object.fromEntries(
      ((await t.infra.ds.query(`SELECT partner_reference AS ref, given_name || ' ' || family_name AS name FROM source_record ORDER BY 1`)) as Array<{ ref: string; name: string }>).map(
        (r) => [r.ref, r.name],
      ),
    );
  const imports = async (): Promise<Array<{ status: string; total_rows: number; failure_reason: string | null }>> =>
    (await t.infra.ds.query('SELECT status, total_rows, failure_reason FROM import_batch ORDER BY created_at')) as Array<{ status: string; total_rows: number; failure_reason: string | null }>;
  const HEADER = 'Learner Ref,Forename,Surname,Birth Date,Post Code';

  it('reads a Windows-1252 export with the right names and says so (it used to store Si\\uFFFDn)', async () => {
    const file = await csv('cp1252.csv', Buffer.from(`${HEADER}\r\nW-1,Si\xf4n,O\x92Brien,04/03/2009,CF10 1AA\r\nW-2,Gwenll\xefan,Zo\xeb-Evans,05/06/2010,CF11 2BB\r\n`, 'latin1'));
    const run = await load(file);
    expect(run.stderr).not.toContain('import failed');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('read as windows-1252 (detected: line 2 is not valid UTF-8)');
    expect(run.stdout).toMatch(/2 rows — 2 created, 0 updated, 0 unchanged, 0 rejected/);
    expect(await names()).toEqual({ 'W-1': 'Siôn O’Brien', 'W-2': 'Gwenllïan Zoë-Evans' });
  });

  it('refuses a byte Welsh text would mean as ISO-8859-14 (ŷ, ŵ: Windows-1252 has neither), naming the line; --encoding reads it', async () => {
    const file = await csv('latin8.csv', Buffer.from(`${HEADER}\nL-1,Si\xf4n,Jones,04/03/2009,CF10 1AA\nL-2,Ll\xfer,Pugh,05/06/2010,CF11 2BB\n`, 'latin1'));
    const refused = await load(file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'import failed: line 3 holds byte 0xFE: "þ" in Windows-1252 but "ŷ" in ISO-8859-14 (Latin-8, used for Welsh); say which with --encoding windows-1252 or --encoding iso-8859-14',
    );
    expect(await imports()).toEqual([]); // refused before any import was opened

    const given = await load(file, '--encoding', 'iso-8859-14');
    expect(given.code).toBe(0);
    expect(given.stdout).toContain('read as iso-8859-14 (given with --encoding)');
    expect(await names()).toEqual({ 'L-1': 'Siôn Jones', 'L-2': 'Llŷr Pugh' });
  });

  it('reads UTF-8 with a byte order mark: the first column keeps its name and nothing is refused', async () => {
    const file = await csv('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADER}\nB-1,Llŷr,Prŷs,04/03/2009,CF10 1AA\n`)]));
    const run = await load(file);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('read as utf-8 with a byte order mark (detected: byte order mark)');
    expect(await names()).toEqual({ 'B-1': 'Llŷr Prŷs' });
  });

  it('refuses an undecodable file before loading anything, naming the line', async () => {
    const file = await csv('bad.csv', Buffer.from(`${HEADER}\nX-1,Osian,Pugh,04/03/2009,CF10 1AA\nX-2,Gw\x81en,Pugh,04/03/2009,CF10 1AA\n`, 'latin1'));
    const run = await load(file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('import failed: line 3 holds byte 0x81, which is neither UTF-8 nor Windows-1252: save the file as UTF-8');
    expect(await imports()).toEqual([]);
  });

  it('reports the line a bad row starts on, after a quoted field with line breaks and a blank line', async () => {
    const file = await csv(
      'lines.csv',
      [
        'Learner Ref,Forename,Surname,Birth Date,Post Code',
        'N-1,"Mari\r\nAnn",Evans,04/03/2009,"CF10\r\n1AA"', // lines 2–4
        '',
        'N-2,Osian,Pugh,31/02/2008,CF14 2AB', // line 6: not a real date
        ',Cerys,Evans,01/01/2010,CF5 1AA', // line 7: no reference
      ].join('\r\n'),
    );
    const run = await load(file, '--max-rejected', '1');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/3 rows — 2 created, 0 updated, 0 unchanged, 1 rejected/);
    expect(run.stdout).toContain('row 2 (line 6) warning: dateOfBirth is not a real calendar date; kept as written and compared digit by digit');
    expect(run.stdout).toContain('row 3 (line 7) rejected: partnerReference is required');
  });

  it('refuses a file over IMPORT_MAX_FILE_BYTES before reading it, with the limit in the message; at the limit it loads', async () => {
    const file = await csv('limit.csv', `${HEADER}\nS-1,Osian,Pugh,04/03/2009,CF10 1AA\n`);
    const { size } = await stat(file);
    const over = await runImport(['--partner', 'college.cardiff', '--file', file, '--map', map, '--no-wait'], { IMPORT_MAX_FILE_BYTES: String(size - 1) });
    expect(over.code).toBe(1);
    expect(over.stderr).toContain(
      `import failed: the file is ${size} bytes, more than the limit of ${size - 1} bytes (IMPORT_MAX_FILE_BYTES); nothing was read and no import was opened`,
    );
    expect(await imports()).toEqual([]);
    const at = await runImport(['--partner', 'college.cardiff', '--file', file, '--map', map, '--no-wait'], { IMPORT_MAX_FILE_BYTES: String(size) });
    expect(at.code).toBe(0);
    expect(await names()).toEqual({ 'S-1': 'Osian Pugh' });
  });

  it('lands the rows before a record that is not CSV, then closes the import as FAILED naming the line (never the value)', async () => {
    const file = await csv('broken.csv', `${HEADER}\nC-1,Osian,Pugh,04/03/2009,CF10 1AA\nC-2,Mali,Rees,05/03/2009,CF10 1AB\nC-3,"Sioned,Rees,06/03/2009,CF10 1AC\nC-4,Gwen,Owen,07/03/2009,CF10 1AD\n`);
    const run = await load(file);
    expect(run.code).toBe(1);
    const [, importId] = /into import ([0-9a-f-]{36})/.exec(run.stderr) ?? [];
    expect(run.stderr).toContain(
      `import failed: line 4 (row 3) is not valid CSV: a quoted field is never closed: rows 1–2 were loaded into import ${importId}, now closed as FAILED (CSV_INVALID); ` +
        'correct the file and run the same file again to load the rest (rows already loaded count as unchanged)',
    );
    expect(run.stderr).not.toContain('Sioned');
    expect(await imports()).toEqual([{ status: 'FAILED', total_rows: 2, failure_reason: 'CSV_INVALID' }]);
    expect(await names()).toEqual({ 'C-1': 'Osian Pugh', 'C-2': 'Mali Rees' });
    const logged = (await t.infra.ds.query(`SELECT details::jsonb AS details FROM access_event WHERE event = 'import.failed' AND details::jsonb->>'importId' = $1`, [
      importId,
    ])) as Array<{ details: Record<string, unknown> }>;
    expect(logged.map((r) => r.details)).toEqual([{ importId, reason: 'CSV_INVALID', rows: 2, queuedForMatching: 2 }]);
  });
});
