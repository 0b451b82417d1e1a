import { Max, MaxLength, Min } from 'class-validator';
import { Extensions, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfoType } from '../../graphql/page-info.type.js';
import { ReportCountType } from '../../graphql/report-count.type.js';
import { PERSONAL_TYPE_EXTENSION, PersonalField, ProvenanceField } from '../../policy/personal-field.js';
import { OrganisationType } from '../organisations/organisation.type.js';
import type { DecisionLookup } from '../sources/checked-view.js';
import { DESTINATION_CODES, type DestinationCode } from './destinations.policy.js';

/** Destination codes as a GraphQL enum. */
export const DestinationCodeEnum = Object.fromEntries(DESTINATION_CODES.map((c) => [c, c])) as Record<DestinationCode, DestinationCode>;
registerEnumType(DestinationCodeEnum, { name: 'DestinationCode', description: "A leaver's activity on the 31 October snapshot (Careers Wales's survey categories)" });

/** One leaver's return in Careers Wales's destinations survey: Careers Wales's data (DESTINATION), shown only when released. */
@ObjectType('DestinationReturn', { description: "One leaver's destinations-survey return (Careers Wales's data)" })
@Extensions({ [PERSONAL_TYPE_EXTENSION]: true })
export class DestinationReturnType {
  /** The young person (not a GraphQL field: the field guard decides with it). */
  personId!: string;

  /** Careers Wales (not a GraphQL field: the field guard decides with it). */
  providerOrganisationId!: string;

  /** The request's decisions for Careers Wales's data about this person (not a GraphQL field). */
  decisions?: DecisionLookup;

  @ProvenanceField(() => ID)
  id!: string;

  @ProvenanceField(() => ID, { description: 'The young person the hub links the leaver to' })
  youngPersonId!: string;

  @ProvenanceField(() => OrganisationType, { description: 'The organisation that supplied the return (Careers Wales)' })
  provider!: OrganisationType;

  @ProvenanceField(() => Date, { description: 'When the hub received this version' })
  receivedAt!: Date;

  @PersonalField('DESTINATION', () => String, { nullable: true, description: 'The survey snapshot, YYYY-10-31' })
  snapshotOn!: string | null;

  @PersonalField('DESTINATION', () => Int, { nullable: true, description: 'The year group left: 11, 12 or 13' })
  yearGroup!: number | null;

  @PersonalField('DESTINATION', () => String, { nullable: true, description: 'The local authority the survey reports the leaver under' })
  laCode!: string | null;

  @PersonalField('DESTINATION', () => DestinationCodeEnum, { nullable: true, description: 'Null for a non-respondent or a leaver who left the area' })
  destination!: DestinationCode | null;

  @PersonalField('DESTINATION', () => Boolean, { nullable: true, description: 'Did not respond to the survey' })
  nonRespondent!: boolean | null;

  @PersonalField('DESTINATION', () => Boolean, { nullable: true, description: 'Left the area' })
  leftArea!: boolean | null;
}

/** One edge of a list of returns. */
@ObjectType('DestinationReturnEdge')
export class DestinationReturnEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => DestinationReturnType)
  node!: DestinationReturnType;
}

/** A page of returns. */
@ObjectType('DestinationReturnConnection')
export class DestinationReturnConnectionType {
  @Field(() => [DestinationReturnEdgeType])
  edges!: DestinationReturnEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

/** Filters of the returns list (each applied to released values only: a withheld return is never listed). */
@InputType('DestinationReturnFilter')
export class DestinationReturnFilterInput {
  @Field(() => String, { nullable: true, description: 'YYYY-10-31; the latest survey loaded when omitted' })
  @MaxLength(10)
  snapshotOn?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(50)
  laCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only non-respondents (true) or only respondents (false)' })
  nonRespondent?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only leavers who left the area (true) or only the others (false)' })
  leftArea?: boolean | null;
}

/** How many respondents of one group went to one destination. */
@ObjectType('DestinationCount')
export class DestinationCountType {
  @Field(() => DestinationCodeEnum)
  destination!: DestinationCode;

  @Field(() => ReportCountType)
  count!: ReportCountType;
}

/** One local authority and year group of the survey. */
@ObjectType('DestinationsGroup')
export class DestinationsGroupType {
  @Field(() => String)
  laCode!: string;

  @Field(() => Int)
  yearGroup!: number;

  @Field(() => ReportCountType, { description: 'Every leaver returned: respondents + non-respondents + left the area' })
  leavers!: ReportCountType;

  @Field(() => ReportCountType, { description: 'Leavers with a known destination: the base of the destination counts' })
  respondents!: ReportCountType;

  @Field(() => ReportCountType, { description: 'Excluded from the destination counts: did not respond' })
  nonRespondents!: ReportCountType;

  @Field(() => ReportCountType, { description: 'Excluded from the destination counts: left the area' })
  leftArea!: ReportCountType;

  @Field(() => ReportCountType, { description: 'Respondents not in education, employment or training' })
  neet!: ReportCountType;

  @Field(() => [DestinationCountType], { description: 'Respondents by destination (every code, zeros included)' })
  destinations!: DestinationCountType[];
}

/** The totals of the scope asked for: the LA, the year group, both (the one group), or Wales. */
@ObjectType('DestinationsTotals')
export class DestinationsTotalsType {
  @Field(() => ReportCountType)
  leavers!: ReportCountType;

  @Field(() => ReportCountType)
  respondents!: ReportCountType;

  @Field(() => ReportCountType)
  nonRespondents!: ReportCountType;

  @Field(() => ReportCountType)
  leftArea!: ReportCountType;
}

/** Destinations of Year 11–13 leavers by LA, year group and destination, non-respondents excluded and counted. */
@ObjectType('DestinationsReport')
export class DestinationsReportType {
  @Field(() => String, { nullable: true, description: 'The survey snapshot, YYYY-10-31 (null when no survey is loaded)' })
  snapshotOn!: string | null;

  @Field(() => String, { description: 'How small cells are suppressed' })
  suppression!: string;

  @Field(() => [DestinationsGroupType])
  groups!: DestinationsGroupType[];

  @Field(() => DestinationsTotalsType, { description: 'Totals of the LA and/or year group asked for, else of Wales' })
  totals!: DestinationsTotalsType;
}

/** Arguments of the destinations report. */
@InputType('DestinationsReportFilter')
export class DestinationsReportFilterInput {
  @Field(() => String, { nullable: true, description: 'YYYY-10-31; the latest survey loaded when omitted' })
  @MaxLength(10)
  snapshotOn?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(50)
  laCode?: string | null;

  @Field(() => Int, { nullable: true })
  @Min(11)
  @Max(13)
  yearGroup?: number | null;
}
