import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { OrganisationKindEnum, OrganisationType } from './organisation.type.js';
import type { OrganisationKind } from './organisation-kind.js';

/** Partner directory queries. */
@Resolver(() => OrganisationType)
export class OrganisationsResolver {
  @Allow('read', 'Organisation')
  @Query(() => [OrganisationType], { description: 'YEPF partner organisations' })
  organisations(
    @Ctx() ctx: RequestContext,
    @Arg('kind', () => OrganisationKindEnum, { nullable: true }) kind?: OrganisationKind | null,
    @Arg('laCode', () => String, { nullable: true }) laCode?: string | null,
  ): Promise<OrganisationType[]> {
    return ctx.services.organisations.list(ctx, { kind, laCode });
  }
}
