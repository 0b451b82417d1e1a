import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { YoungPeopleFilterInput, YoungPersonConnectionType, YoungPersonType } from './young-person.type.js';

/** The page's total, counted only when a client asks for it (it visits every visible person). */
@Resolver(() => YoungPersonConnectionType)
export class YoungPersonConnectionResolver {
  @FieldResolver(() => Int, { description: 'People matching the filter (all pages); costs a pass over them, so ask only when needed' })
  totalCount(@Root() connection: YoungPersonConnectionType): Promise<number> {
    return connection.count();
  }
}

/** Young-person queries. */
@Resolver(() => YoungPersonType)
export class PeopleResolver {
  @Allow('read', 'PersonRecord')
  @Query(() => YoungPersonType, { description: 'One young person with every partner record about them' })
  youngPerson(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<YoungPersonType> {
    return ctx.services.people.get(ctx, id);
  }

  @Allow('read', 'PersonRecord')
  @Query(() => YoungPersonConnectionType, { description: 'Young people, a page at a time (at most 100)' })
  youngPeople(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => YoungPeopleFilterInput, { nullable: true }) filter: YoungPeopleFilterInput | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<YoungPersonConnectionType> {
    return ctx.services.people.list(ctx, filter, first, after);
  }
}
