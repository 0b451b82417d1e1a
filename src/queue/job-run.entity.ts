import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Lifecycle of a tracked job. */
export const JOB_RUN_STATUSES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;

/** One job run status. */
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/**
 * The PostgreSQL side of a queued job: Redis holds only work in flight, this row says whether the
 * work is finished, so unfinished work can be re-enqueued after Redis loses its data.
 */
@Entity('job_run')
export class JobRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  queue!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'uuid', nullable: true })
  subjectId!: string | null;

  @Column({ type: 'text', default: 'QUEUED' })
  status!: JobRunStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
