import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../../graphql/context.js';
import { decodeCursorKey, encodeCursor } from '../../graphql/cursor.js';
import { badInput, notFound } from '../../graphql/errors.js';
import { withIdempotency } from '../../graphql/idempotency.js';
import { COMPARISONS, isCorroborated, levelCount, levelName, levelOutcome } from './engine/criteria.js';
import { looksLikeTwins } from './engine/decision.js';
import { recluster } from './linker.js';
import type { MatchingConfig } from './matching.config.js';
import { DECISION_NOTE_LIMIT, REVIEW_SCOPE } from './matching.policy.js';
import { lockMatching, rows } from './match-store.js';
import type {
  DecideMatchInput,
  MatchCandidateConnectionType,
  MatchCandidateType,
  MatchComparisonType,
  MatchDecisionType,
  SplitPersonResultType,
} from './match-candidate.type.js';
import { modelById, modelInForce } from './model-store.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PAGE = 50;

interface CandidateRow {
  id: string;
  record_a_id: string;
  record_b_id: string;
  status: string;
  rule: string;
  conflict: string | null;
  levels: number[];
  weights: number[];
  prior: number;
  total_weight: number;
  probability: number;
  model_id: string | null;
  updated_at: Date;
}

const SPEC_BY_KEY = new Map(COMPARISONS.map((s) => [s.key, s]));

/**
 * A REVIEW pair still open: its records are not yet one person. Records joined through a third record
 * (or a decision on another pair) settle the question, so the pair leaves the queue and its count; if a
 * split or rejection separates them again, it is open again. Read from person_id at query time rather
 * than stored, because every merge, split and rejection (linker, bulk linker, decisions) would otherwise
 * have to keep a mark in step, and rescoring rewrites REVIEW rows anyway.
 */
const OPEN_PAIR_SQL = (alias: string): string =>
  `NOT EXISTS (SELECT 1 FROM source_record ra JOIN source_record rb ON rb.id = ${alias}.record_b_id
                WHERE ra.id = ${alias}.record_a_id AND ra.person_id = rb.person_id)`;

/** The EPC review queue and the decisions taken on it: confirm, reject, split. Every decision is recorded and respected by later runs. */
export class MatchReviewService {
  constructor(
    private readonly ds: DataSource,
    private readonly config: MatchingConfig,
  ) {}

