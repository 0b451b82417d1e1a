import { Ctx, Query, Resolver } from 'type-graphql';
import { Allow, AUTHENTICATED } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { PrincipalType } from './principal.type.js';

/** Who am I? */
@Resolver()
export class MeResolver {
  @Allow(AUTHENTICATED)
  @Query(() => PrincipalType, { description: 'The authenticated principal and its organisation' })
  me(@Ctx() ctx: RequestContext): PrincipalType {
    return ctx.principal;
  }
}
