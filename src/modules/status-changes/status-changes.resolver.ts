import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { StatusChangePageType, SubscribeStatusChangesInput, WebhookDeadLetterType, WebhookSubscriptionType } from './status-change.type.js';

/** The change feed of a partner's own learners, and its webhooks (docs/partners.md). */
@Resolver()
export class StatusChangesResolver {
  @Allow('read', 'StatusChange')
  @Query(() => StatusChangePageType, {
    description: 'Changes about your own learners after the cursor (from the start when none), oldest first, as the sharing rules release them for your X-Purpose',
  })
  statusChanges(
    @Ctx() ctx: RequestContext,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
  ): Promise<StatusChangePageType> {
    return ctx.services.statusChanges.page(ctx, after, first);
  }

  @Allow('read', 'WebhookSubscription')
  @Query(() => WebhookSubscriptionType, { nullable: true, description: 'Your webhook subscription, if any (without its secret)' })
  webhookSubscription(@Ctx() ctx: RequestContext): Promise<WebhookSubscriptionType | null> {
    return ctx.services.webhooks.subscription(ctx);
  }

  @Allow('read', 'WebhookSubscription')
  @Query(() => [WebhookDeadLetterType], { description: 'Your webhook deliveries that failed every attempt, newest first' })
  webhookDeadLetters(@Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: 50 }) first: number): Promise<WebhookDeadLetterType[]> {
    return ctx.services.webhooks.deadLetters(ctx, first);
  }

  @Allow('update', 'WebhookSubscription')
  @Mutation(() => WebhookSubscriptionType, {
    description: 'Deliver your changes to this address, for the purpose in X-Purpose, signed with the secret returned (once)',
  })
  subscribeStatusChanges(@Ctx() ctx: RequestContext, @Arg('input', () => SubscribeStatusChangesInput) input: SubscribeStatusChangesInput): Promise<WebhookSubscriptionType> {
    return ctx.services.webhooks.subscribe(ctx, input.url);
  }

  @Allow('update', 'WebhookSubscription')
  @Mutation(() => Boolean, { description: 'Stop delivering webhooks; true when there was a subscription' })
  unsubscribeStatusChanges(@Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.webhooks.unsubscribe(ctx);
  }
}
