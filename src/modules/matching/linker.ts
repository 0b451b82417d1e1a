// Linking one chunk of queued records: candidates from the blocking keys in PostgreSQL, scores from
// the model in force, evidence upserted, then the people around them re-clustered. Runs inside one
// transaction holding the matching lock, so a crash leaves either all of a chunk or none of it.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ChangeRecord } from '../../audit/access-buffer.js';
import { assignPersons, clusterRecords, type ClusterEdge } from './engine/clustering.js';
import { decidePair } from './engine/decision.js';
import { pairEvidence } from './engine/pipeline.js';
import { scorePair, type PairScore } from './engine/model.js';
import type { StandardRecord } from './engine/standardise.js';
import { hashedKeysWithRules, type BlockingRule } from './engine/blocking.js';
import { thresholdsOf, type MatchingConfig } from './matching.config.js';
import { rows, standardiseRecords } from './match-store.js';
import type { ModelInForce } from './model-store.js';
import { NO_MOVES, type PersonMoves } from './person-changes.js';
import { boundReviewPairs, NO_BOUND, type ReviewBoundConfig } from './review-bound.js';

/** Counts from linking one chunk. */
export interface LinkStats {
  records: number;
  candidatePairs: number;
  linked: number;
  /** Review pairs stored (new ones admitted, and those already in the queue). */
  review: number;
  /** New review pairs held back: their import had added as many as one import may (review-bound.ts). */
  reviewHeld: number;
  peopleCreated: number;
  peopleMerged: number;
}

/**
 * Counts from linking, the people it changed and the review pairs it held back (for the access-log rows written
 * in the same transaction).
 */
export type LinkOutcome = LinkStats & { people: PersonMoves; reviewChanges: ChangeRecord[] };

/** A scored pair ready to be stored. */
export interface ScoredCandidate {
  a: string;
  b: string;
  versionA: number;
  versionB: number;
  score: PairScore;
  rule: 'SCORED' | 'UPN' | 'ULN';
  status: 'LINKED' | 'REVIEW';
}

const ordered = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);

/** Blocking keys per index probe (see the candidate lookup in linkChunk). */
const KEY_GROUP = 300;

