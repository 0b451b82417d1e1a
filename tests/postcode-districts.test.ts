import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { placePostcode } from '../src/modules/moves/place-postcode.js';
import { POSTCODE_DISTRICTS } from '../src/modules/moves/postcode-districts.data.js';
import { ownerDataSource } from './support/owner-db.js';

// The database places addresses with la_of_postcode() and the postcode_district table (the triggers that keep
// person_state use the same expressions); the code's placePostcode() must say the same for every listed
// district and for the unlisted and malformed cases.

describe('la_of_postcode in PostgreSQL and placePostcode in the code', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await ownerDataSource(1);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('agree on every district of the table, on unlisted ones and on text that is not a postcode', async () => {
    const samples = [
      ...POSTCODE_DISTRICTS.map((d) => `${d.district} 1AB`),
      ...POSTCODE_DISTRICTS.map((d) => `${d.district.toLowerCase()}9zz`),
      'CF98 1AA', 'LL99 1AA', 'SA98 1AA', 'NP99 1AA', 'LD9 1AA', 'CH41 2AA', 'SY1 1AA', 'HR1 1AA', 'GL1 1AA', 'BS1 4DJ', 'SW1A 1AA', 'BT1 1AA',
      'CF10', 'Cardiff', '', 'CF10 AAA', ' cf10-1aa ',
    ];
    const rows = (await ds.query(`SELECT s AS postcode, la_of_postcode(s) AS la FROM unnest($1::text[]) AS s`, [samples])) as Array<{ postcode: string; la: string | null }>;
    expect(rows.map((r) => [r.postcode, r.la])).toEqual(samples.map((s) => [s, placePostcode(s)]));
    // The table in the database is the one in the code.
    const held = (await ds.query(`SELECT district, la_code, also_in FROM postcode_district ORDER BY district`)) as Array<{ district: string; la_code: string; also_in: string[] }>;
    expect(held).toEqual(
      [...POSTCODE_DISTRICTS]
        .sort((a, b) => (a.district < b.district ? -1 : 1))
        .map((d) => ({ district: d.district, la_code: d.laCode, also_in: [...(d.alsoIn ?? [])] })),
    );
  });
});
