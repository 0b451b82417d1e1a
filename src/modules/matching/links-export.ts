import type { DataSource } from 'typeorm';
import { csvCell } from '../../audit/access-log.query.js';

/** The header of the links export (the same layout as the cohort's ground truth, so the two can be scored against each other). */
export const LINKS_CSV_HEADER = 'partner,partner_reference,person_id';

/**
 * Every source record with the person it is linked to, as CSV lines (person empty while unmatched). A
 * partner's reference is the partner's text: a leading `=`, `+`, `-` or `@` is neutralised as in the
 * access-log export, so that a spreadsheet never runs it as a formula.
 */
export async function linksCsv(ds: DataSource): Promise<string> {
  const found = (await ds.query(
    `SELECT o.code AS partner, sr.partner_reference AS ref, sr.person_id AS person
       FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id ORDER BY o.code, sr.partner_reference`,
  )) as Array<{ partner: string; ref: string; person: string | null }>;
  const lines = [LINKS_CSV_HEADER];
  for (const r of found) lines.push(`${csvCell(r.partner)},${csvCell(r.ref)},${csvCell(r.person)}`);
  return `${lines.join('\n')}\n`;
}
