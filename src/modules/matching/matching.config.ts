import { z } from 'zod';

const schema = z.object({
  MATCH_LINK_WEIGHT: z.coerce.number().default(0),
  MATCH_REVIEW_WEIGHT: z.coerce.number().default(-6),
  MATCH_IDENTIFIER_FLOOR: z.coerce.number().default(-8),
  MATCH_CONFLICT_WEIGHT: z.coerce.number().optional(),
  MATCH_MAX_BLOCK: z.coerce.number().int().min(2).default(300),
  MATCH_CHUNK_SIZE: z.coerce.number().int().min(1).max(50_000).default(2000),
  MATCH_BULK_THRESHOLD: z.coerce.number().int().min(1).default(1000),
  MATCH_MIN_TRAINING_RECORDS: z.coerce.number().int().min(2).default(1000),
  MATCH_RETRAIN_GROWTH: z.coerce.number().min(1.1).default(1.2),
  IMPORT_MAX_BATCH: z.coerce.number().int().min(1).max(10_000).default(1000),
});

/** The decision thresholds of a configuration (for decidePair and clustering). */
export function thresholdsOf(config: MatchingConfig): { link: number; review: number; identifierFloor: number; conflict: number } {
  return { link: config.linkWeight, review: config.reviewWeight, identifierFloor: config.identifierFloor, conflict: config.conflictWeight };
}

/** Matching and import settings: thresholds are configuration, not code. */
export interface MatchingConfig {
  /** Pairs whose total weight (posterior log2-odds) reaches this are linked automatically. */
  linkWeight: number;
  /** Pairs between this and `linkWeight` go to the review queue; below it the record stays apart. */
  reviewWeight: number;
  /** A shared UPN or ULN links unless the other evidence weighs less than this (then it goes to review). */
  identifierFloor: number;
  /** Two records weighing less than this conflict: no chain of links joins them into one person (default: 14 below the review weight). */
  conflictWeight: number;
  /** Blocks with more records than this are skipped. */
  maxBlock: number;
  /** Records linked per transaction. */
  chunkSize: number;
  /** From this many queued records (and at least a fiftieth of the population), a batch is linked in one in-memory pass and written in bulk. */
  bulkThreshold: number;
  /** Below this many standardised records the prior model is used instead of EM. */
  minTrainingRecords: number;
  /** Retrain when the population has grown by this factor since the active model was trained. */
  retrainGrowth: number;
  /** Most records one `submitRecords` call may carry. */
  importMaxBatch: number;
}

/** Reads the matching settings from the environment (MATCH_*, IMPORT_MAX_BATCH). */
export function loadMatchingConfig(env: NodeJS.ProcessEnv = process.env): MatchingConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid matching configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  if (e.MATCH_REVIEW_WEIGHT > e.MATCH_LINK_WEIGHT) throw new Error('Invalid matching configuration: MATCH_REVIEW_WEIGHT must not exceed MATCH_LINK_WEIGHT');
  return {
    linkWeight: e.MATCH_LINK_WEIGHT,
    reviewWeight: e.MATCH_REVIEW_WEIGHT,
    identifierFloor: e.MATCH_IDENTIFIER_FLOOR,
    conflictWeight: e.MATCH_CONFLICT_WEIGHT ?? e.MATCH_REVIEW_WEIGHT - 14,
    maxBlock: e.MATCH_MAX_BLOCK,
    chunkSize: e.MATCH_CHUNK_SIZE,
    bulkThreshold: e.MATCH_BULK_THRESHOLD,
    minTrainingRecords: e.MATCH_MIN_TRAINING_RECORDS,
    retrainGrowth: e.MATCH_RETRAIN_GROWTH,
    importMaxBatch: e.IMPORT_MAX_BATCH,
  };
}
