import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Allow } from '../graphql/allow.decorator.js';
import type { RequestContext } from '../graphql/context.js';
import { AccessExplanationType, PurposeEnum } from '../modules/agreements/agreement.type.js';
import type { Purpose } from './purpose.js';

/** Explanations of the sharing decision. */
@Resolver()
export class PolicyResolver {
  @Allow('explain', 'PersonRecord')
  @Query(() => AccessExplanationType, { description: 'Every category of a person: allowed or denied for a principal and purpose, and why' })
  explainAccess(
    @Ctx() ctx: RequestContext,
    @Arg('personId', () => ID) personId: string,
    @Arg('principalHandle', () => String) principalHandle: string,
    @Arg('purpose', () => PurposeEnum) purpose: Purpose,
  ): Promise<AccessExplanationType> {
    return ctx.services.explain.explain(ctx, personId, principalHandle, purpose);
  }
}
