
/** Facts in unknown_fact that differ from the facts derived afresh from the records and the tier history (0 when the triggers kept up). */
export async function staleUnknownFacts(ds: import('typeorm').DataSource): Promise<number> {
  return ds.transaction(async (em) => {
    await em.query(`CREATE TEMP TABLE kept_facts ON COMMIT DROP AS SELECT source_id, kind, person_id, supplier_id, since FROM unknown_fact`);
    await em.query(`SELECT refresh_record_unknown_facts(ARRAY(SELECT id FROM source_record))`);
    await em.query(`SELECT refresh_event_unknown_facts(ARRAY(SELECT DISTINCT person_id FROM tier_event))`);
    const [{ n }] = (await em.query(`
      SELECT count(*)::int AS n FROM (
        (SELECT source_id, kind, person_id, supplier_id, since FROM kept_facts EXCEPT SELECT source_id, kind, person_id, supplier_id, since FROM unknown_fact)
        UNION ALL
        (SELECT source_id, kind, person_id, supplier_id, since FROM unknown_fact EXCEPT SELECT source_id, kind, person_id, supplier_id, since FROM kept_facts)) d`)) as [{ n: number }];
    // Leave the table as the triggers made it: the comparison only reads.
    await em.query(`DELETE FROM unknown_fact`);
    await em.query(`INSERT INTO unknown_fact (source_id, kind, person_id, supplier_id, since, record_id, event_id)
                    SELECT k.source_id, k.kind, k.person_id, k.supplier_id, k.since,
                           CASE WHEN EXISTS (SELECT 1 FROM source_record sr WHERE sr.id = k.source_id) THEN k.source_id END,
                           CASE WHEN EXISTS (SELECT 1 FROM tier_event te WHERE te.id = k.source_id) THEN k.source_id END
                      FROM kept_facts k`);
    return n;
  });
}
