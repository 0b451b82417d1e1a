import { Field, Int, ObjectType } from 'type-graphql';
import { ReportCountType, ReportMeasureType } from '../../graphql/report-count.type.js';
import { OrganisationType } from '../organisations/organisation.type.js';

/** One provider's notifications in one month (by notification date), with small cells suppressed. */
@ObjectType('ProviderMonthCompliance')
export class ProviderMonthComplianceType {
  @Field(() => OrganisationType)
  provider!: OrganisationType;

  @Field(() => String, { description: 'YYYY-MM of the notification date' })
  month!: string;

  @Field(() => ReportCountType, { description: 'Every notification (drop-outs and at-risk)' })
  notifications!: ReportCountType;

  @Field(() => ReportCountType, { description: 'At-risk notifications (the learner had not left: no delay to measure)' })
  atRisk!: ReportCountType;

  @Field(() => ReportCountType, { description: 'Notifications of learners who left' })
  dropOuts!: ReportCountType;

  @Field(() => ReportCountType, { description: 'Drop-outs notified within the limit of leaving' })
  withinLimit!: ReportCountType;

  @Field(() => ReportCountType, { description: 'Drop-outs notified after the limit' })
  late!: ReportCountType;

  @Field(() => ReportMeasureType, { description: 'Median days from leaving to notification (suppressed over fewer than 5 drop-outs)' })
  medianDelayDays!: ReportMeasureType;
}

/** Drop-out notification timeliness per provider and month: the measure Careers Wales reports to Welsh Government. */
@ObjectType('NotificationComplianceReport')
export class NotificationComplianceReportType {
  @Field(() => String, { description: 'First month, YYYY-MM' })
  from!: string;

  @Field(() => String, { description: 'Last month, YYYY-MM' })
  to!: string;

  @Field(() => Int, { description: 'Days from leaving within which a notification is on time' })
  limitDays!: number;

  @Field(() => String, { description: 'How small cells are suppressed' })
  suppression!: string;

  @Field(() => [ProviderMonthComplianceType])
  rows!: ProviderMonthComplianceType[];
}
