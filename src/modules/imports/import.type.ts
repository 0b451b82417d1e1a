import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { OrganisationType } from '../organisations/organisation.type.js';

/** A field of a submitted row and what is wrong with it (never the value). */
@ObjectType('RowProblem')
export class RowProblemType {
  @Field(() => String)
  field!: string;

  @Field(() => String)
  reason!: string;
}

/** What happened to one submitted row. */
@ObjectType('ImportRowResult', { description: 'What happened to one submitted row' })
export class ImportRowResultType {
  @Field(() => Int, { description: 'Position of the row in the submission (1 = first record)' })
  rowNumber!: number;

  @Field(() => String, { description: 'CREATED, UPDATED, UNCHANGED or REJECTED' })
  outcome!: string;

  @Field(() => ID, { nullable: true, description: 'The source record the row landed in' })
  sourceRecordId!: string | null;

  @Field(() => [RowProblemType], { description: 'Why the row was rejected' })
  errors!: RowProblemType[];

  @Field(() => [RowProblemType], { description: 'What was accepted with a caveat' })
  warnings!: RowProblemType[];
}

/** Something about a whole import the partner should act on (a code, a count and what to do; never a record's value). */
@ObjectType('ImportWarning', { description: "Something about a whole import the partner should act on; never a record's value" })
export class ImportWarningType {
  @Field(() => String, { description: 'REVIEW_QUEUE_FULL: possible duplicates among your own records beyond what one import may put in the review queue' })
  code!: string;

  @Field(() => Int, { description: 'How many (pairs, for REVIEW_QUEUE_FULL)' })
  count!: number;

  @Field(() => String)
  message!: string;
}

/** A tracked batch of partner records, with progress through matching. */
@ObjectType('Import', { description: 'A tracked batch of partner records and its progress through matching' })
export class ImportType {
  @Field(() => ID)
  id!: string;

  @Field(() => OrganisationType, { description: 'The partner whose records these are' })
  provider!: OrganisationType;

  @Field(() => String, { description: 'GRAPHQL or CSV' })
  channel!: string;

  @Field(() => String, { description: 'RECEIVING, MATCHING, DONE or FAILED' })
  status!: string;

  @Field(() => Int)
  totalRows!: number;

  @Field(() => Int)
  createdRows!: number;

  @Field(() => Int)
  updatedRows!: number;

  @Field(() => Int)
  unchangedRows!: number;

  @Field(() => Int)
  rejectedRows!: number;

  @Field(() => Int, { description: 'Records this import sent to matching' })
  queuedForMatching!: number;

  @Field(() => Int, { description: 'Of those, how many have been matched' })
  matchedRecords!: number;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why a FAILED import stopped before its last row (STALE_RECEIVING, INTERRUPTED, CSV_INVALID); the rows it landed stay and are matched',
  })
  failureReason!: string | null;

  @Field(() => [ImportWarningType], { description: 'What about the whole import needs the partner (row problems are in rows)' })
  warnings!: ImportWarningType[];
}

/** One partner record. Values are checked row by row by the hub, so a bad row never fails the batch. */
@InputType('PartnerRecordInput')
export class PartnerRecordInput {
  @Field(() => String, { nullable: true, description: "The partner's own reference, unique within the partner" })
  partnerReference?: string | null;

  @Field(() => String, { nullable: true })
  givenName?: string | null;

  @Field(() => String, { nullable: true })
  middleNames?: string | null;

  @Field(() => String, { nullable: true })
  familyName?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  dateOfBirth?: string | null;

  @Field(() => String, { nullable: true, description: 'F, M or X' })
  sex?: string | null;

  @Field(() => String, { nullable: true })
  postcode?: string | null;

  @Field(() => String, { nullable: true })
  addressLine?: string | null;

  @Field(() => String, { nullable: true })
  locality?: string | null;

  @Field(() => String, { nullable: true, description: 'Unique Pupil Number' })
  upn?: string | null;

  @Field(() => String, { nullable: true, description: 'Unique Learner Number' })
  uln?: string | null;

  @Field(() => String, { nullable: true })
  otherIdentifier?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => Int, { nullable: true, description: "The partner's version of the record; omitted, the hub counts versions itself" })
  version?: number | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Other data keyed by data category; omitted, the stored payload is kept' })
  payload?: Record<string, unknown> | null;
}

/** A batch of partner records. */
@InputType('SubmitRecordsInput')
export class SubmitRecordsInput {
  @Field(() => [PartnerRecordInput])
  records!: PartnerRecordInput[];
}
