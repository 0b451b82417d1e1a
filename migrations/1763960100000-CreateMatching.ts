import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Record matching: the work queue, standardised features with hashed blocking keys, models, scored candidates, decisions, constraints and person lineage. */
export class CreateMatching1763960100000 implements MigrationInterface {
  name = 'CreateMatching1763960100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE match_queue (
        source_record_id  uuid PRIMARY KEY REFERENCES source_record(id) ON DELETE CASCADE,
        version           integer NOT NULL,
        import_id         uuid REFERENCES import_batch(id) ON DELETE SET NULL,
        queued_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX match_queue_import_idx ON match_queue (import_id)`);
    await q.query(`
      CREATE TABLE match_record (
        source_record_id  uuid PRIMARY KEY REFERENCES source_record(id) ON DELETE CASCADE,
        version           integer NOT NULL,
        features          jsonb NOT NULL,
        block_keys        bigint[] NOT NULL DEFAULT '{}',
        standardised_at   timestamptz NOT NULL DEFAULT now()
      )`);
    // Blocking keys are hashed to integers and kept as one array per record: a GIN index finds every record
    // sharing a key with a new one, and a batch of 100,000 records writes 100,000 rows, not a million.
    await q.query(`CREATE INDEX match_record_block_keys_idx ON match_record USING gin (block_keys)`);
    await q.query(`
      CREATE TABLE match_model (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        params      jsonb NOT NULL,
        active      boolean NOT NULL DEFAULT false,
        records     integer NOT NULL,
        pairs       integer NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX match_model_one_active_idx ON match_model (active) WHERE active`);
    await q.query(`
      CREATE TABLE match_candidate (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        record_a_id    uuid NOT NULL REFERENCES source_record(id) ON DELETE CASCADE,
        record_b_id    uuid NOT NULL REFERENCES source_record(id) ON DELETE CASCADE,
        version_a      integer NOT NULL,
        version_b      integer NOT NULL,
        model_id       uuid REFERENCES match_model(id),
        rule           text NOT NULL CHECK (rule IN ('SCORED','UPN','ULN')),
        levels         smallint[] NOT NULL,
        weights        real[] NOT NULL,
        prior          real NOT NULL,
        total_weight   real NOT NULL,
        probability    double precision NOT NULL,
        status         text NOT NULL CHECK (status IN ('LINKED','REVIEW','CONFIRMED','REJECTED')),
        conflict       text CHECK (conflict IN ('CANNOT_LINK','IDENTIFIER_CONFLICT')),
        decided_by     uuid REFERENCES principal(id),
        decided_at     timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT match_candidate_ordered CHECK (record_a_id < record_b_id),
        CONSTRAINT match_candidate_pair_key UNIQUE (record_a_id, record_b_id)
      )`);
    await q.query(`CREATE INDEX match_candidate_b_idx ON match_candidate (record_b_id)`);
    await q.query(`CREATE INDEX match_candidate_review_idx ON match_candidate (total_weight DESC, id) WHERE status = 'REVIEW'`);
    await q.query(`
      CREATE TABLE match_decision (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind          text NOT NULL CHECK (kind IN ('CONFIRM','REJECT','SPLIT')),
        candidate_id  uuid REFERENCES match_candidate(id) ON DELETE SET NULL,
        person_id     uuid,
        record_ids    uuid[] NOT NULL,
        decided_by    uuid NOT NULL REFERENCES principal(id),
        note          text CHECK (length(note) <= 1000),
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX match_decision_candidate_idx ON match_decision (candidate_id)`);
    await q.query(`
      CREATE TABLE match_constraint (
        record_a_id  uuid NOT NULL REFERENCES source_record(id) ON DELETE CASCADE,
        record_b_id  uuid NOT NULL REFERENCES source_record(id) ON DELETE CASCADE,
        kind         text NOT NULL CHECK (kind IN ('MUST_LINK','CANNOT_LINK')),
        decision_id  uuid NOT NULL REFERENCES match_decision(id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (record_a_id, record_b_id),
        CONSTRAINT match_constraint_ordered CHECK (record_a_id < record_b_id)
      )`);
    await q.query(`CREATE INDEX match_constraint_b_idx ON match_constraint (record_b_id)`);
    await q.query(`
      CREATE TABLE person_lineage (
        id              bigserial PRIMARY KEY,
        from_person_id  uuid NOT NULL,
        to_person_id    uuid NOT NULL,
        kind            text NOT NULL CHECK (kind IN ('MERGED','SPLIT')),
        decision_id     uuid REFERENCES match_decision(id),
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX person_lineage_from_idx ON person_lineage (from_person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE person_lineage`);
    await q.query(`DROP TABLE match_constraint`);
    await q.query(`DROP TABLE match_decision`);
    await q.query(`DROP TABLE match_candidate`);
    await q.query(`DROP TABLE match_model`);
    await q.query(`DROP TABLE match_record`);
    await q.query(`DROP TABLE match_queue`);
  }
}
