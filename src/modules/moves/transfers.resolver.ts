import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { TierStatusType } from '../tiers/tier-history.type.js';
import {
  AcceptTransferInput,
  DeclineTransferInput,
  TransferConnectionType,
  TransferDecisionType,
  TransferType,
  TransfersFilterInput,
  WithdrawTransferInput,
} from './transfer.type.js';

/** Transfers between LAs for their EPCs (X-Purpose: TRACKING or UNKNOWN_RESOLUTION). */
@Resolver(() => TransferType)
export class TransfersResolver {
  @Allow('read', 'Transfer')
  @Query(() => TransferConnectionType, {
    description: 'Young people moving into or out of the LA, oldest first (at most 100 a page), as far as the sharing rules show them to you',
  })
  transfers(
    @Ctx() ctx: RequestContext,
    @Arg('laCode', () => String) laCode: string,
    @Arg('filter', () => TransfersFilterInput, { nullable: true }) filter: TransfersFilterInput | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<TransferConnectionType> {
    return ctx.services.transfers.list(ctx, laCode, filter, first, after);
  }

  @Allow('update', 'Transfer')
  @Mutation(() => TransferType, { description: "Take on a young person moving into your LA: your LA becomes their home LA for the sharing rules" })
  acceptTransfer(@Ctx() ctx: RequestContext, @Arg('input', () => AcceptTransferInput) input: AcceptTransferInput): Promise<TransferType> {
    return ctx.services.transfers.accept(ctx, input);
  }

  @Allow('update', 'Transfer')
  @Mutation(() => TransferDecisionType, { description: 'Say a young person moving into your LA is not yours to take on (with a reason): the transfer closes as DECLINED' })
  declineTransfer(@Ctx() ctx: RequestContext, @Arg('input', () => DeclineTransferInput) input: DeclineTransferInput): Promise<TransferDecisionType> {
    return ctx.services.transfers.decline(ctx, input);
  }

  @Allow('update', 'Transfer')
  @Mutation(() => TransferDecisionType, {
    description: 'Say a move out of your LA that your LA or an address started did not happen (with a reason): the transfer closes as WITHDRAWN',
  })
  withdrawTransfer(@Ctx() ctx: RequestContext, @Arg('input', () => WithdrawTransferInput) input: WithdrawTransferInput): Promise<TransferDecisionType> {
    return ctx.services.transfers.withdraw(ctx, input);
  }

  @FieldResolver(() => TierStatusType, { nullable: true, description: "The young person's status (TIER_STATUS, through the sharing rules)" })
  status(@Ctx() ctx: RequestContext, @Root() transfer: TransferType): Promise<TierStatusType | null> {
    return ctx.services.personStatus.status(ctx, transfer.personId);
  }
}
