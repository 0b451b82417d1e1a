// The character encoding of a partner's CSV export, decided from all of its bytes before any row is loaded:
// UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark, or Windows-1252 when the bytes are
// not UTF-8. What cannot be decoded, or could be read two ways, is refused naming its line, never guessed at.
import { isAscii, isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';

/** The encodings the loader reads (ISO-8859-14, Latin-8, is the one single-byte encoding with ŵ and ŷ). */
export const CSV_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-14'] as const;

/** One encoding the loader reads. */
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

// Latin-1 is read as Windows-1252, as browsers do: they agree on every printable character.
const NAMES: Readonly<Record<string, CsvEncoding>> = {
  'utf-8': 'utf-8', utf8: 'utf-8',
  'utf-16le': 'utf-16le', utf16le: 'utf-16le', 'utf-16be': 'utf-16be', utf16be: 'utf-16be',
  'windows-1252': 'windows-1252', cp1252: 'windows-1252', latin1: 'windows-1252', 'latin-1': 'windows-1252', 'iso-8859-1': 'windows-1252',
  'iso-8859-14': 'iso-8859-14', latin8: 'iso-8859-14',
};

/** The file itself was refused (size, encoding, CSV structure); the message says why and on which line, never a value. */
export class CsvRefusedError extends Error {
  override name = 'CsvRefusedError';
}

/** The encoding a file is read with, and why. */
export interface EncodingChoice {
  encoding: CsvEncoding;
  /** Whether the file starts with a byte order mark (skipped when decoding). */
  bom: boolean;
  /** Given with --encoding, or how it was detected. */
  basis: string;
}

/** The encoding a --encoding value names; throws listing the ones the loader reads. */
export function encodingNamed(name: string): CsvEncoding {
  const found = NAMES[name.trim().toLowerCase()];
  if (!found) throw new CsvRefusedError(`--encoding ${JSON.stringify(name)} is not one the loader reads (${CSV_ENCODINGS.join(', ')}; latin1 means windows-1252)`);
  return found;
}

/** The choice as the loader prints it, e.g. `windows-1252 (detected: line 2 is not valid UTF-8)`. */
export function describeEncoding(choice: EncodingChoice): string {
  return `${choice.encoding}${choice.bom ? ' with a byte order mark' : ''} (${choice.basis})`;
}

const CHUNK_BYTES = 1 << 20;
// Bytes Windows-1252 leaves undefined (decoders turn them into C1 control characters: never text).
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
// Þ Ð ð þ in Windows-1252 are Ŷ Ŵ ŵ ŷ in ISO-8859-14: in a Welsh export the second reading is the likely one.
const READ_AS_LATIN8: Readonly<Record<number, [string, string]>> = { 0xd0: ['Ð', 'Ŵ'], 0xde: ['Þ', 'Ŷ'], 0xf0: ['ð', 'ŵ'], 0xfe: ['þ', 'ŷ'] };

/**
 * Reads the whole file once (never holding more than a chunk) and decides its encoding: the given one, checked,
 * or a byte order mark, checked, or UTF-8 when every byte is UTF-8, else Windows-1252. Throws CsvRefusedError
 * naming the line for bytes that do not decode, a NUL byte, a file mixing UTF-8 with another encoding, or a
 * byte that Welsh text would mean as ISO-8859-14.
 */
export async function chooseEncoding(path: string, given: CsvEncoding | null): Promise<EncodingChoice> {
  const head = await firstBytes(path, 4);
  const utf8Bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const le = head[0] === 0xff && head[1] === 0xfe;
  const be = head[0] === 0xfe && head[1] === 0xff;
  if (given) {
    const bom = (given === 'utf-8' && utf8Bom) || (given === 'utf-16le' && le) || (given === 'utf-16be' && be);
    if (given === 'utf-8') {
      const scan = await scanUtf8(path, bom ? 3 : 0);
      if (scan.invalidLine !== null) throw new CsvRefusedError(`line ${scan.invalidLine} is not valid UTF-8 (the encoding given with --encoding)`);
    } else if (given === 'utf-16le' || given === 'utf-16be') {
      const bad = await scanUtf16(path, given === 'utf-16be', bom ? 2 : 0);
      if (bad !== null) throw new CsvRefusedError(`line ${bad} is not valid ${given.toUpperCase()} (the encoding given with --encoding)`);
    } else if (given === 'windows-1252') {
      const scan = await scanSingleByte(path);
      if (scan.undefinedByte) throw new CsvRefusedError(`line ${scan.undefinedByte.line} holds byte ${hex(scan.undefinedByte.byte)}, which Windows-1252 does not define`);
    }
    return { encoding: given, bom, basis: 'given with --encoding' };
  }
  if (le && head[2] === 0 && head[3] === 0) throw new CsvRefusedError('the file is UTF-32, which the loader does not read: save it as UTF-8');
  if (le || be) {
    const encoding = le ? 'utf-16le' : 'utf-16be';
    const bad = await scanUtf16(path, be, 2);
    if (bad !== null) throw new CsvRefusedError(`the file starts with a ${encoding.toUpperCase()} byte order mark but line ${bad} is not valid ${encoding.toUpperCase()}`);
    return { encoding, bom: true, basis: 'detected: byte order mark' };
  }
  const scan = await scanUtf8(path, utf8Bom ? 3 : 0);
  if (scan.nulLine !== null) throw nulRefusal(scan.nulLine);
  if (scan.invalidLine === null) return { encoding: 'utf-8', bom: utf8Bom, basis: utf8Bom ? 'detected: byte order mark' : 'detected' };
  if (utf8Bom) throw new CsvRefusedError(`the file starts with a UTF-8 byte order mark but line ${scan.invalidLine} is not valid UTF-8`);
  const legacy = await scanSingleByte(path);
  const utf8Line = scan.firstMultibyteLine ?? legacy.utf8SequenceLine;
  if (legacy.nulLine !== null) throw nulRefusal(legacy.nulLine);
  if (utf8Line !== null) {
    throw new CsvRefusedError(
      `the file mixes encodings: line ${utf8Line} is UTF-8 but line ${scan.invalidLine} is not; save it in one encoding, or give --encoding to read all of it one way`,
    );
  }
  if (legacy.undefinedByte) {
    const { line, byte } = legacy.undefinedByte;
    throw new CsvRefusedError(`line ${line} holds byte ${hex(byte)}, which is neither UTF-8 nor Windows-1252: save the file as UTF-8`);
  }
  if (legacy.latin8) {
    const { line, byte } = legacy.latin8;
    const [w, l] = READ_AS_LATIN8[byte]!;
    throw new CsvRefusedError(
      `line ${line} holds byte ${hex(byte)}: "${w}" in Windows-1252 but "${l}" in ISO-8859-14 (Latin-8, used for Welsh); ` +
        'say which with --encoding windows-1252 or --encoding iso-8859-14',
    );
  }
  return { encoding: 'windows-1252', bom: false, basis: `detected: line ${scan.invalidLine} is not valid UTF-8` };
}

/**
 * A stream that turns the file's bytes into UTF-8 (byte order mark removed). Fails with CsvRefusedError if the
 * bytes no longer decode (the file changed after its encoding was chosen) rather than replacing them.
 */
export function toUtf8(choice: EncodingChoice): Transform {
  const decoder = new TextDecoder(choice.encoding, { fatal: true });
  const changed = (): CsvRefusedError => new CsvRefusedError(`the file changed while it was read: it is no longer valid ${choice.encoding}`);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        done(changed());
        return;
      }
      if (text.length > 0) this.push(Buffer.from(text, 'utf8'));
      done();
    },
    flush(done) {
      let text: string;
      try {
        text = decoder.decode();
      } catch {
        done(changed());
        return;
      }
      if (text.length > 0) this.push(Buffer.from(text, 'utf8'));
      done();
    },
  });
}

