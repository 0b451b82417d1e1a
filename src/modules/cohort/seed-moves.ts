// Moves between the cohort's LAs for the demo (domain §4.5): once records are linked, a few young people's
// schools send a new address in another cohort LA (the hub opens a transfer, as it would for any partner's new
// address), and the receiving LA's EPC has accepted about half of those where the LA has one. With the seeds'
// "left the area" returns (which open transfers to an LA not yet known), epc.cardiff has transfers in and out.
import type { EntityManager } from 'typeorm';
import { COHORT_LA_CODES } from '../organisations/organisations.data.js';
import { COHORT_DISTRICTS, INWARD_LETTERS } from './places.data.js';
import { Prng } from './prng.js';

/**
 * Share of the young people aged 15 to 19 with a school record whose new address is in another cohort LA: 1 in
 * 40. The seeds give only the moves Careers Wales noticed at the survey (276 "left the area" of about 45,000
 * leavers, 0.6%: seed 002 line 191; those come from the survey return); moves between LAs at these ages are more
 * frequent than that, and the demo needs a handful per LA.
 */
export const MOVE_SHARE = 0.025;

/** Share of the moves whose receiving EPC has accepted them already (where the receiving LA has a seeded EPC). */
export const ACCEPTED_SHARE = 0.5;

/** What seedMoves did. */
export interface MovesReport {
  moved: number;
  accepted: number;
}

/**
 * Gives some linked young people a new address in another cohort LA on their school's record (a new version
 * received now), which opens their transfers, and accepts about half as the receiving LA's EPC would (with the
 * MOVE event of the tier history; seeded rows, like the rest of the seed, have no access-log rows). Safe to run
 * again: a young person with a transfer already is left alone.
 */
export async function seedMoves(em: Pick<EntityManager, 'query'>, seed = 'cyswllt-demo'): Promise<MovesReport> {
  const candidates = (await em.query(
    `SELECT DISTINCT ON (ps.person_id) ps.person_id, ps.home_la_code, sr.id AS record_id, sr.partner_reference
       FROM person_state ps
       JOIN source_record sr ON sr.person_id = ps.person_id
       JOIN organisation o ON o.id = sr.provider_organisation_id AND o.kind = 'SCHOOL' AND o.la_code = ps.home_la_code
      WHERE ps.home_la_code = ANY($1) AND date_part('year', age(current_date, ps.date_of_birth)) BETWEEN 15 AND 19
        AND NOT EXISTS (SELECT 1 FROM la_transfer t WHERE t.person_id = ps.person_id)
      ORDER BY ps.person_id, sr.received_at DESC, sr.id`,
    [COHORT_LA_CODES.map((l) => l.laCode)],
  )) as Array<{ person_id: string; home_la_code: string; record_id: string; partner_reference: string }>;
  const moves = candidates.flatMap((c) => {
    const rng = new Prng(`${seed}|move|${c.partner_reference}`);
    if (!rng.chance(MOVE_SHARE)) return [];
    const to = rng.pick(COHORT_LA_CODES.filter((l) => l.laCode !== c.home_la_code)).laCode;
    const district = rng.pick(COHORT_DISTRICTS[to]!);
    const postcode = `${district.district} ${rng.pick(district.sectors)}${rng.pick([...INWARD_LETTERS])}${rng.pick([...INWARD_LETTERS])}`;
    return [{ ...c, to, postcode, locality: district.locality, accept: rng.chance(ACCEPTED_SHARE) }];
  });
  if (moves.length === 0) return { moved: 0, accepted: 0 };
  // One statement: the triggers open every transfer at once.
  await em.query(
    `UPDATE source_record sr SET postcode = v.postcode, locality = v.locality, address_line = NULL, version = sr.version + 1, received_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, postcode, locality) WHERE sr.id = v.id`,
    [moves.map((m) => m.record_id), moves.map((m) => m.postcode), moves.map((m) => m.locality)],
  );
  const accepting = moves.filter((m) => m.accept).map((m) => m.person_id);
  const accepted = (await em.query(
    `WITH chosen AS (
       SELECT DISTINCT ON (t.id) t.id, t.to_la_code, p.id AS principal_id, p.organisation_id
         FROM la_transfer t
         JOIN organisation o ON o.kind = 'LOCAL_AUTHORITY' AND o.la_code = t.to_la_code
         JOIN principal p ON p.organisation_id = o.id AND 'EPC' = ANY(p.roles) AND p.active
        WHERE t.person_id = ANY($1) AND t.status = 'OPEN' AND t.cause = 'ADDRESS'
        ORDER BY t.id, p.handle),
     done AS (SELECT c.*, accept_la_transfer(c.id, c.to_la_code, c.principal_id) AS person_id FROM chosen c)
     INSERT INTO tier_event (person_id, kind, effective_on, source_organisation_id, actor_principal_id, reason, source_event_id)
     SELECT d.person_id, 'MOVE', current_date, d.organisation_id, d.principal_id, 'TRANSFER_ACCEPTED', d.id FROM done d WHERE d.person_id IS NOT NULL
     RETURNING person_id`,
    [accepting],
  )) as unknown[];
  return { moved: moves.length, accepted: accepted.length };
}