/** Links the queued records `ids` (one transaction, matching lock already held). */
export async function linkChunk(
  em: EntityManager,
  ids: readonly string[],
  model: ModelInForce,
  config: MatchingConfig,
  bound: ReviewBoundConfig = NO_BOUND,
): Promise<LinkOutcome> {
  const queued = await rows<{ id: string; version: number }>(em, 'SELECT source_record_id AS id, version FROM match_queue WHERE source_record_id = ANY($1)', [ids]);
  const chunk = new Map(queued.map((q) => [q.id, q.version]));
  if (chunk.size === 0) return { records: 0, candidatePairs: 0, linked: 0, review: 0, reviewHeld: 0, peopleCreated: 0, peopleMerged: 0, people: NO_MOVES, reviewChanges: [] };
  const chunkIds = [...chunk.keys()];

  // Features at the queued version (standardise again if the record changed since).
  const stored = await rows<{ id: string; version: number; features: StandardRecord }>(
    em,
    'SELECT source_record_id AS id, version, features FROM match_record WHERE source_record_id = ANY($1)',
    [chunkIds],
  );
  const mine = new Map<string, { version: number; features: StandardRecord }>();
  for (const s of stored) if (s.version === chunk.get(s.id)) mine.set(s.id, { version: s.version, features: s.features });
  const stale = chunkIds.filter((id) => !mine.has(id));
  if (stale.length > 0) for (const [id, v] of await standardiseRecords(em, stale)) mine.set(id, v);

  // Candidates: every record sharing a blocking key (one GIN lookup), skipping blocks too large to be worth
  // it and records still queued elsewhere (they will meet this chunk when their own turn comes).
  const keysOf = new Map<string, Map<number, BlockingRule>>();
  const allKeys = new Set<number>();
  for (const [id, { features }] of mine) {
    const ks = hashedKeysWithRules(features);
    keysOf.set(id, ks);
    for (const k of ks.keys()) allKeys.add(k);
  }
  // The GIN index finds every record sharing a key. The keys go in groups: the index's recheck compares
  // each row's keys with the whole query array, so one long array would cost keys × rows.
  const keyList = [...allKeys];
  const members = new Map<number, string[]>();
  const found = new Set<string>();
  for (let i = 0; i < keyList.length; i += KEY_GROUP) {
    for (const r of await rows<{ id: string; block_keys: string[] }>(
      em,
      'SELECT source_record_id AS id, block_keys FROM match_record WHERE block_keys && $1::bigint[]',
      [`{${keyList.slice(i, i + KEY_GROUP).join(',')}}`],
    )) {
      if (found.has(r.id)) continue;
      found.add(r.id);
      for (const raw of r.block_keys) {
        const k = Number(raw);
        if (!allKeys.has(k)) continue;
        const list = members.get(k);
        if (list) list.push(r.id);
        else members.set(k, [r.id]);
      }
    }
  }
  const hits = [...found].map((id) => ({ id }));
  const wanted = [...new Set(hits.map((h) => h.id))];
  const sharing = await rows<{ id: string; version: number; features: StandardRecord; queued: boolean }>(
    em,
    `SELECT mr.source_record_id AS id, mr.version, mr.features, q.source_record_id IS NOT NULL AS queued
       FROM unnest($1::uuid[]) AS w(id) JOIN match_record mr ON mr.source_record_id = w.id
       LEFT JOIN match_queue q ON q.source_record_id = w.id`,
    [wanted],
  );
  const features = new Map<string, StandardRecord>();
  const versions = new Map<string, number>();
  const usable = new Set<string>();
  for (const r of sharing) {
    if (r.queued && !chunk.has(r.id)) continue;
    features.set(r.id, r.features);
    versions.set(r.id, r.version);
    usable.add(r.id);
  }
  for (const [id, v] of mine) {
    features.set(id, v.features);
    versions.set(id, v.version);
  }
  const pairSet = new Set<string>();
  for (const [id, ks] of keysOf) {
    for (const [k, rule] of ks) {
      const list = members.get(k);
      if (!list || list.length > config.maxBlock) continue;
      const only = rule.onlyPairsWith;
      for (const other of list) {
        if (other === id || (!usable.has(other) && !chunk.has(other))) continue;
        if (chunk.has(other) && other < id) continue; // the pair is made from the other side
        if (only && !only(features.get(id)!) && !only(features.get(other)!)) continue;
        pairSet.add(`${id}|${other}`);
      }
    }
  }

  const cm = model.compiled;
  const thresholds = thresholdsOf(config);
  const scored: ScoredCandidate[] = [];
  let candidatePairs = 0;
  for (const key of pairSet) {
    const [x, y] = key.split('|') as [string, string];
    const fx = features.get(x);
    const fy = features.get(y);
    if (!fx || !fy) continue;
    candidatePairs++;
    const [a, b] = ordered(x, y);
    const fa = a === x ? fx : fy;
    const fb = a === x ? fy : fx;
    const score = scorePair(cm, fa, fb);
    const { status, rule } = decidePair(cm.specs, fa, fb, score, thresholds);
    if (status) scored.push({ a, b, versionA: versions.get(a)!, versionB: versions.get(b)!, score, rule, status });
  }

  // New review pairs beyond what their import may add are held back (before the old evidence goes, so that a
  // pair already waiting in the queue is known as such and never held).
  const bounded = await boundReviewPairs(em, scored, chunkIds, bound);
  const kept = bounded.admitted;
  // Evidence: undecided pairs of these records that no longer qualify go; decided ones keep their decision.
  const keep = kept.map((s) => `${s.a}|${s.b}`);
  await em.query(
    `DELETE FROM match_candidate WHERE status IN ('LINKED','REVIEW') AND (record_a_id = ANY($1) OR record_b_id = ANY($1))
       AND NOT ((record_a_id::text || '|' || record_b_id::text) = ANY($2))`,
    [chunkIds, keep],
  );
  await upsertCandidates(em, kept, model.id);

  const partners = kept.filter((s) => s.status === 'LINKED').flatMap((s) => [s.a, s.b]);
  const result = await recluster(em, [...chunkIds, ...partners], null, { model, config });
  await em.query(
    `DELETE FROM match_queue q USING unnest($1::uuid[], $2::int[]) AS v(id, version) WHERE q.source_record_id = v.id AND q.version = v.version`,
    [chunkIds, chunkIds.map((id) => chunk.get(id)!)],
  );
  return {
    records: chunkIds.length,
    candidatePairs,
    linked: kept.filter((s) => s.status === 'LINKED').length,
    review: kept.filter((s) => s.status === 'REVIEW').length,
    reviewHeld: bounded.held,
    peopleCreated: result.peopleCreated,
    peopleMerged: result.peopleMerged,
    people: result,
    reviewChanges: bounded.changes,
  };
}