function nulRefusal(line: number): CsvRefusedError {
  return new CsvRefusedError(
    `line ${line} holds a NUL byte: the file is not text, or is UTF-16 without a byte order mark (then give --encoding utf-16le or utf-16be)`,
  );
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

async function firstBytes(path: string, n: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await file.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

async function* chunksOf(path: string, skip: number): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES, start: skip })) yield chunk as Buffer;
}

function newlines(buf: Uint8Array): number {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let n = 0;
  for (let p = b.indexOf(10); p !== -1; p = b.indexOf(10, p + 1)) n++;
  return n;
}

interface Utf8Scan {
  /** The line of the first byte that is not UTF-8, or null when all are. */
  invalidLine: number | null;
  /** The line of the first character beyond ASCII before that byte (proof that part of the file is UTF-8). */
  firstMultibyteLine: number | null;
  nulLine: number | null;
}

/** Checks UTF-8 a chunk at a time with the native validator, finding the exact byte only in the chunk that fails. */
async function scanUtf8(path: string, skip: number): Promise<Utf8Scan> {
  let line = 1;
  let carry: Buffer = Buffer.alloc(0);
  let firstMultibyteLine: number | null = null;
  let nulLine: number | null = null;
  for await (const chunk of chunksOf(path, skip)) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const cut = incompleteTail(data);
    const body = data.subarray(0, cut);
    carry = Buffer.from(data.subarray(cut));
    if (nulLine === null) {
      const at = body.indexOf(0);
      if (at !== -1) nulLine = line + newlines(body.subarray(0, at));
    }
    const bad = isUtf8(body) ? -1 : firstInvalidUtf8(body);
    const upTo = bad === -1 ? body : body.subarray(0, bad);
    if (firstMultibyteLine === null && !isAscii(upTo)) firstMultibyteLine = line + newlines(upTo.subarray(0, upTo.findIndex((b) => b >= 0x80)));
    if (bad !== -1) return { invalidLine: line + newlines(upTo), firstMultibyteLine, nulLine };
    line += newlines(body);
  }
  return { invalidLine: carry.length > 0 ? line : null, firstMultibyteLine, nulLine };
}

