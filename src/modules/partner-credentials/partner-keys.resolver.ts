import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { PartnerKeyType, RegisterPartnerKeyInput } from './partner-key.type.js';

/** Partner systems' public keys, managed by the hub's administrators (docs/partners.md). */
@Resolver(() => PartnerKeyType)
export class PartnerKeysResolver {
  @Allow('manage', 'PartnerKey')
  @Query(() => [PartnerKeyType], { description: "A partner system's public keys, newest first" })
  partnerKeys(@Ctx() ctx: RequestContext, @Arg('principalHandle', () => String) principalHandle: string): Promise<PartnerKeyType[]> {
    return ctx.services.partnerKeys.list(ctx, principalHandle);
  }

  @Allow('manage', 'PartnerKey')
  @Mutation(() => PartnerKeyType, { description: 'Register a public key for a partner system (at most two active: rotate with overlap)' })
  registerPartnerKey(@Ctx() ctx: RequestContext, @Arg('input', () => RegisterPartnerKeyInput) input: RegisterPartnerKeyInput): Promise<PartnerKeyType> {
    return ctx.services.partnerKeys.register(ctx, input);
  }

  @Allow('manage', 'PartnerKey')
  @Mutation(() => PartnerKeyType, { description: 'Revoke a partner key: its assertions and the tokens minted from it are refused from the next request' })
  revokePartnerKey(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<PartnerKeyType> {
    return ctx.services.partnerKeys.revoke(ctx, id);
  }
}