/** Writes scored candidates (one statement); a decided pair keeps its decision but gets fresh evidence. */
export async function upsertCandidates(em: EntityManager, scored: readonly ScoredCandidate[], modelId: string | null): Promise<void> {
  for (let i = 0; i < scored.length; i += 5000) {
    const part = scored.slice(i, i + 5000);
    await em.query(
      `INSERT INTO match_candidate (record_a_id, record_b_id, version_a, version_b, model_id, rule, levels, weights, prior, total_weight, probability, status)
       SELECT a, b, va, vb, $1::uuid, rule, lv::smallint[], wt::real[], prior, total, prob, status
         FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::real[], $10::real[], $11::float8[], $12::text[])
              AS v(a, b, va, vb, rule, lv, wt, prior, total, prob, status)
       ON CONFLICT (record_a_id, record_b_id) DO UPDATE SET
         version_a = EXCLUDED.version_a, version_b = EXCLUDED.version_b, model_id = EXCLUDED.model_id, rule = EXCLUDED.rule,
         levels = EXCLUDED.levels, weights = EXCLUDED.weights, prior = EXCLUDED.prior, total_weight = EXCLUDED.total_weight,
         probability = EXCLUDED.probability, updated_at = now(),
         status = CASE WHEN match_candidate.status IN ('CONFIRMED','REJECTED') THEN match_candidate.status ELSE EXCLUDED.status END,
         conflict = CASE WHEN match_candidate.status IN ('CONFIRMED','REJECTED') THEN match_candidate.conflict ELSE NULL END`,
      [
        modelId,
        part.map((s) => s.a),
        part.map((s) => s.b),
        part.map((s) => s.versionA),
        part.map((s) => s.versionB),
        part.map((s) => s.rule),
        part.map((s) => `{${Array.from(s.score.levels).join(',')}}`),
        part.map((s) => `{${Array.from(s.score.weights, (w) => Math.round(w * 1000) / 1000).join(',')}}`),
        part.map((s) => s.score.prior),
        part.map((s) => s.score.total),
        part.map((s) => s.score.probability),
        part.map((s) => s.status),
      ],
    );
  }
}

/** Outcome of re-clustering: counts, each record's person, and the records that changed person. */
export interface ReclusterResult extends PersonMoves {
  peopleCreated: number;
  peopleMerged: number;
  /** Person of each record after re-clustering. */
  personOf: Map<string, string>;
}

/** What clustering weighs links with: the model in force and the thresholds (and the features, when the caller holds them). */
export interface ClusteringContext {
  model: ModelInForce;
  config: Pick<MatchingConfig, 'linkWeight' | 'conflictWeight'>;
  /** Standardised features by record id, when already in memory (a batch): not read again from PostgreSQL. */
  features?: ReadonlyMap<string, StandardRecord>;
}

/**
 * Re-clusters the people around `seedIds`: the seeds, every record of their current people, and the
 * records linked to them. Links are the LINKED candidates plus confirmed (must-link) decisions;
 * rejected pairs and splits (cannot-link) are never joined, nor two records of a register source, nor
 * (for a scored link) two groups whose records disagree, weighed pair by pair with the model in force.
 * Person ids stay stable; people emptied by a merge are recorded in person_lineage and removed. The
 * matching lock must be held.
 */
