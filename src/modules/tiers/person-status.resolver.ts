import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context.js';
import { YoungPersonType } from '../people/young-person.type.js';
import { TierEventType, TierMovementType, TierStatusType } from './tier-history.type.js';

/** A young person's status, tier history and movements (TIER_STATUS, through the sharing rules). */
@Resolver(() => YoungPersonType)
export class PersonStatusResolver {
  @FieldResolver(() => TierStatusType, {
    nullable: true,
    description: 'The current tier with its evidence; null when no tier is known to you (none held, or none released)',
  })
  status(@Ctx() ctx: RequestContext, @Root() person: YoungPersonType): Promise<TierStatusType | null> {
    return ctx.services.personStatus.status(ctx, person.id);
  }

  @FieldResolver(() => [TierEventType], { description: 'The tier history released to you, newest first' })
  tierHistory(@Ctx() ctx: RequestContext, @Root() person: YoungPersonType): Promise<TierEventType[]> {
    return ctx.services.personStatus.history(ctx, person.id);
  }

  @FieldResolver(() => [TierMovementType], { description: 'Moves between tiers, oldest first (those whose both ends are released to you)' })
  tierMovements(@Ctx() ctx: RequestContext, @Root() person: YoungPersonType): Promise<TierMovementType[]> {
    return ctx.services.personStatus.movements(ctx, person.id);
  }
}
