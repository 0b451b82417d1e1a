import { Extensions, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { PageInfoType } from '../../graphql/page-info.type.js';
import { PERSONAL_TYPE_EXTENSION, PersonalField, ProvenanceField } from '../../policy/personal-field.js';
import { OrganisationType } from '../organisations/organisation.type.js';
import type { DecisionLookup } from '../sources/checked-view.js';
import { ActorType } from '../tiers/tier-history.type.js';
import {
  TRANSFER_DECLINE_REASONS,
  TRANSFER_DIRECTIONS,
  TRANSFER_STATES,
  TRANSFER_WITHDRAW_REASONS,
  type TransferDeclineReason,
  type TransferDirection,
  type TransferState,
  type TransferWithdrawReason,
} from './moves.policy.js';

const enumOf = <T extends string>(values: readonly T[]): Record<T, T> => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;

/** Transfer states as a GraphQL enum. */
export const TransferStateEnum = enumOf(TRANSFER_STATES);
registerEnumType(TransferStateEnum, {
  name: 'TransferState',
  description:
    "OPEN (awaiting the receiving LA, or where the young person went is not yet known), ACCEPTED, DECLINED (the receiving LA's EPC said the young person is not theirs), WITHDRAWN (the move did not happen), LEFT_WALES (closed: no Welsh LA receives them)",
});

/** Reasons for declining, as a GraphQL enum. */
export const TransferDeclineReasonEnum = enumOf(TRANSFER_DECLINE_REASONS);
registerEnumType(TransferDeclineReasonEnum, {
  name: 'TransferDeclineReason',
  description: 'NOT_RESIDENT (does not live in your LA), TEMPORARY_STAY (staying a while; still the sending LA\'s), WRONG_PERSON (the records that placed them are not theirs)',
});

/** Reasons for withdrawing, as a GraphQL enum. */
export const TransferWithdrawReasonEnum = enumOf(TRANSFER_WITHDRAW_REASONS);
registerEnumType(TransferWithdrawReasonEnum, {
  name: 'TransferWithdrawReason',
  description: 'STILL_RESIDENT (still lives in your LA), TEMPORARY_STAY (away a while), ADDRESS_WRONG (the address a partner sent is wrong), RECORDED_IN_ERROR (your LA recorded the move by mistake)',
});

/** Directions as a GraphQL enum. */
export const TransferDirectionEnum = enumOf(TRANSFER_DIRECTIONS);
registerEnumType(TransferDirectionEnum, { name: 'TransferDirection', description: 'Into your LA, or out of it' });

/** One end of a move: an LA (or outside Wales), released as the CONTACT data of whoever said so. */
@ObjectType('TransferEnd', { description: "Where the young person lived, or lives now: CONTACT data of the organisation whose word it is" })
@Extensions({ [PERSONAL_TYPE_EXTENSION]: true })
export class TransferEndType {
  personId!: string;
  providerOrganisationId!: string;
  decisions?: DecisionLookup;

  @PersonalField('CONTACT', () => String, { nullable: true, description: 'The LA code (e.g. gwynedd); null outside Wales or while not known' })
  laCode!: string | null;

  @PersonalField('CONTACT', () => String, { nullable: true, description: "The LA's name" })
  laName!: string | null;

  @PersonalField('CONTACT', () => Boolean, { nullable: true, description: 'True when the young person moved out of Wales; null while not known' })
  outsideWales!: boolean | null;
}

/** What one partner's record says of the young person, of the transfer dataset only: identity and lead worker. */
@ObjectType('TransferRecord', { description: "One partner's record of the young person, as far as the transfer dataset goes (identity, lead worker)" })
@Extensions({ [PERSONAL_TYPE_EXTENSION]: true })
export class TransferRecordType {
  personId!: string;
  providerOrganisationId!: string;
  decisions?: DecisionLookup;

  @ProvenanceField(() => ID)
  id!: string;

  @ProvenanceField(() => OrganisationType, { description: 'The organisation that supplied this record' })
  provider!: OrganisationType;

  @ProvenanceField(() => Date, { description: 'When the hub received this version' })
  receivedAt!: Date;

  @PersonalField('IDENTITY', () => String, { nullable: true })
  givenName!: string | null;

  @PersonalField('IDENTITY', () => String, { nullable: true })
  familyName!: string | null;

  @PersonalField('IDENTITY', () => String, { nullable: true, description: 'YYYY-MM-DD as supplied' })
  dateOfBirth!: string | null;

  @PersonalField('LEAD_WORKER', () => GraphQLJSONObject, { nullable: true, description: 'The lead worker this partner has allocated, if any' })
  leadWorker!: Record<string, unknown> | null;
}

/**
 * A move of a young person between LAs as the EPC of one of the two LAs sees it: the case (its state and who
 * accepted it) and the minimal transfer dataset, each value through the sharing rules.
 */
@ObjectType('Transfer', { description: 'A young person moving between LAs: shown to the EPCs of the two LAs as far as the sharing rules allow' })
export class TransferType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The young person' })
  personId!: string;

  @Field(() => TransferDirectionEnum, { description: "INCOMING when your LA receives the young person, OUTGOING when it is the LA they left" })
  direction!: TransferDirection;

  @Field(() => TransferStateEnum)
  state!: TransferState;

  @Field(() => Date, { description: 'When the hub learnt of the move' })
  openedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was accepted, withdrawn or closed' })
  closedAt!: Date | null;

  @Field(() => ActorType, { nullable: true, description: "The receiving LA's EPC who accepted it" })
  acceptedBy!: ActorType | null;

  @Field(() => String, { nullable: true, description: "Why an EPC declined or withdrew it (a TransferDeclineReason or TransferWithdrawReason); null otherwise" })
  closeReason!: string | null;

  @Field(() => Boolean, {
    description:
      "True when your LA's EPC may withdraw it now: an open transfer leaving your LA that an address or your LA's outcome started (one Careers Wales's destinations return started is answered with an address or an outcome)",
  })
  withdrawable!: boolean;

  @Field(() => TransferEndType, { description: 'The LA the young person left' })
  from!: TransferEndType;

  @Field(() => TransferEndType, { description: 'Where they went (nulls while not known)' })
  to!: TransferEndType;

  @Field(() => [TransferRecordType], { description: "Who they are and who their lead worker is, from the partners' records the rules show you" })
  records!: TransferRecordType[];
}

