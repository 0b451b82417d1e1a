import { Extensions, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { OrganisationType } from '../organisations/organisation.type.js';
import { PERSONAL_TYPE_EXTENSION, PersonalField, ProvenanceField } from '../../policy/personal-field.js';
import type { DecisionLookup } from './checked-view.js';

type Json = Record<string, unknown> | null;

/** One partner's record about a young person: identity, contact and categorised data, with provenance. */
@ObjectType('SourceRecord', { description: "One partner's record about a young person, with its provenance" })
@Extensions({ [PERSONAL_TYPE_EXTENSION]: true })
export class SourceRecordType {
  /** The person the record is linked to (not a GraphQL field: the field guard decides with it). */
  personId!: string | null;

  /** The supplying organisation's id (not a GraphQL field: the field guard decides with it). */
  providerOrganisationId!: string;

  /** The sharing decision for each category, made by the sources service (not a GraphQL field; absent: withheld). */
  decisions?: DecisionLookup;

  @ProvenanceField(() => ID)
  id!: string;

  @ProvenanceField(() => OrganisationType, { description: 'The organisation that supplied this record' })
  provider!: OrganisationType;

  @ProvenanceField(() => Date, { description: 'When the hub received this version' })
  receivedAt!: Date;

  @ProvenanceField(() => Int)
  version!: number;

  @PersonalField('IDENTITY', () => String, { nullable: true, description: "The partner's own reference" })
  partnerReference!: string;

  @PersonalField('IDENTITY', () => String, { nullable: true })
  givenName!: string | null;

  @PersonalField('IDENTITY', () => String, { nullable: true })
  middleNames!: string | null;

  @PersonalField('IDENTITY', () => String, { nullable: true })
  familyName!: string | null;

  @PersonalField('IDENTITY', () => String, { nullable: true, description: 'YYYY-MM-DD as supplied' })
  dateOfBirth!: string | null;

  @PersonalField('IDENTITY', () => String, { nullable: true })
  sex!: string | null;

  @PersonalField('IDENTITY', () => String, { nullable: true, description: 'Unique Pupil Number' })
  upn!: string | null;

  @PersonalField('IDENTITY', () => String, { nullable: true, description: 'Unique Learner Number' })
  uln!: string | null;

  @PersonalField('IDENTITY', () => String, { nullable: true })
  otherIdentifier!: string | null;

  @PersonalField('CONTACT', () => String, { nullable: true })
  postcode!: string | null;

  @PersonalField('CONTACT', () => String, { nullable: true })
  addressLine!: string | null;

  @PersonalField('CONTACT', () => String, { nullable: true })
  locality!: string | null;

  @PersonalField('CONTACT', () => String, { nullable: true })
  email!: string | null;

  @PersonalField('CONTACT', () => String, { nullable: true })
  phone!: string | null;

  @PersonalField('EDUCATION_ENROLMENT', () => GraphQLJSONObject, { nullable: true })
  enrolment!: Json;

  @PersonalField('ATTENDANCE', () => GraphQLJSONObject, { nullable: true })
  attendance!: Json;

  @PersonalField('BEHAVIOUR', () => GraphQLJSONObject, { nullable: true })
  behaviour!: Json;

  @PersonalField('ATTAINMENT', () => GraphQLJSONObject, { nullable: true })
  attainment!: Json;

  @PersonalField('EARLY_IDENTIFICATION_RISK', () => GraphQLJSONObject, { nullable: true })
  earlyIdentificationRisk!: Json;

  @PersonalField('TIER_STATUS', () => GraphQLJSONObject, { nullable: true })
  tierStatus!: Json;

  @PersonalField('CAREERS_GUIDANCE', () => GraphQLJSONObject, { nullable: true })
  careersGuidance!: Json;

  @PersonalField('SUPPORT_NEEDS', () => GraphQLJSONObject, { nullable: true })
  supportNeeds!: Json;

  @PersonalField('CARE_STATUS', () => GraphQLJSONObject, { nullable: true })
  careStatus!: Json;

  @PersonalField('YOUTH_JUSTICE', () => GraphQLJSONObject, { nullable: true })
  youthJustice!: Json;

  @PersonalField('LEAD_WORKER', () => GraphQLJSONObject, { nullable: true })
  leadWorker!: Json;

  @PersonalField('INVOLVEMENT', () => GraphQLJSONObject, { nullable: true })
  involvement!: Json;

  @PersonalField('DESTINATION', () => GraphQLJSONObject, { nullable: true })
  destination!: Json;
}
