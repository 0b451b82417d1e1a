import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import {
  DestinationReturnConnectionType,
  DestinationReturnFilterInput,
  DestinationReturnType,
  DestinationsReportFilterInput,
  DestinationsReportType,
} from './destination-return.type.js';

/** Careers Wales's destinations survey: individual returns as the sharing rules release them, and the aggregate report. */
@Resolver(() => DestinationReturnType)
export class DestinationsResolver {
  @Allow('read', 'DestinationReturn')
  @Query(() => DestinationReturnConnectionType, {
    description: "Destinations-survey returns the sharing rules show you (an EPC: Careers Wales's data about tier 1–2 young people living in its area)",
  })
  destinationReturns(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => DestinationReturnFilterInput, { nullable: true }) filter: DestinationReturnFilterInput | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<DestinationReturnConnectionType> {
    return ctx.services.destinations.list(ctx, filter, first, after);
  }

  @Allow('read', 'DestinationsReport')
  @Query(() => DestinationsReportType, {
    description: 'Year 11–13 leavers by LA, year group and destination on the 31 October snapshot; non-respondents excluded and counted; small cells suppressed',
  })
  destinationsReport(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => DestinationsReportFilterInput, { nullable: true }) filter: DestinationsReportFilterInput | null,
  ): Promise<DestinationsReportType> {
    return ctx.services.destinationsReport.report(ctx, filter);
  }
}