/** One edge of the transfers connection. */
@ObjectType('TransferEdge')
export class TransferEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => TransferType)
  node!: TransferType;
}

/** A page of transfers, oldest first. */
@ObjectType('TransferConnection')
export class TransferConnectionType {
  @Field(() => [TransferEdgeType])
  edges!: TransferEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

/** Which transfers to list. */
@InputType('TransfersFilter')
export class TransfersFilterInput {
  @Field(() => TransferDirectionEnum, { nullable: true })
  direction?: TransferDirection | null;

  @Field(() => [TransferStateEnum], { nullable: true, description: 'Default: every state' })
  @ArrayMaxSize(TRANSFER_STATES.length)
  states?: TransferState[] | null;
}

/** The receiving EPC takes the young person on. */
@InputType('AcceptTransferInput')
export class AcceptTransferInput {
  @Field(() => ID)
  transferId!: string;
}

/** The receiving EPC says the young person is not theirs to take on. */
@InputType('DeclineTransferInput')
export class DeclineTransferInput {
  @Field(() => ID)
  transferId!: string;

  @Field(() => TransferDeclineReasonEnum)
  reason!: TransferDeclineReason;
}

/** The sending EPC says the move its LA or an address started did not happen. */
@InputType('WithdrawTransferInput')
export class WithdrawTransferInput {
  @Field(() => ID)
  transferId!: string;

  @Field(() => TransferWithdrawReasonEnum)
  reason!: TransferWithdrawReason;
}

/** An EPC's decision closing a transfer: ids and the case only (no personal data). */
@ObjectType('TransferDecision', { description: 'A transfer closed by your decision (declined or withdrawn)' })
export class TransferDecisionType {
  @Field(() => ID)
  transferId!: string;

  @Field(() => TransferStateEnum)
  state!: TransferState;

  @Field(() => Date)
  closedAt!: Date;

  @Field(() => String, { description: 'The reason given' })
  reason!: string;
}
