// A partner's CSV export read as a stream: rows come in parts of a fixed size, each with its row number and the
// physical line it starts on, so memory stays flat whatever the size of the file. csv-parse's own line count
// is not used: it counts a CRLF inside a quoted field twice.
import { createReadStream } from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';
import { CsvRefusedError, toUtf8, type EncodingChoice } from './csv-encoding.js';

/** One data row of the file. */
export interface CsvRow {
  /** 1 for the first row after the header. */
  rowNumber: number;
  /** The physical line of the file the row starts on (the header is line 1, blank lines count). */
  line: number;
  values: Record<string, string>;
}

/** An open CSV file whose header has been read. */
export interface CsvSource {
  header: readonly string[];
  /** Bytes of the file read so far (for progress). */
  bytesRead(): number;
  /**
   * The rows in parts of at most `size`. When the file stops being valid CSV, the rows before the bad one come
   * as a last part and then CsvRefusedError names the line and row where the bad record starts.
   */
  parts(size: number): AsyncGenerator<CsvRow[]>;
  /** Stops reading (e.g. after an interruption). */
  close(): void;
}

/** A longer record is refused: an unclosed quote would otherwise pull the rest of the file into one field. */
export const MAX_RECORD_BYTES = 1_000_000;

const REASONS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quote inside a field is not doubled',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'characters follow a closing quote',
  CSV_MAX_RECORD_SIZE: `the record is longer than ${MAX_RECORD_BYTES.toLocaleString('en-GB')} bytes (an unclosed quote?)`,
};

/** Byte offsets of the line breaks passed so far, so that a record's first line is found from where the previous one ended. */
class LineIndex {
  private breaks: number[] = [];
  private next = 0;
  private before = 0;
  private seen = 0;

  note(chunk: Buffer): void {
    for (let p = chunk.indexOf(10); p !== -1; p = chunk.indexOf(10, p + 1)) this.breaks.push(this.seen + p);
    this.seen += chunk.length;
  }

  /** The line the byte at `offset` is on; offsets must not go backwards (breaks behind them are dropped). */
  lineAt(offset: number): number {
    while (this.next < this.breaks.length && this.breaks[this.next]! < offset) {
      this.next++;
      this.before++;
    }
    if (this.next > 65_536) {
      this.breaks = this.breaks.slice(this.next);
      this.next = 0;
    }
    return this.before + 1;
  }
}

/**
 * Opens a CSV file in the chosen encoding and reads its header (columns named by the first record; blank lines
 * skipped; fields trimmed). Throws CsvRefusedError when the header itself is not valid CSV.
 */
export async function openCsv(path: string, encoding: EncodingChoice): Promise<CsvSource> {
  const lines = new LineIndex();
  let bytes = 0;
  let header: string[] = [];
  // Where the previous record (at first, the header) ended, and how many blank lines had been skipped by then.
  let ended = 0;
  let blank = 0;
  // The first record that is not valid CSV, with how many records came before it. csv-parse is told to skip
  // it rather than fail, because a failing stream drops the good records still buffered before it.
  let broken: { error: CsvError; recordsBefore: number; inHeader: boolean } | null = null;
  const parser = parse({
    columns: (names: unknown[]) => {
      header = names.map(String);
      ended = parser.info.bytes;
      blank = parser.info.empty_lines;
      return header;
    },
    info: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_BYTES,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      if (!broken && error) broken = { error, recordsBefore: parser.info.records, inHeader: header.length === 0 };
    },
  });
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const counter = new Transform({
    transform(chunk: Buffer, _e, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const noter = new Transform({
    transform(chunk: Buffer, _e, done) {
      lines.note(chunk);
      done(null, chunk);
    },
  });
  // A failing stream (unreadable file, bytes that no longer decode) destroys the parser, and so fails the iterator.
  pipeline(file, counter, toUtf8(encoding), noter, parser, () => undefined);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: Record<string, string>; info: Info }>;

  /** The refusal for the broken record, once every record before it has been taken. */
  const refusal = (): CsvRefusedError => {
    const { error, inHeader, recordsBefore } = broken!;
    const skipped = typeof (error as { empty_lines?: unknown }).empty_lines === 'number' ? (error as unknown as Info).empty_lines - blank : 0;
    const line = lines.lineAt(ended) + Math.max(0, skipped);
    parser.destroy();
    return new CsvRefusedError(`line ${line} (${inHeader ? 'the header' : `row ${recordsBefore + 1}`}) is not valid CSV: ${REASONS[error.code] ?? error.code}`);
  };
  const pull = async (): Promise<IteratorResult<{ record: Record<string, string>; info: Info }>> => {
    if (broken?.inHeader) throw refusal();
    const next = await records.next();
    if (broken && (next.done || next.value.info.records > broken.recordsBefore)) throw refusal();
    return next;
  };
  const toRow = ({ record, info }: { record: Record<string, string>; info: Info }): CsvRow => {
    const line = lines.lineAt(ended) + (info.empty_lines - blank);
    ended = info.bytes;
    blank = info.empty_lines;
    return { rowNumber: info.records, line, values: record };
  };

  let first = await pull();
  return {
    header,
    bytesRead: () => bytes,
    close: () => parser.destroy(),
    async *parts(size: number) {
      let part: CsvRow[] = [];
      let failure: unknown = null;
      for (let next = first; !next.done; ) {
        part.push(toRow(next.value));
        if (part.length >= size) {
          yield part;
          part = [];
        }
        try {
          next = await pull();
        } catch (err) {
          failure = err;
          break;
        }
      }
      first = { done: true, value: undefined };
      if (part.length > 0) yield part;
      if (failure) throw failure;
    },
  };
}
