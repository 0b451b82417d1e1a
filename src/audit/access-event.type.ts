import { MaxLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfoType } from '../graphql/page-info.type.js';
import { ACCESS_OUTCOMES, type AccessOutcome } from './access-event.js';

/** GraphQL enum of access outcomes. */
export const AccessOutcomeEnum = Object.fromEntries(ACCESS_OUTCOMES.map((o) => [o, o])) as Record<AccessOutcome, AccessOutcome>;
registerEnumType(AccessOutcomeEnum, {
  name: 'AccessOutcome',
  description: 'RELEASED: every value asked for was released; PARTIAL: some were withheld; WITHHELD: none released; NONE: no personal data read (a change or a log search)',
});

/** The outcomes an IG officer filters by. */
export enum AccessOutcomeFilter {
  RELEASED = 'RELEASED',
  WITHHELD = 'WITHHELD',
}
registerEnumType(AccessOutcomeFilter, {
  name: 'AccessOutcomeFilter',
  description: 'RELEASED: events that released any value; WITHHELD: events that withheld any value or were refused',
});

/** One value released or withheld, as the access log records it (a field name and category, never the value). */
@ObjectType('AccessedField', { description: 'A field released or withheld: its name, category and supplier, never its value' })
export class AccessedFieldType {
  @Field(() => String)
  field!: string;

  @Field(() => String, { description: 'Data category' })
  category!: string;

  @Field(() => ID, { description: 'The organisation that supplied the value' })
  providerOrganisationId!: string;

  @Field(() => String, { nullable: true, description: 'Why it was withheld (withheld values only)' })
  reason!: string | null;
}

/** Who acted, as the access log shows them. */
@ObjectType('AccessActor', { description: 'The principal and organisation that acted' })
export class AccessActorType {
  @Field(() => ID, { nullable: true })
  principalId!: string | null;

  @Field(() => String, { nullable: true })
  principalHandle!: string | null;

  @Field(() => ID, { nullable: true })
  organisationId!: string | null;

  @Field(() => String, { nullable: true })
  organisationCode!: string | null;

  @Field(() => String, { nullable: true })
  organisationName!: string | null;

  @Field(() => [String])
  roles!: string[];
}

/** One row of the access log. */
@ObjectType('AccessEvent', { description: 'One access-log row: what one operation released, withheld or changed about one young person' })
export class AccessEventType {
  @Field(() => ID, { description: 'Position in the hash chain' })
  seq!: string;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => String, { description: 'subject.action, e.g. person.read, consent.withdrawn, access_log.read' })
  event!: string;

  @Field(() => AccessOutcomeEnum)
  outcome!: AccessOutcome;

  @Field(() => String)
  requestId!: string;

  @Field(() => String, { description: 'The GraphQL operation: its name, or its root fields when anonymous' })
  operation!: string;

  @Field(() => AccessActorType)
  actor!: AccessActorType;

  @Field(() => String, { nullable: true })
  purpose!: string | null;

  @Field(() => ID, { nullable: true })
  personId!: string | null;

  @Field(() => [AccessedFieldType])
  released!: AccessedFieldType[];

  @Field(() => [AccessedFieldType])
  withheld!: AccessedFieldType[];

  @Field(() => [String], { description: 'Agreements relied on, as reference@version' })
  agreements!: string[];

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'What changed, what was asked or why the operation was refused' })
  details!: Record<string, unknown> | null;

  @Field(() => String, { description: 'Hex SHA-256 of this row and the previous row' })
  hash!: string;
}

/** One edge of the access-log connection. */
@ObjectType('AccessEventEdge')
export class AccessEventEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => AccessEventType)
  node!: AccessEventType;
}

/** A page of the access log, newest first. */
@ObjectType('AccessEventConnection')
export class AccessEventConnectionType {
  @Field(() => [AccessEventEdgeType])
  edges!: AccessEventEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

/** Filters for the access log; all optional, combined with AND. */
@InputType('AccessLogFilter')
export class AccessLogFilterInput {
  @Field(() => ID, { nullable: true, description: 'The young person the events are about' })
  personId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The principal who acted' })
  principalId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The organisation that acted (disclosures to it)' })
  organisationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Declared purpose, e.g. TRACKING' })
  @MaxLength(40)
  purpose?: string | null;

  @Field(() => AccessOutcomeFilter, { nullable: true })
  outcome?: AccessOutcomeFilter | null;

  @Field(() => String, { nullable: true, description: 'Event name, e.g. person.read' })
  @MaxLength(100)
  event?: string | null;

  @Field(() => Date, { nullable: true, description: 'From this time (inclusive)' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Before this time (exclusive)' })
  to?: Date | null;
}

/** The first bad row the verifier found. */
@ObjectType('AccessLogBadRow')
export class AccessLogBadRowType {
  @Field(() => String, { description: 'Position in the chain' })
  seq!: string;

  @Field(() => String, { description: 'CONTENT_MISMATCH, ROW_MISSING, INSERTED_ROW, REORDERED, TRUNCATED …' })
  problem!: string;

  @Field(() => String)
  detail!: string;
}

/** The verifier's report. */
@ObjectType('AccessLogVerification', { description: 'The result of walking the hash chain and checking the signed checkpoints' })
export class AccessLogVerificationType {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => Int)
  rowsChecked!: number;

  @Field(() => String, { description: 'Position of the chain head' })
  headSeq!: string;

  @Field(() => String)
  headHash!: string;

  @Field(() => Int, { description: 'Signed checkpoints whose signature verified' })
  checkpointsVerified!: number;

  @Field(() => String, { nullable: true })
  lastCheckpointSeq!: string | null;

  @Field(() => Date, { nullable: true })
  lastCheckpointSignedAt!: Date | null;

  @Field(() => Int, { description: 'Checkpoints whose signature did not verify' })
  badCheckpointSignatures!: number;

  @Field(() => AccessLogBadRowType, { nullable: true })
  firstBadRow!: AccessLogBadRowType | null;

  @Field(() => Int)
  durationMs!: number;
}