  /** Pairs waiting for review in the caller's scope, strongest first. */
  async reviewQueue(ctx: RequestContext, first: number, after: string | null | undefined): Promise<MatchCandidateConnectionType> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw badInput('first', `must be between 1 and ${MAX_PAGE}`);
    let afterWeight: number | null = null;
    let afterId: string | null = null;
    if (after != null) {
      const [w, id] = decodeCursorKey(after, /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\|([0-9a-f-]{36})$/i) ?? [];
      // A weight must fit the `real` column it is compared with (about ±3.4e38).
      if (!w || !id || !UUID.test(id) || !(Math.abs(Number(w)) < 1e38)) throw badInput('after', 'is not a cursor from this list');
      afterWeight = Number(w);
      afterId = id;
    }
    const scope = this.scopeSql(ctx, 'mc', 3);
    const params: unknown[] = [afterWeight, afterId, ...scope.params];
    const countScope = this.scopeSql(ctx, 'mc', 1);
    const [counted] = await rows<{ total: number }>(
      this.ds.manager,
      `SELECT count(*)::int AS total FROM match_candidate mc WHERE mc.status = 'REVIEW' AND ${OPEN_PAIR_SQL('mc')} AND ${countScope.sql}`,
      countScope.params,
    );
    const total = counted!.total;
    const found = await rows<CandidateRow>(
      this.ds.manager,
      `SELECT mc.* FROM match_candidate mc
        WHERE mc.status = 'REVIEW' AND ${OPEN_PAIR_SQL('mc')} AND ${scope.sql}
          AND ($1::real IS NULL OR (mc.total_weight, mc.id) < ($1::real, $2::uuid))
        ORDER BY mc.total_weight DESC, mc.id DESC LIMIT ${first + 1}`,
      params,
    );
    const page = found.slice(0, first);
    const nodes = await this.toViews(ctx, page);
    const edges = nodes.map((node, i) => ({ cursor: encodeCursor(`${page[i]!.total_weight}|${node.id}`), node }));
    return { edges, totalCount: total, pageInfo: { hasNextPage: found.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** One pair with its evidence, if it is in the caller's scope. */
  async candidate(ctx: RequestContext, id: string): Promise<MatchCandidateType> {
    return (await this.toViews(ctx, [await this.loadInScope(ctx, id)]))[0]!;
  }

  /** Why a person's records are together: every linked or confirmed pair among them, with its evidence. */
  async personEvidence(ctx: RequestContext, personId: string): Promise<MatchCandidateType[]> {
    if (!UUID.test(personId)) throw badInput('personId', 'must be a UUID');
    const scope = this.scopeSql(ctx, 'mc', 2);
    const found = await rows<CandidateRow>(
      this.ds.manager,
      `SELECT mc.* FROM match_candidate mc
         JOIN source_record a ON a.id = mc.record_a_id JOIN source_record b ON b.id = mc.record_b_id
        WHERE a.person_id = $1 AND b.person_id = $1 AND ${scope.sql}
        ORDER BY mc.total_weight DESC, mc.id LIMIT 200`,
      [personId, ...scope.params],
    );
    return this.toViews(ctx, found);
  }

  /** Confirms a pair: the two records are one person from now on (a must-link every later run respects). */
  async confirm(ctx: RequestContext, input: DecideMatchInput): Promise<MatchCandidateType> {
    return this.decide(ctx, input, 'CONFIRM');
  }

  /** Rejects a pair: the two records are never put together again (a cannot-link); a merged person is split. */
  async reject(ctx: RequestContext, input: DecideMatchInput): Promise<MatchCandidateType> {
    return this.decide(ctx, input, 'REJECT');
  }

  /**
   * Splits records off a wrongly merged person: they become their own person and never rejoin the rest
   * automatically. The membership is read under the matching lock, in the transaction that splits.
   */
  async split(ctx: RequestContext, personId: string, recordIds: readonly string[], note: string | null | undefined): Promise<SplitPersonResultType> {
    // Like every review decision, a split is made for a declared purpose the role may use: checked before anything changes.
    await ctx.services.policy.forRequest(ctx);
    this.checkNote(note);
    if (!UUID.test(personId)) throw badInput('personId', 'must be a UUID');
    const splitIds = [...new Set(recordIds)];
    if (splitIds.length === 0 || splitIds.some((id) => !UUID.test(id))) throw badInput('sourceRecordIds', 'must be one or more source record ids');
    return this.ds.transaction((em) =>
      withIdempotency(ctx, em, async () => {
        await lockMatching(em);
        const members = await rows<{ id: string; la_code: string | null }>(
          em,
          `SELECT sr.id, o.la_code FROM source_record sr JOIN organisation o ON o.id = sr.provider_organisation_id WHERE sr.person_id = $1`,
          [personId],
        );
        if (members.length === 0 || !this.inScope(ctx, members.map((m) => m.la_code))) throw notFound('Young person');
        const memberIds = new Set(members.map((m) => m.id));
        if (splitIds.some((id) => !memberIds.has(id))) throw badInput('sourceRecordIds', 'every record must belong to the person');
        const rest = members.map((m) => m.id).filter((id) => !splitIds.includes(id));
        if (rest.length === 0) throw badInput('sourceRecordIds', 'must leave at least one record with the person');

        const [decision] = await rows<{ id: string }>(
          em,
          `INSERT INTO match_decision (kind, person_id, record_ids, decided_by, note) VALUES ('SPLIT', $1, $2, $3, $4) RETURNING id`,
          [personId, splitIds, ctx.principal.id, note ?? null],
        );
        const constraints: Array<[string, string, string]> = [];
        for (const s of splitIds) for (const r of rest) constraints.push([...order(s, r), 'CANNOT_LINK']);
        // The EPC says both sides are one person each: each side is held together, and never joined to the other.
        for (let i = 1; i < splitIds.length; i++) constraints.push([...order(splitIds[i - 1]!, splitIds[i]!), 'MUST_LINK']);
        for (let i = 1; i < rest.length; i++) constraints.push([...order(rest[i - 1]!, rest[i]!), 'MUST_LINK']);
        await this.writeConstraints(em, constraints, decision!.id);
        await em.query(
          `UPDATE match_candidate SET status = 'REJECTED', decided_by = $3, decided_at = now(), updated_at = now()
            WHERE (record_a_id = ANY($1) AND record_b_id = ANY($2)) OR (record_a_id = ANY($2) AND record_b_id = ANY($1))`,
          [splitIds, rest, ctx.principal.id],
        );
        const { personOf } = await recluster(em, [...splitIds, ...rest], decision!.id, { model: await modelInForce(em), config: this.config });
        const newPersonId = personOf.get(splitIds[0]!)!;
        const remaining = personOf.get(rest[0]!) ?? null;
        // The access-log event commits with the split, or neither does.
        await ctx.services.audit.recordChange(ctx, em, {
          personId,
          event: 'person.split',
          change: { decisionId: decision!.id, sourceRecordIds: splitIds, fromPersonId: personId, toPersonId: newPersonId, remainingPersonId: remaining },
        });
        return { personId: remaining, newPersonId, decisionId: decision!.id };
      }),
    );
  }

  /**
   * Records a decision on a pair. Deciding a pair the way it is already decided changes nothing and answers
   * with the decision that stands (a retry, or two EPCs on the same pair); deciding it the other way is
   * refused unless `overrule` says that the earlier decision is being reversed on purpose.
   */
  private async decide(ctx: RequestContext, input: DecideMatchInput, kind: 'CONFIRM' | 'REJECT'): Promise<MatchCandidateType> {
    // The answer shows both records: the purpose is checked before anything changes, so a refusal changes nothing.
    await ctx.services.policy.forRequest(ctx);
    this.checkNote(input.note);
    const c = await this.loadInScope(ctx, input.candidateId);
    const decided = kind === 'CONFIRM' ? 'CONFIRMED' : 'REJECTED';
    await this.ds.transaction((em) =>
      withIdempotency(ctx, em, async () => {
        await lockMatching(em);
        const [current] = await rows<{ status: string }>(em, 'SELECT status FROM match_candidate WHERE id = $1', [c.id]);
        if (current?.status === decided) return null;
        if ((current?.status === 'CONFIRMED' || current?.status === 'REJECTED') && !input.overrule) {
          throw badInput(
            'overrule',
            `this pair is already ${current.status}; to reverse that decision send overrule: true (to separate records of one person, use splitPerson)`,
          );
        }
        const before = await rows<{ id: string; person_id: string | null }>(em, 'SELECT id, person_id FROM source_record WHERE id = ANY($1)', [
          [c.record_a_id, c.record_b_id],
        ]);
        const [decision] = await rows<{ id: string }>(
          em,
          `INSERT INTO match_decision (kind, candidate_id, record_ids, decided_by, note) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [kind, c.id, [c.record_a_id, c.record_b_id], ctx.principal.id, input.note ?? null],
        );
        await this.writeConstraints(em, [[c.record_a_id, c.record_b_id, kind === 'CONFIRM' ? 'MUST_LINK' : 'CANNOT_LINK']], decision!.id);
        await em.query(
          `UPDATE match_candidate SET status = $2, conflict = NULL, decided_by = $3, decided_at = now(), updated_at = now() WHERE id = $1`,
          [c.id, decided, ctx.principal.id],
        );
        const { personOf } = await recluster(em, [c.record_a_id, c.record_b_id], decision!.id, { model: await modelInForce(em), config: this.config });
        // One access-log event per person the decision touched, committed with the decision.
        const touched = new Set([c.record_a_id, c.record_b_id].map((r) => personOf.get(r)).filter((p): p is string => p !== undefined));
        for (const personId of touched) {
          await ctx.services.audit.recordChange(ctx, em, {
            personId,
            event: kind === 'CONFIRM' ? 'match.confirmed' : 'match.rejected',
            change: {
              candidateId: c.id,
              decisionId: decision!.id,
              ...(current?.status === 'CONFIRMED' || current?.status === 'REJECTED' ? { overruled: current.status } : {}),
              sourceRecordIds: [c.record_a_id, c.record_b_id],
              personsBefore: before.map((b) => ({ sourceRecordId: b.id, personId: b.person_id })),
              personsAfter: [c.record_a_id, c.record_b_id].map((r) => ({ sourceRecordId: r, personId: personOf.get(r) ?? null })),
            },
          });
        }
        return null;
      }),
    );
    return this.candidate(ctx, c.id);
  }

  private async writeConstraints(em: EntityManager, constraints: ReadonlyArray<readonly [string, string, string]>, decisionId: string): Promise<void> {
    await em.query(
      `INSERT INTO match_constraint (record_a_id, record_b_id, kind, decision_id) SELECT a, b, k, $4::uuid FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS v(a, b, k)
       ON CONFLICT (record_a_id, record_b_id) DO UPDATE SET kind = EXCLUDED.kind, decision_id = EXCLUDED.decision_id, created_at = now()`,
      [constraints.map((c) => c[0]), constraints.map((c) => c[1]), constraints.map((c) => c[2]), decisionId],
    );
  }

  private async loadInScope(ctx: RequestContext, id: string): Promise<CandidateRow> {
    if (!UUID.test(id)) throw badInput('id', 'must be a UUID');
    const scope = this.scopeSql(ctx, 'mc', 2);
    const [c] = await rows<CandidateRow>(this.ds.manager, `SELECT mc.* FROM match_candidate mc WHERE mc.id = $1 AND ${scope.sql}`, [id, ...scope.params]);
    if (!c) throw notFound('Match candidate');
    return c;
  }

  /** SQL limiting candidates to the caller's scope (matching.policy.ts): any for administrators, the EPC's own LA otherwise. */
  private scopeSql(ctx: RequestContext, alias: string, firstParam: number): { sql: string; params: unknown[] } {
    if (ctx.ability.can('manage', 'all')) return { sql: 'true', params: [] };
    return {
      sql: `EXISTS (SELECT 1 FROM source_record s JOIN organisation o ON o.id = s.provider_organisation_id
                     WHERE s.id IN (${alias}.record_a_id, ${alias}.record_b_id) AND o.${REVIEW_SCOPE.providerColumn} = $${firstParam})`,
      params: [ctx.principal.organisation.laCode ?? '-'],
    };
  }

  private inScope(ctx: RequestContext, laCodes: ReadonlyArray<string | null>): boolean {
    return ctx.ability.can('manage', 'all') || laCodes.some((la) => la !== null && la === ctx.principal.organisation.laCode);
  }

  private checkNote(note: string | null | undefined): void {
    if (note != null && note.length > DECISION_NOTE_LIMIT) throw badInput('note', `must be at most ${DECISION_NOTE_LIMIT} characters`);
  }

  /** Views of candidates with both records (through the field guard's mapper) and their decisions; three queries per page. */
  private async toViews(ctx: RequestContext, found: readonly CandidateRow[]): Promise<MatchCandidateType[]> {
    // The two records are shown side by side with only the fields this EPC may see for this purpose.
    if (found.length === 0) {
      await ctx.services.policy.forRequest(ctx); // the purpose is checked even for an empty page
      return [];
    }
    const recordIds = [...new Set(found.flatMap((c) => [c.record_a_id, c.record_b_id]))];
    const byId = await ctx.services.sources.viewsOfRecords(ctx, recordIds);
    const decisions = await rows<{ id: string; candidate_id: string; kind: string; handle: string; created_at: Date; note: string | null }>(
      this.ds.manager,
      `SELECT d.id, d.candidate_id, d.kind, p.handle, d.created_at, d.note FROM match_decision d JOIN principal p ON p.id = d.decided_by
        WHERE d.candidate_id = ANY($1) ORDER BY d.created_at, d.id`,
      [found.map((c) => c.id)],
    );
    const views: MatchCandidateType[] = [];
    for (const c of found) {
      const model = await modelById(this.ds, c.model_id);
      // Only the hub's own words about each comparison: labels and level texts from criteria.ts, never a value.
      const comparisons: MatchComparisonType[] = model.model.comparisons.map((p, k) => {
        const spec = SPEC_BY_KEY.get(p.key);
        const level = c.levels[k] ?? -1;
        const name = spec ? levelName(spec, level) : String(level);
        return {
          key: p.key,
          label: spec?.label ?? p.key,
          outcome: levelOutcome(level, spec ? levelCount(spec) : p.m.length),
          level: name,
          levelDescription: level < 0 ? 'missing on one or both records' : (spec?.levels[level]?.description ?? 'different'),
          weight: Math.round((c.weights[k] ?? 0) * 100) / 100,
        };
      });
      const decided: MatchDecisionType[] = decisions
        .filter((d) => d.candidate_id === c.id)
        .map((d) => ({ id: d.id, kind: d.kind, decidedBy: d.handle, decidedAt: d.created_at, note: d.note }));
      let reviewReason: string | null = null;
      if (c.status === 'REVIEW') {
        const specs = model.model.comparisons.map((p) => SPEC_BY_KEY.get(p.key)!);
        if (c.conflict) reviewReason = c.conflict;
        else if (c.total_weight >= this.config.linkWeight && !isCorroborated(specs, c.levels)) reviewReason = 'NAMES_ONLY';
        else if (c.total_weight >= this.config.linkWeight && looksLikeTwins(specs, c.levels)) reviewReason = 'LIKELY_TWINS';
        else reviewReason = 'UNCERTAIN';
      }
      views.push({
        id: c.id,
        status: c.status,
        reviewReason,
        rule: c.rule,
        conflict: c.conflict,
        totalWeight: Math.round(c.total_weight * 100) / 100,
        prior: Math.round(c.prior * 100) / 100,
        probability: c.probability,
        comparisons,
        recordA: byId.get(c.record_a_id) ?? null,
        recordB: byId.get(c.record_b_id) ?? null,
        modelId: c.model_id,
        decisions: decided,
        updatedAt: c.updated_at,
      });
    }
    return views;
  }
}

function order(x: string, y: string): [string, string] {
  return x < y ? [x, y] : [y, x];
}