export async function recluster(em: EntityManager, seedIds: readonly string[], decisionId: string | null, clustering: ClusteringContext): Promise<ReclusterResult> {
  const seeds = [...new Set(seedIds)];
  // Two index lookups (the seeds' people, then every record of those people or a seed): planned as index
  // scans for one record and still fine for a batch of 100,000.
  // Plain lookups by primary key; de-duplicated here (a DISTINCT / IS NOT NULL lets stale statistics after
  // a bulk load steer the planner to scan the person index instead).
  const persons = [
    ...new Set(
      (await rows<{ person_id: string | null }>(em, 'SELECT person_id FROM source_record WHERE id = ANY($1)', [seeds]))
        .map((r) => r.person_id)
        .filter((p): p is string => p !== null),
    ),
  ];
  const nodesRows = await rows<{
    id: string; person_id: string | null; provider_id: string; register: string | null; key: string; features: StandardRecord | null; upn: string | null; uln: string | null;
  }>(
    em,
    `SELECT sr.id, sr.person_id, sr.provider_organisation_id AS provider_id,
            CASE WHEN o.unique_per_person THEN o.code END AS register, o.code || '|' || sr.partner_reference AS key,
            ${clustering.features ? 'NULL::jsonb' : 'mr.features'} AS features, mr.features->>'upn' AS upn, mr.features->>'uln' AS uln
       FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id
       LEFT JOIN match_record mr ON mr.source_record_id = sr.id
      WHERE sr.id = ANY($1) OR sr.person_id = ANY($2)
      ORDER BY sr.id`,
    [seeds, persons],
  );
  const ids = nodesRows.map((n) => n.id);
  const edgeRows = await rows<{ a: string; b: string; w: number; rule: string }>(
    em,
    `WITH ids AS (SELECT unnest($1::uuid[]) AS id)
     SELECT mc.record_a_id AS a, mc.record_b_id AS b, mc.total_weight AS w, mc.rule FROM match_candidate mc
       JOIN ids a ON a.id = mc.record_a_id JOIN ids b ON b.id = mc.record_b_id
      WHERE mc.status = 'LINKED'`,
    [ids],
  );
  const constraintRows = await rows<{ a: string; b: string; kind: string }>(
    em,
    `WITH ids AS (SELECT unnest($1::uuid[]) AS id)
     SELECT c.record_a_id AS a, c.record_b_id AS b, c.kind FROM match_constraint c
       JOIN ids a ON a.id = c.record_a_id JOIN ids b ON b.id = c.record_b_id`,
    [ids],
  );
  const edges: ClusterEdge[] = edgeRows.map((e) => ({ a: e.a, b: e.b, kind: e.rule === 'SCORED' ? 'SCORED' : 'IDENTIFIER', weight: e.w }));
  for (const c of constraintRows) if (c.kind === 'MUST_LINK') edges.push({ a: c.a, b: c.b, kind: 'CONFIRMED', weight: Infinity });
  const cannot = constraintRows.filter((c) => c.kind === 'CANNOT_LINK').map((c) => [c.a, c.b] as const);
  let featuresOf: ReadonlyMap<string, StandardRecord | null> = clustering.features ?? new Map(nodesRows.map((n) => [n.id, n.features]));
  const unread = clustering.features ? ids.filter((id) => !clustering.features!.has(id)) : [];
  if (unread.length > 0) {
    // The caller held only some of the features (a batch reads the records it blocks with): the rest of the people's records.
    const more = new Map(featuresOf);
    for (const r of await rows<{ id: string; features: StandardRecord }>(em, 'SELECT source_record_id AS id, features FROM match_record WHERE source_record_id = ANY($1::uuid[])', [unread])) {
      more.set(r.id, r.features);
    }
    featuresOf = more;
  }
  const cm = clustering.model.compiled;
  const { groupOf, refused } = clusterRecords(nodesRows, edges, cannot, {
    linkWeight: clustering.config.linkWeight,
    // A record not yet standardised weighs nothing either way.
    evidence: (x, y) => {
      const fx = featuresOf.get(x);
      const fy = featuresOf.get(y);
      return fx && fy ? pairEvidence(cm, fx, fy, clustering.config.conflictWeight) : { weight: clustering.config.linkWeight, conflict: false };
    },
  });

  const current = new Map(nodesRows.map((n) => [n.id, n.person_id]));
  const existing = [...new Set(nodesRows.map((n) => n.person_id).filter((p): p is string => p !== null))];
  const people = new Map(
    (await rows<{ id: string; created: number }>(
      em,
      `SELECT yp.id, extract(epoch FROM yp.created_at)::float8 AS created FROM young_person yp JOIN unnest($1::uuid[]) AS p(id) ON p.id = yp.id`,
      [existing],
    )).map((p) => [p.id, { id: p.id, createdAt: p.created }]),
  );
  const created: string[] = [];
  const personOf = assignPersons(groupOf, current, people, () => {
    const id = randomUUID();
    created.push(id);
    return id;
  });

  if (created.length > 0) await em.query('INSERT INTO young_person (id) SELECT unnest($1::uuid[])', [created]);
  // Where the records of each old person go (lineage, and what follows a merged person).
  const survivors = new Set(personOf.values());
  const destinations = new Map<string, Set<string>>();
  for (const n of nodesRows) {
    if (n.person_id === null) continue;
    const set = destinations.get(n.person_id) ?? new Set<string>();
    set.add(personOf.get(n.id)!);
    destinations.set(n.person_id, set);
  }
  const emptied = existing.filter((p) => !survivors.has(p));
  // A person merged whole into another (all its records to one person).
  const single = emptied.filter((p) => destinations.get(p)?.size === 1);
  const singleTo = single.map((p) => [...destinations.get(p)!][0]!);
  if (single.length > 0) {
    // Its transfers between LAs go first (deduplicated: one open per person), so that the refresh the records'
    // move triggers sees them: an open case carries on, and a declined or withdrawn one stays decided.
    await em.query('SELECT merge_person_transfers($1::uuid[], $2::uuid[])', [single, singleTo]);
  }
  const changed = [...personOf].filter(([id, p]) => current.get(id) !== p);
  if (changed.length > 0) {
    await em.query(
      `UPDATE source_record sr SET person_id = v.person_id FROM unnest($1::uuid[], $2::uuid[]) AS v(id, person_id) WHERE sr.id = v.id`,
      [changed.map(([id]) => id), changed.map(([, p]) => p)],
    );
    const fresh = new Set(created);
    const touched = [...new Set(changed.map(([, p]) => p))].filter((p) => !fresh.has(p));
    if (touched.length > 0) await em.query('UPDATE young_person yp SET updated_at = now() FROM unnest($1::uuid[]) AS p(id) WHERE yp.id = p.id', [touched]);
  }
  // Lineage: where the records of each old person went.
  const lineage: Array<[string, string, 'MERGED' | 'SPLIT']> = [];
  for (const [old, tos] of destinations) {
    for (const to of tos) if (to !== old) lineage.push([old, to, survivors.has(old) ? 'SPLIT' : 'MERGED']);
  }
  if (lineage.length > 0) {
    await em.query(
      `INSERT INTO person_lineage (from_person_id, to_person_id, kind, decision_id) SELECT f, t, k, $4::uuid FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS v(f, t, k)`,
      [lineage.map((l) => l[0]), lineage.map((l) => l[1]), lineage.map((l) => l[2]), decisionId],
    );
  }
  if (emptied.length > 0) {
    // What the sharing rules know about a merged person (consents, objections, tier assessments) follows
    // its records when they all went to one person; a person split several ways keeps its ledger and row.
    if (single.length > 0) {
      for (const table of ['consent_event', 'tier_assessment', 'tier_event']) {
        await em.query(
          `UPDATE ${table} t SET person_id = v.to_id FROM unnest($1::uuid[], $2::uuid[]) AS v(from_id, to_id) WHERE t.person_id = v.from_id`,
          [single, singleTo],
        );
      }
    }
    await em.query(
      `DELETE FROM young_person yp USING unnest($1::uuid[]) AS p(id)
        WHERE yp.id = p.id AND NOT EXISTS (SELECT 1 FROM source_record sr WHERE sr.person_id = yp.id)
          AND NOT EXISTS (SELECT 1 FROM consent_event ce WHERE ce.person_id = yp.id)
          AND NOT EXISTS (SELECT 1 FROM tier_event te WHERE te.person_id = yp.id)`,
      [emptied],
    );
  }
  if (refused.length > 0) {
    const pairs = refused.filter((r) => r.kind !== 'CONFIRMED').map((r) => ordered(r.a, r.b));
    await em.query(
      `UPDATE match_candidate mc SET status = 'REVIEW', conflict = v.reason, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS v(a, b, reason)
        WHERE mc.record_a_id = v.a AND mc.record_b_id = v.b AND mc.status = 'LINKED'`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1]), refused.filter((r) => r.kind !== 'CONFIRMED').map((r) => r.reason)],
    );
  }
  const providerOf = new Map(nodesRows.map((n) => [n.id, n.provider_id]));
  return {
    peopleCreated: created.length,
    peopleMerged: emptied.length,
    personOf,
    moves: changed.map(([id, to]) => ({ recordId: id, providerId: providerOf.get(id)!, from: current.get(id) ?? null, to })),
    created: new Set(created),
    emptied: new Set(emptied),
  };
}
