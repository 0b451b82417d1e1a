// The ground truth of a generated cohort: which partner record belongs to which true person.
// It is written to its own file for measuring matching quality and never enters the hub.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { GeneratedPersonWithRecords } from './cohort.types.js';

/** One line of the ground truth: a partner's record and the true person it describes. */
export interface TruthRow {
  partner: string;
  partnerReference: string;
  personId: string;
}

/** Header line of the ground-truth CSV. */
export const TRUTH_CSV_HEADER = 'partner,partner_reference,person_id';

/** The ground-truth rows for one generated person, one per record. */
export function truthRows(p: GeneratedPersonWithRecords): TruthRow[] {
  return p.records.map((record) => ({
    partner: record.providerCode,
    partnerReference: record.partnerReference,
    personId: p.person.truthId,
  }));
}

/** One CSV field, quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes the ground truth of a cohort as CSV and resolves with the number of rows written (header excluded). */
export async function writeTruthCsv(
  path: string,
  people: Iterable<GeneratedPersonWithRecords> | AsyncIterable<GeneratedPersonWithRecords>,
): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let rows = 0;
  try {
    const write = async (chunk: string): Promise<void> => {
      if (!out.write(chunk)) await once(out, 'drain');
    };
    await write(`${TRUTH_CSV_HEADER}\n`);
    let buffer = '';
    for await (const p of people) {
      for (const row of truthRows(p)) {
        buffer += `${csvField(row.partner)},${csvField(row.partnerReference)},${csvField(row.personId)}\n`;
        rows++;
      }
      // Batch small lines into larger writes.
      if (buffer.length > 64 * 1024) {
        await write(buffer);
        buffer = '';
      }
    }
    if (buffer.length > 0) await write(buffer);
  } catch (error) {
    out.destroy();
    throw error;
  }
  out.end();
  await once(out, 'finish');
  return rows;
}
