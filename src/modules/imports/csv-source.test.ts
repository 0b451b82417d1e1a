import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, describeEncoding, encodingNamed, firstInvalidUtf8, type CsvEncoding } from './csv-encoding.js';
import { openCsv, type CsvRow } from './csv-source.js';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cyswllt-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = async (content: string | Buffer): Promise<string> => {
  const path = join(dir, `f${n++}.csv`);
  await writeFile(path, content);
  return path;
};
const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
const detect = async (content: string | Buffer, given: CsvEncoding | null = null): Promise<string> => describeEncoding(await chooseEncoding(await file(content), given));

/** Every row of a file, read in parts of `size`, as [row, line, values]. */
async function readAll(content: string | Buffer, size = 2): Promise<{ header: readonly string[]; parts: Array<Array<[number, number, Record<string, string>]>> }> {
  const path = await file(content);
  const csv = await openCsv(path, await chooseEncoding(path, null));
  const parts: Array<Array<[number, number, Record<string, string>]>> = [];
  for await (const part of csv.parts(size)) parts.push(part.map((r: CsvRow) => [r.rowNumber, r.line, r.values]));
  return { header: csv.header, parts };
}

describe('CSV encoding', () => {
  it('detects UTF-8 with and without a byte order mark, UTF-16 by its byte order mark, and Windows-1252 when the bytes are not UTF-8', async () => {
    expect(await detect('Ref,Name\n1,Llŷr\n')).toBe('utf-8 (detected)');
    expect(await detect(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Ref,Name\n1,Llŷr\n')]))).toBe('utf-8 with a byte order mark (detected: byte order mark)');
    expect(await detect(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ref,Name\r\n1,Llŷr\r\n', 'utf16le')]))).toBe(
      'utf-16le with a byte order mark (detected: byte order mark)',
    );
    expect(await detect(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Ref,Name\n1,Llŷr\n', 'utf16le').swap16()]))).toBe(
      'utf-16be with a byte order mark (detected: byte order mark)',
    );
    expect(await detect(latin1('Ref,Name\n1,Dafydd\n2,Si\xf4n O\x92Brien\n'))).toBe('windows-1252 (detected: line 3 is not valid UTF-8)');
    expect(await detect(latin1('Ref,Name\n1,Ll\xfer\n'), 'iso-8859-14')).toBe('iso-8859-14 (given with --encoding)');
    expect(encodingNamed('Latin1')).toBe('windows-1252');
    expect(() => encodingNamed('ebcdic')).toThrow(/"ebcdic" is not one the loader reads \(utf-8, utf-16le, utf-16be, windows-1252, iso-8859-14/);
  });

  it('refuses what does not decode, or could be read two ways, naming the line', async () => {
    await expect(detect(latin1('Ref,Name\n1,ok\n2,x\x81y\n'))).rejects.toThrow('line 3 holds byte 0x81, which is neither UTF-8 nor Windows-1252');
    await expect(detect(Buffer.concat([Buffer.from('Ref,Name\n1,Llŷr\n'), latin1('2,Si\xf4n\n')]))).rejects.toThrow(
      'the file mixes encodings: line 2 is UTF-8 but line 3 is not',
    );
    await expect(detect(Buffer.concat([latin1('Ref,Name\n1,Si\xf4n\n'), Buffer.from('2,Llŷr\n')]))).rejects.toThrow(
      'the file mixes encodings: line 3 is UTF-8 but line 2 is not',
    );
    await expect(detect(latin1('Ref,Name\n1,Si\xf4n\n2,Ll\xfer\n'))).rejects.toThrow(
      'line 3 holds byte 0xFE: "þ" in Windows-1252 but "ŷ" in ISO-8859-14 (Latin-8, used for Welsh); say which with --encoding windows-1252 or --encoding iso-8859-14',
    );
    await expect(detect(Buffer.from('Ref,Name\n1,x\n', 'utf16le'))).rejects.toThrow(/^line 1 holds a NUL byte: .*--encoding utf-16le/);
    await expect(detect(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1('Ref\n1\n\xf4\n')]))).rejects.toThrow(
      'the file starts with a UTF-8 byte order mark but line 3 is not valid UTF-8',
    );
    await expect(detect(latin1('Ref,Name\n1,Si\xf4n\n'), 'utf-8')).rejects.toThrow('line 2 is not valid UTF-8 (the encoding given with --encoding)');
    await expect(detect(latin1('Ref\n1\n2\x9d\n'), 'windows-1252')).rejects.toThrow('line 3 holds byte 0x9D, which Windows-1252 does not define');
    await expect(detect(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ref\n1\n', 'utf16le'), Buffer.from([0x00, 0xd8, 0x41, 0x00])]))).rejects.toThrow(
      'the file starts with a UTF-16LE byte order mark but line 3 is not valid UTF-16LE',
    );
    // Given, the same bytes are read as asked (the person who knows the file decides).
    expect(await detect(latin1('Ref,Name\n1,Si\xf4n\n2,Ll\xfer\n'), 'windows-1252')).toBe('windows-1252 (given with --encoding)');
  });

  it('reads a character split across two chunks of the scan as one, and counts lines across chunks', async () => {
    const pad = 'x'.repeat((1 << 20) - 'Ref\n'.length - 1);
    expect(await detect(`Ref\n${pad}ŷ\n`)).toBe('utf-8 (detected)');
    const lines = Array.from({ length: 30_000 }, (_, i) => `R-${i},${'y'.repeat(60)}`).join('\n');
    await expect(detect(Buffer.concat([Buffer.from(`Ref,Name\nR,Llŷr\n${lines}\n`), latin1('Z,\xf4\n')]))).rejects.toThrow(
      'line 2 is UTF-8 but line 30003 is not',
    );
  });

  it('finds the first byte that is not well-formed UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('aŷ€😀'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2); // a surrogate
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // beyond U+10FFFF
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1); // cut short
  });
});

describe('CSV source', () => {
  it('converts to UTF-8 and gives each row the physical line it starts on, past CRLF line breaks inside quoted fields and blank lines', async () => {
    const { header, parts } = await readAll(
      latin1('\r\nRef,Name,Address\r\n1,Si\xf4n,"1 Heol y Frenhines\r\nCaerdydd\r\nCF10"\r\n\r\n  \r\n2,Zo\xeb,x\r\n3,"O\x92Brien",y'),
    );
    expect(header).toEqual(['Ref', 'Name', 'Address']);
    expect(parts).toEqual([
      [
        [1, 3, { Ref: '1', Name: 'Siôn', Address: '1 Heol y Frenhines\r\nCaerdydd\r\nCF10' }],
        [2, 8, { Ref: '2', Name: 'Zoë', Address: 'x' }],
      ],
      [[3, 9, { Ref: '3', Name: 'O’Brien', Address: 'y' }]],
    ]);
  });

  it('counts the lines of a header that spans two', async () => {
    const { header, parts } = await readAll('Ref,"Given\nName"\n1,Osian\n2,Mali\n', 10);
    expect(header).toEqual(['Ref', 'Given\nName']);
    expect(parts).toEqual([[[1, 3, { Ref: '1', 'Given\nName': 'Osian' }], [2, 4, { Ref: '2', 'Given\nName': 'Mali' }]]]);
  });

  it('hands over the rows before a record that is not valid CSV, then names its line and row (never its value)', async () => {
    const path = await file('Ref,Name\n1,"Gwen\nMorgan"\n2,Osian\n3,"Sio\nn\n4,Mali\n');
    const csv = await openCsv(path, await chooseEncoding(path, null));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const part of csv.parts(10)) seen.push(...part.map((r) => r.line));
      })(),
    ).rejects.toThrow(/^line 5 \(row 3\) is not valid CSV: a quoted field is never closed$/);
    expect(seen).toEqual([2, 4]);
    const header = await file('Ref,"Name\n1,x\n');
    await expect(openCsv(header, await chooseEncoding(header, null))).rejects.toThrow('line 1 (the header) is not valid CSV: a quoted field is never closed');
  });

  it('reads a file with a header only as no rows', async () => {
    expect(await readAll('Ref,Name\n')).toEqual({ header: ['Ref', 'Name'], parts: [] });
  });
});
