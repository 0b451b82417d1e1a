// Loads the FEBRL data sets from ../shared/linkage-data/febrl. The matcher sees only identity
// fields under opaque references; `rec_id` is kept apart, for the scorer only.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IdentityFields } from '../../src/modules/matching/engine/standardise.js';

/** Where the FEBRL files are (override with FEBRL_DIR). */
export const FEBRL_DIR = process.env['FEBRL_DIR'] ?? resolve(import.meta.dirname, '../../../shared/linkage-data/febrl');

/** One FEBRL row: the fields the matcher may see, and the truth it may not. */
export interface FebrlRow {
  /** An opaque reference (file tag and row number), the partner reference the hub sees. */
  reference: string;
  identity: IdentityFields;
  /** The file's own fields as written (rec_id and, without the identifier, soc_sec_id left out): for the plain-rule baseline. */
  fields: Record<string, string | null>;
  /** The entity number from rec_id (`rec-N-…` → N): for scoring only. */
  truthEntity: string;
}

/** The fields the plain majority rule compares (names by Jaro–Winkler, the rest exactly). */
export const FEBRL_FIELDS = ['given_name', 'surname', 'street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state', 'date_of_birth'] as const;

/** Reads one FEBRL CSV; `withIdentifier` keeps soc_sec_id as the other identifier. */
export function readFebrl(file: string, tag: string, withIdentifier: boolean): FebrlRow[] {
  const lines = readFileSync(resolve(FEBRL_DIR, file), 'utf8').split(/\r?\n/).filter((l) => l.trim().length > 0);
  const header = lines[0]!.split(',').map((h) => h.trim());
  const col = (name: string): number => header.indexOf(name);
  const idx = {
    rec: col('rec_id'), given: col('given_name'), surname: col('surname'), number: col('street_number'), a1: col('address_1'),
    a2: col('address_2'), suburb: col('suburb'), postcode: col('postcode'), dob: col('date_of_birth'), ssn: col('soc_sec_id'),
  };
  return lines.slice(1).map((line, i) => {
    const f = line.split(',').map((x) => x.trim());
    const v = (j: number): string | null => (f[j] && f[j]!.length > 0 ? f[j]! : null);
    const address = [v(idx.number), v(idx.a1), v(idx.a2)].filter((x) => x !== null).join(' ');
    const dob = v(idx.dob);
    const entity = /^rec-(\d+)-/.exec(f[idx.rec] ?? '')?.[1];
    if (!entity) throw new Error(`${file}: row ${i + 2} has no rec_id`);
    const fields: Record<string, string | null> = Object.fromEntries(FEBRL_FIELDS.map((name) => [name, v(col(name))]));
    if (withIdentifier) fields['soc_sec_id'] = v(idx.ssn);
    return {
      reference: `${tag}-${String(i + 1).padStart(5, '0')}`,
      fields,
      truthEntity: entity,
      identity: {
        givenName: v(idx.given),
        middleNames: null,
        familyName: v(idx.surname),
        dateOfBirth: dob && /^\d{8}$/.test(dob) ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}` : dob,
        sex: null,
        postcode: v(idx.postcode),
        addressLine: address.length > 0 ? address : null,
        locality: v(idx.suburb),
        upn: null,
        uln: null,
        otherIdentifier: withIdentifier ? v(idx.ssn) : null,
        email: null,
        phone: null,
      },
    };
  });
}

/** The FEBRL tasks of the benchmark. */
export const FEBRL_TASKS = [
  { name: 'febrl1', files: [['febrl1.csv', 'f1']] },
  { name: 'febrl2', files: [['febrl2.csv', 'f2']] },
  { name: 'febrl3', files: [['febrl3.csv', 'f3']] },
  { name: 'febrl4', files: [['febrl4a.csv', 'f4a'], ['febrl4b.csv', 'f4b']] },
] as const;
