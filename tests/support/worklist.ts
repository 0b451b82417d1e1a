import type { DataSource } from 'typeorm';
import { gql, type GqlBody } from './harness.js';

/** The worklist query the end-to-end tests and docs/epc.md use, with every field of an item. */
export const WORKLIST = `query ($la: String!, $filter: UnknownsWorklistFilter, $first: Int!, $after: String, $counts: Boolean!) {
  unknownsWorklist(laCode: $la, filter: $filter, first: $first, after: $after) {
    edges { cursor node {
      person { id }
      reasons { __typename reason since daysUnknown provider { code } }
      sightings { __typename kind on provider { code } }
      progress { state by { displayName } since attempts organisation { code }
                 events { id outcome contactMethod effectiveOn actor { displayName } reversesEventId } }
    } }
    pageInfo { hasNextPage endCursor }
    counts @include(if: $counts) { total byAge { age count } byReason { reason count } }
  } }`;

/** One worklist item as WORKLIST asks for it. */
export interface WorklistItem {
  person: { id: string };
  reasons: Array<{ __typename: string; reason: string; since: string; daysUnknown: number; provider: { code: string } }>;
  sightings: Array<{ __typename: string; kind: string; on: string; provider: { code: string } }>;
  progress: {
    state: string;
    by: { displayName: string } | null;
    since: string;
    attempts: number;
    organisation: { code: string };
    events: Array<{ id: string; outcome: string; contactMethod: string | null; effectiveOn: string; actor: { displayName: string } | null; reversesEventId: string | null }>;
  } | null;
}

/** The worklist's counts. */
export interface WorklistCounts {
  total: number;
  byAge: Array<{ age: number; count: number }>;
  byReason: Array<{ reason: string; count: number }>;
}

/** One page of the worklist, as WORKLIST asks for it. */
export interface WorklistPage {
  edges: Array<{ cursor: string; node: WorklistItem }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  counts?: WorklistCounts;
}

/** Asks for one page; returns the whole response. */
export async function worklistPage(
  url: string,
  token: string,
  variables: { la: string; filter?: Record<string, unknown> | null; first?: number; after?: string | null; counts?: boolean },
  purpose = 'UNKNOWN_RESOLUTION',
): Promise<{ status: number; body: GqlBody<{ unknownsWorklist: WorklistPage }> }> {
  return gql<{ unknownsWorklist: WorklistPage }>(url, WORKLIST, {
    token,
    purpose,
    variables: { first: 50, counts: false, filter: null, after: null, ...variables },
  });
}

/** Every item of the worklist (all pages, in order) and its counts; fails on any error. */
export async function wholeWorklist(
  url: string,
  token: string,
  la: string,
  filter: Record<string, unknown> | null = null,
): Promise<{ items: WorklistItem[]; counts: WorklistCounts; pages: number }> {
  const items: WorklistItem[] = [];
  let after: string | null = null;
  let counts: WorklistCounts | undefined;
  let pages = 0;
  for (;;) {
    const res = await worklistPage(url, token, { la, filter, after, counts: after === null });
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    const page: WorklistPage = res.body.data!.unknownsWorklist;
    pages += 1;
    counts ??= page.counts;
    items.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { items, counts: counts!, pages };
}

/** Facts in unknown_fact that differ from the facts derived afresh from the records and the tier history (0 when the triggers kept up). */
export async function staleUnknownFacts(ds: DataSource): Promise<number> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    // Recompute everything inside a transaction that is rolled back: the comparison changes nothing.
    await runner.startTransaction();
    // Facts of rows another test file removed with triggers off (session_replication_role = replica) are its leftovers, not a trigger's.
    await runner.query(`CREATE TEMP TABLE kept_facts ON COMMIT DROP AS SELECT source_id, kind, person_id, supplier_id, since FROM unknown_fact f
                         WHERE EXISTS (SELECT 1 FROM source_record sr WHERE sr.id = f.record_id) OR EXISTS (SELECT 1 FROM tier_event te WHERE te.id = f.event_id)`);
    await runner.query(`DELETE FROM unknown_fact f WHERE NOT EXISTS (SELECT 1 FROM kept_facts k WHERE k.source_id = f.source_id AND k.kind = f.kind)`);
    await runner.query(`SELECT refresh_record_unknown_facts(ARRAY(SELECT id FROM source_record))`);
    await runner.query(`SELECT refresh_event_unknown_facts(ARRAY(SELECT DISTINCT person_id FROM tier_event))`);
    const [{ n }] = (await runner.query(`
      SELECT count(*)::int AS n FROM (
        (SELECT source_id, kind, person_id, supplier_id, since FROM kept_facts EXCEPT SELECT source_id, kind, person_id, supplier_id, since FROM unknown_fact)
        UNION ALL
        (SELECT source_id, kind, person_id, supplier_id, since FROM unknown_fact EXCEPT SELECT source_id, kind, person_id, supplier_id, since FROM kept_facts)) d`)) as [{ n: number }];
    return n;
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}
