import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { NotificationComplianceReportType } from './compliance-report.type.js';
import {
  ConfirmDropOutTierInput,
  DropOutNotificationConnectionType,
  DropOutNotificationFilterInput,
  DropOutNotificationType,
  NotifyDropOutInput,
} from './drop-out-notification.type.js';

/** Drop-out notifications: providers notify, Careers Wales advisers act on the queue, the compliance report. */
@Resolver(() => DropOutNotificationType)
export class NotificationsResolver {
  @Allow('create', 'DropOutNotification')
  @Mutation(() => DropOutNotificationType, {
    description: "A post-16 provider tells Careers Wales that a learner left or is seriously at risk (X-Purpose: TRACKING); the learner is a record you have submitted",
  })
  notifyDropOut(@Ctx() ctx: RequestContext, @Arg('input', () => NotifyDropOutInput) input: NotifyDropOutInput): Promise<DropOutNotificationType> {
    return ctx.services.notifications.notify(ctx, input);
  }

  @Allow('read', 'DropOutNotification')
  @Query(() => DropOutNotificationConnectionType, { description: 'Drop-out notifications the sharing rules show you, oldest first (the Careers Wales advisers’ queue)' })
  dropOutNotifications(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => DropOutNotificationFilterInput, { nullable: true }) filter: DropOutNotificationFilterInput | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<DropOutNotificationConnectionType> {
    return ctx.services.notifications.list(ctx, filter, first, after);
  }

  @Allow('read', 'DropOutNotification')
  @Query(() => DropOutNotificationType, { description: 'One drop-out notification, if the sharing rules show it to you' })
  dropOutNotification(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<DropOutNotificationType> {
    return ctx.services.notifications.get(ctx, id);
  }

  @Allow('update', 'DropOutNotification')
  @Mutation(() => DropOutNotificationType, { description: 'A Careers Wales adviser confirms the tier a notification implies (or records another), closing it' })
  confirmDropOutTier(@Ctx() ctx: RequestContext, @Arg('input', () => ConfirmDropOutTierInput) input: ConfirmDropOutTierInput): Promise<DropOutNotificationType> {
    return ctx.services.notifications.confirmTier(ctx, input);
  }

  @Allow('read', 'NotificationComplianceReport')
  @Query(() => NotificationComplianceReportType, {
    description: 'Per provider and month: notifications, how many within the limit (DROPOUT_NOTIFICATION_LIMIT_DAYS, 14), the median delay; small cells suppressed',
  })
  notificationComplianceReport(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => String, { description: 'First month, YYYY-MM' }) from: string,
    @Arg('to', () => String, { description: 'Last month, YYYY-MM' }) to: string,
    @Arg('providerCode', () => String, { nullable: true }) providerCode: string | null,
  ): Promise<NotificationComplianceReportType> {
    return ctx.services.complianceReport.report(ctx, { from, to, providerCode });
  }
}
