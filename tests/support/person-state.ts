import type { DataSource } from 'typeorm';

/** People whose stored facts (person_state: date of birth, home and address LA, tier) differ from the facts derived afresh (person_state_live). */
export async function stalePersonState(ds: DataSource): Promise<number> {
  const [{ n }] = (await ds.query(`
    SELECT count(*)::int AS n FROM (
      (SELECT person_id, date_of_birth, home_la_code, current_tier::int, address_la_code FROM person_state
       EXCEPT SELECT person_id, date_of_birth, home_la_code, current_tier::int, address_la_code FROM person_state_live)
      UNION ALL
      (SELECT person_id, date_of_birth, home_la_code, current_tier::int, address_la_code FROM person_state_live
       EXCEPT SELECT person_id, date_of_birth, home_la_code, current_tier::int, address_la_code FROM person_state)
      UNION ALL
      (SELECT ps.person_id, NULL, NULL, NULL, NULL FROM person_state ps
        WHERE ps.has_consent_events <> EXISTS (SELECT 1 FROM consent_event c WHERE c.person_id = ps.person_id))
    ) d`)) as [{ n: number }];
  return n;
}
