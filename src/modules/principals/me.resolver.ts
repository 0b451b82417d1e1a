import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context.js';
import { PrincipalType } from './principal.type.js';

/** Who am I? */
@Resolver()
export class MeResolver {
  @Query(() => PrincipalType, { description: 'The authenticated principal and its organisation' })
  me(@Ctx() ctx: RequestContext): PrincipalType {
    return ctx.principal;
  }
}
