import { Field, ID, Int, ObjectType } from 'type-graphql';

/** A tracked background job. */
@ObjectType('JobRun', { description: 'A tracked background job' })
export class JobRunType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  queue!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'QUEUED, RUNNING, DONE or FAILED' })
  status!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
}
