// Which Fellegi–Sunter model is in force, and training a new one by EM on the whole population.
import type { DataSource, EntityManager } from 'typeorm';
import { candidatePairs, unpackPair } from './engine/blocking.js';
import { comparePairs } from './engine/compare.js';
import { COMPARISONS } from './engine/criteria.js';
import { compileModel, countPatternKeys, trainModel, type CompiledModel, type FsModel } from './engine/model.js';
import { randomPairs } from './engine/pipeline.js';
import { priorModel } from './engine/prior-model.js';
import type { StandardRecord } from './engine/standardise.js';
import type { MatchingConfig } from './matching.config.js';
import { lockMatching, rows } from './match-store.js';

/** A compiled model and the id decisions cite (null for the prior model). */
export interface ModelInForce {
  id: string | null;
  compiled: CompiledModel;
  trainedOnRecords: number;
}

const compiledById = new Map<string, CompiledModel>();
let prior: CompiledModel | undefined;

/** The active model, or the prior when none has been trained yet. Compiled models are cached by id. */
export async function modelInForce(em: EntityManager | DataSource): Promise<ModelInForce> {
  const [active] = await rows<{ id: string; records: number }>(em as EntityManager, 'SELECT id, records FROM match_model WHERE active');
  if (!active) {
    prior ??= compileModel(priorModel(), COMPARISONS);
    return { id: null, compiled: prior, trainedOnRecords: 0 };
  }
  let compiled = compiledById.get(active.id);
  if (!compiled) {
    const [row] = await rows<{ params: FsModel }>(em as EntityManager, 'SELECT params FROM match_model WHERE id = $1', [active.id]);
    compiled = compileModel(row!.params, COMPARISONS);
    compiledById.set(active.id, compiled);
  }
  return { id: active.id, compiled, trainedOnRecords: active.records };
}

/** The model that scored a stored candidate (the prior when `id` is null). */
export async function modelById(ds: DataSource | EntityManager, id: string | null): Promise<CompiledModel> {
  if (id === null) {
    prior ??= compileModel(priorModel(), COMPARISONS);
    return prior;
  }
  let compiled = compiledById.get(id);
  if (!compiled) {
    const [row] = await rows<{ params: FsModel }>(ds as EntityManager, 'SELECT params FROM match_model WHERE id = $1', [id]);
    if (!row) throw new Error('Unknown match model');
    compiled = compileModel(row.params, COMPARISONS);
    compiledById.set(id, compiled);
  }
  return compiled;
}

/** Number of standardised records. */
export async function populationSize(em: EntityManager | DataSource): Promise<number> {
  const [r] = await rows<{ n: number }>(em as EntityManager, 'SELECT count(*)::int AS n FROM match_record');
  return r!.n;
}

/** True when there are enough records and no model yet, or the population has outgrown the model. */
export function shouldTrain(population: number, inForce: ModelInForce, config: MatchingConfig): boolean {
  if (population < config.minTrainingRecords) return false;
  if (inForce.id === null) return true;
  // Grown (or, after a reseed, shrunk) by the growth factor: the value frequencies no longer fit.
  return population >= inForce.trainedOnRecords * config.retrainGrowth || population * config.retrainGrowth <= inForce.trainedOnRecords;
}

/** Estimates a model by EM over the whole standardised population and makes it the active one. */
export async function trainAndActivate(ds: DataSource, config: MatchingConfig): Promise<{ id: string; model: FsModel }> {
  // In a stable order (partner, reference), so that the same records always give the same model.
  const all = await rows<{ features: StandardRecord }>(
    ds as unknown as EntityManager,
    `SELECT mr.features FROM match_record mr JOIN source_record sr ON sr.id = mr.source_record_id
       JOIN organisation o ON o.id = sr.provider_organisation_id ORDER BY o.code, sr.partner_reference`,
  );
  const records = all.map((r) => r.features);
  const { pairs } = candidatePairs(records, { maxBlock: config.maxBlock });
  const keys = comparePairs(COMPARISONS, records, [...pairs].map(unpackPair));
  const model = trainModel({
    records,
    candidatePatterns: countPatternKeys(keys, COMPARISONS.length),
    randomPairs: randomPairs(records.length, Math.min(50_000, records.length * 5)),
    maxBlock: config.maxBlock,
  });
  const id = await ds.transaction(async (em) => {
    await lockMatching(em);
    await em.query('UPDATE match_model SET active = false WHERE active');
    const [row] = await rows<{ id: string }>(
      em,
      'INSERT INTO match_model (params, active, records, pairs) VALUES ($1, true, $2, $3) RETURNING id',
      [JSON.stringify(model), records.length, model.training.pairs],
    );
    return row!.id;
  });
  return { id, model };
}
