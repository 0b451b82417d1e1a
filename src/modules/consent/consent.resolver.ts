import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { ConsentEventType, RecordConsentEventInput } from './consent.type.js';

/** The consent, refusal and objection ledger. */
@Resolver(() => ConsentEventType)
export class ConsentResolver {
  @Allow('create', 'ConsentEvent')
  @Mutation(() => ConsentEventType, { description: 'Append a consent, refusal, withdrawal or objection; it applies from the next request' })
  recordConsentEvent(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RecordConsentEventInput) input: RecordConsentEventInput,
  ): Promise<ConsentEventType> {
    return ctx.services.consent.record(ctx, input);
  }

  @Allow('read', 'ConsentEvent')
  @Query(() => [ConsentEventType], { description: "A young person's consent ledger, oldest first" })
  consentHistory(@Ctx() ctx: RequestContext, @Arg('personId', () => ID) personId: string): Promise<ConsentEventType[]> {
    return ctx.services.consent.history(ctx, personId);
  }
}
