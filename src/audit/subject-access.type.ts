import { Field, ID, Int, ObjectType } from 'type-graphql';
import { OrganisationType } from '../modules/organisations/organisation.type.js';
import { AccessOutcomeEnum, AccessedFieldType } from './access-event.type.js';
import type { AccessOutcome } from './access-event.js';

/** One value held about the young person, with where it came from. */
@ObjectType('SubjectAccessValue', { description: 'One value held about the young person, with its source' })
export class SubjectAccessValueType {
  @Field(() => String)
  category!: string;

  @Field(() => String, { description: 'Field name; payload values are category.key' })
  field!: string;

  @Field(() => String, { description: 'The value as text (objects and lists as JSON)' })
  value!: string;

  @Field(() => ID, { description: 'The source record holding it' })
  sourceRecordId!: string;

  @Field(() => OrganisationType, { description: 'The organisation that supplied it' })
  provider!: OrganisationType;

  @Field(() => Date)
  receivedAt!: Date;

  @Field(() => Int)
  version!: number;
}

/** An agreement clause or a consent that applies to the young person (supplied by the policy engine). */
@ObjectType('SubjectAccessBasis', { description: 'An agreement clause or consent that applies to the young person' })
export class SubjectAccessBasisType {
  @Field(() => String, { description: 'AGREEMENT or CONSENT' })
  kind!: string;

  @Field(() => String, { description: 'reference@version, or the consent event id' })
  reference!: string;

  @Field(() => String)
  summary!: string;
}

/** Who saw or was refused what, as the young person is told it (organisation and role, no staff names). */
@ObjectType('SubjectAccessEvent')
export class SubjectAccessEventType {
  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => String)
  event!: string;

  @Field(() => AccessOutcomeEnum)
  outcome!: AccessOutcome;

  @Field(() => String, { nullable: true })
  organisationName!: string | null;

  @Field(() => [String])
  roles!: string[];

  @Field(() => String, { nullable: true })
  purpose!: string | null;

  @Field(() => [AccessedFieldType])
  released!: AccessedFieldType[];

  @Field(() => [AccessedFieldType])
  withheld!: AccessedFieldType[];

  @Field(() => [String])
  agreements!: string[];
}

/** A subject access report: everything held about one young person and everyone who saw it. */
@ObjectType('SubjectAccessReport', { description: 'Everything held about one young person, what applies to it, and every access to it' })
export class SubjectAccessReportType {
  @Field(() => ID)
  personId!: string;

  @Field(() => Date)
  generatedAt!: Date;

  @Field(() => String, { description: 'Whose data the report covers: the whole hub, or one organisation as controller' })
  scope!: string;

  @Field(() => [SubjectAccessValueType])
  values!: SubjectAccessValueType[];

  @Field(() => [SubjectAccessBasisType], { description: 'Agreements and consents that apply (from the policy engine)' })
  agreementsAndConsents!: SubjectAccessBasisType[];

  @Field(() => [SubjectAccessEventType], { description: 'Every access event about the young person, newest first' })
  accessEvents!: SubjectAccessEventType[];

  @Field(() => Boolean, { description: 'True when there were more access events than the report lists' })
  accessEventsTruncated!: boolean;

  @Field(() => [String], { description: "What was left out because it is other people's personal data" })
  omitted!: string[];
}