/** Where a UTF-8 sequence cut off by the end of the buffer starts (the buffer's length when none is). */
function incompleteTail(b: Buffer): number {
  for (let j = b.length - 1; j >= Math.max(0, b.length - 3); j--) {
    const c = b[j]!;
    if ((c & 0xc0) === 0x80) continue;
    if (c >= 0xc0) return j + (c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2) > b.length ? j : b.length;
    return b.length;
  }
  return b.length;
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f; // nothing beyond U+10FFFF
    } else return i;
    if (i + need >= b.length) return i;
    const second = b[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

interface SingleByteScan {
  undefinedByte: { line: number; byte: number } | null;
  latin8: { line: number; byte: number } | null;
  /** The first line holding a well-formed multi-byte UTF-8 sequence (a sign of a file mixing encodings). */
  utf8SequenceLine: number | null;
  nulLine: number | null;
}

/** One pass over a file that is not UTF-8, byte by byte: what reading it as Windows-1252 would get wrong. */
async function scanSingleByte(path: string): Promise<SingleByteScan> {
  const out: SingleByteScan = { undefinedByte: null, latin8: null, utf8SequenceLine: null, nulLine: null };
  let line = 1;
  let pending = 0; // continuation bytes still expected by a UTF-8 lead byte
  let sequenceLine = 1;
  for await (const chunk of chunksOf(path, 0)) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c < 0x80) {
        if (c === 0x0a) line++;
        else if (c === 0 && out.nulLine === null) out.nulLine = line;
        pending = 0;
        continue;
      }
      if (pending > 0 && (c & 0xc0) === 0x80) {
        if (--pending === 0 && out.utf8SequenceLine === null) out.utf8SequenceLine = sequenceLine;
      } else {
        pending = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
        sequenceLine = line;
      }
      if (out.undefinedByte === null && UNDEFINED_IN_1252.has(c)) out.undefinedByte = { line, byte: c };
      if (out.latin8 === null && c in READ_AS_LATIN8) out.latin8 = { line, byte: c };
    }
  }
  return out;
}

/** The line of the first unpaired surrogate (or odd trailing byte) in UTF-16, or null when the file decodes. */
async function scanUtf16(path: string, bigEndian: boolean, skip: number): Promise<number | null> {
  let line = 1;
  let odd: number | null = null;
  let highSurrogate = false;
  for await (const chunk of chunksOf(path, skip)) {
    let i = 0;
    const unitAt = (a: number, b: number): number => (bigEndian ? (a << 8) | b : (b << 8) | a);
    const units: number[] = [];
    if (odd !== null && chunk.length > 0) {
      units.push(unitAt(odd, chunk[0]!));
      odd = null;
      i = 1;
    }
    for (; i + 1 < chunk.length; i += 2) units.push(unitAt(chunk[i]!, chunk[i + 1]!));
    if (i < chunk.length) odd = chunk[i]!;
    for (const u of units) {
      if (highSurrogate) {
        if (u < 0xdc00 || u > 0xdfff) return line;
        highSurrogate = false;
        continue;
      }
      if (u >= 0xd800 && u <= 0xdbff) highSurrogate = true;
      else if (u >= 0xdc00 && u <= 0xdfff) return line;
      else if (u === 0x0a) line++;
    }
  }
  return odd !== null || highSurrogate ? line : null;
}
