import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The PostgreSQL record of queued work, so a reconciler can re-enqueue it after Redis loses its data. */
export class CreateJobRuns1763900200000 implements MigrationInterface {
  name = 'CreateJobRuns1763900200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_run (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        queue         text NOT NULL,
        name          text NOT NULL,
        subject_id    uuid,
        status        text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED','RUNNING','DONE','FAILED')),
        attempts      integer NOT NULL DEFAULT 0,
        error         text,
        requested_by  uuid REFERENCES principal(id),
        created_at    timestamptz NOT NULL DEFAULT now(),
        started_at    timestamptz,
        finished_at   timestamptz
      )`);
    await q.query(`CREATE INDEX job_run_unfinished_idx ON job_run (created_at) WHERE status IN ('QUEUED','RUNNING')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_run`);
  }
}
