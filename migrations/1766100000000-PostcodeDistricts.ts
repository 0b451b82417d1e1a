import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ADDRESS_SOURCE_RANK } from '../src/modules/moves/moves.policy.js';
import { POSTCODE_DISTRICT_SQL } from '../src/modules/moves/place-postcode.js';
import { OUTSIDE_WALES, POSTCODE_DISTRICTS, WELSH_POSTCODE_AREAS } from '../src/modules/moves/postcode-districts.data.js';

/**
 * Where an address lies: the postcode-district table (src/modules/moves/postcode-districts.data.ts, compiled by
 * hand: docs/moves.md), which organisations' addresses count and in which order (moves.policy.ts), and
 * la_of_postcode(text), the SQL twin of placePostcode() in place-postcode.ts.
 */
export class PostcodeDistricts1766100000000 implements MigrationInterface {
  name = 'PostcodeDistricts1766100000000';

  async up(q: QueryRunner): Promise<void> {
    // la_code: a local_authority code or 'outside-wales' (tests/moves-data.test.ts checks every row).
    await q.query(`
      CREATE TABLE postcode_district (
        district  text PRIMARY KEY CHECK (district ~ '^[A-Z]{1,2}[0-9][A-Z0-9]?$'),
        la_code   text NOT NULL CHECK (la_code ~ '^[a-z][a-z-]*$'),
        also_in   text[] NOT NULL DEFAULT '{}',
        note      text
      )`);
    await q.query(
      `INSERT INTO postcode_district (district, la_code, also_in, note)
       SELECT v.district, v.la_code, v.also_in::text[], v.note FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(district, la_code, also_in, note)`,
      [
        POSTCODE_DISTRICTS.map((d) => d.district),
        POSTCODE_DISTRICTS.map((d) => d.laCode),
        // One array literal per row (unnest of a two-dimensional array would flatten it).
        POSTCODE_DISTRICTS.map((d) => `{${(d.alsoIn ?? []).join(',')}}`),
        POSTCODE_DISTRICTS.map((d) => d.note ?? null),
      ],
    );
    await q.query(`
      CREATE TABLE address_source_rank (
        kind  text PRIMARY KEY,
        rank  smallint NOT NULL CHECK (rank >= 1)
      )`);
    const ranked = Object.entries(ADDRESS_SOURCE_RANK).filter(([, rank]) => rank !== null);
    await q.query(`INSERT INTO address_source_rank (kind, rank) SELECT * FROM unnest($1::text[], $2::smallint[])`, [
      ranked.map(([kind]) => kind),
      ranked.map(([, rank]) => rank),
    ]);
    // Regular expressions only, so the planner inlines it into set-based queries.
    await q.query(`
      CREATE FUNCTION postcode_outward(postcode text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT ${POSTCODE_DISTRICT_SQL('postcode')}
      $$`);
    // An LA code, 'outside-wales', or null (not a UK postcode, or an unlisted district of a wholly Welsh area).
    await q.query(`
      CREATE FUNCTION la_of_postcode(postcode text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN d.outward IS NULL THEN NULL
                    WHEN pd.la_code IS NOT NULL THEN pd.la_code
                    WHEN substring(d.outward FROM '^[A-Z]+') = ANY(ARRAY['${WELSH_POSTCODE_AREAS.join("','")}']) THEN NULL
                    ELSE '${OUTSIDE_WALES}' END
          FROM (SELECT postcode_outward(postcode) AS outward) d
          LEFT JOIN postcode_district pd ON pd.district = d.outward
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION la_of_postcode(text)`);
    await q.query(`DROP FUNCTION postcode_outward(text)`);
    await q.query(`DROP TABLE address_source_rank`);
    await q.query(`DROP TABLE postcode_district`);
  }
}
