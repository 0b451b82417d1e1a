import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { Allow } from '../graphql/allow.decorator.js';
import type { RequestContext } from '../graphql/context.js';
import { AccessEventConnectionType, AccessLogFilterInput, AccessLogVerificationType } from './access-event.type.js';
import { SubjectAccessReportType } from './subject-access.type.js';

/** The access log for IG officers (their organisation's scope) and administrators. */
@Resolver()
export class AuditResolver {
  @Allow('read', 'AccessLog')
  @Query(() => AccessEventConnectionType, { description: 'The access log, newest first (IG officers and administrators); reading it is logged' })
  accessLog(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AccessLogFilterInput, { nullable: true }) filter: AccessLogFilterInput | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<AccessEventConnectionType> {
    return ctx.services.audit.list(ctx, filter, first, after);
  }

  @Allow('export', 'AccessLog')
  @Query(() => String, { description: 'The access log as CSV, newest first, at most `max` rows; exporting it is logged' })
  accessLogCsv(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AccessLogFilterInput, { nullable: true }) filter: AccessLogFilterInput | null,
    @Arg('max', () => Int, { defaultValue: 10_000 }) max: number,
  ): Promise<string> {
    return ctx.services.audit.exportCsv(ctx, filter, max);
  }

  @Allow('verify', 'AccessLog')
  @Query(() => AccessLogVerificationType, { description: 'Walk the hash chain and check the signed checkpoints; reports the first bad row' })
  verifyAccessLog(@Ctx() ctx: RequestContext): Promise<AccessLogVerificationType> {
    return ctx.services.audit.verify(ctx);
  }

  @Allow('export', 'AccessLog')
  @Query(() => SubjectAccessReportType, { description: 'Everything held about one young person and every access to it (IG officers and administrators)' })
  subjectAccessReport(@Ctx() ctx: RequestContext, @Arg('personId', () => ID) personId: string): Promise<SubjectAccessReportType> {
    return ctx.services.subjectAccess.report(ctx, personId);
  }
}
