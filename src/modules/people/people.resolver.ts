import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context.js';
import { YoungPeopleFilterInput, YoungPersonConnectionType, YoungPersonType } from './young-person.type.js';

/** Young-person queries. */
@Resolver(() => YoungPersonType)
export class PeopleResolver {
  @Query(() => YoungPersonType, { description: 'One young person with every partner record about them' })
  youngPerson(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<YoungPersonType> {
    return ctx.services.people.get(ctx, id);
  }

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
