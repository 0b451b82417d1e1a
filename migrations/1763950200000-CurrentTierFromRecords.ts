import type { MigrationInterface, QueryRunner } from 'typeorm';

const DOB = `(SELECT sr.date_of_birth FROM source_record sr
          WHERE sr.person_id = yp.id AND sr.date_of_birth IS NOT NULL
          GROUP BY sr.date_of_birth ORDER BY count(*) DESC, sr.date_of_birth LIMIT 1) AS date_of_birth`;
const HOME_LA = `(SELECT o.la_code FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
          WHERE sr.person_id = yp.id AND o.la_code IS NOT NULL
          ORDER BY sr.received_at DESC, sr.id LIMIT 1) AS home_la_code`;

/**
 * The current tier is the latest of Careers Wales's own word on it: an assessment recorded in the hub,
 * or the tier status on a Careers Wales record (as its partner system sent it), whichever is newer.
 * Before, only hub-recorded assessments counted, so records that arrived by import or matching had no tier.
 */
export class CurrentTierFromRecords1763950200000 implements MigrationInterface {
  name = 'CurrentTierFromRecords1763950200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW person_state AS
      SELECT yp.id AS person_id, ${DOB}, ${HOME_LA},
        (SELECT t.tier FROM (
            SELECT ta.tier::integer AS tier, ta.assessed_on AS on_day, 1 AS rank, ta.seq AS seq
              FROM tier_assessment ta WHERE ta.person_id = yp.id
            UNION ALL
            SELECT (sr.payload->'TIER_STATUS'->>'tier')::integer,
                   coalesce((sr.payload->'TIER_STATUS'->>'assessedOn')::date, sr.received_at::date), 0, 0
              FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
             WHERE sr.person_id = yp.id AND o.kind = 'CAREERS_WALES'
               AND (sr.payload->'TIER_STATUS'->>'tier') ~ '^[1-5]$'
          ) t ORDER BY t.on_day DESC, t.rank DESC, t.seq DESC LIMIT 1)::smallint AS current_tier
      FROM young_person yp`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW person_state AS
      SELECT yp.id AS person_id, ${DOB}, ${HOME_LA},
        (SELECT ta.tier FROM tier_assessment ta WHERE ta.person_id = yp.id
          ORDER BY ta.assessed_on DESC, ta.seq DESC LIMIT 1) AS current_tier
      FROM young_person yp`);
  }
}
