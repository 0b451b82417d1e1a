import { MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Kinds of change the feed reports: the tier history's event kinds (TIER_STATUS data of their supplier). */
export enum StatusChangeKind {
  ASSESSMENT = 'ASSESSMENT',
  DROP_OUT_NOTIFICATION = 'DROP_OUT_NOTIFICATION',
  DESTINATION_RETURN = 'DESTINATION_RETURN',
  ENROLMENT = 'ENROLMENT',
  MOVE = 'MOVE',
  RESOLUTION = 'RESOLUTION',
}

registerEnumType(StatusChangeKind, {
  name: 'StatusChangeKind',
  description: 'What changed: a tier assessment (the tier may have changed), a drop-out notification, a destinations return, an enrolment, a move, an EPC resolving an unknown',
});

/** One change about one of the partner's own learners: its reference, the kind of change and when. */
@ObjectType('StatusChange', { description: "A change in the status of one of your learners; its details come from learnerStatus, which applies the sharing rules" })
export class StatusChangeType {
  @Field(() => ID, { description: 'The id of the change (webhooks carry the same id)' })
  id!: string;

  @Field(() => String, { description: 'Your own reference for the learner (the smallest, when you hold several records of them)' })
  reference!: string;

  @Field(() => ID, { description: "The hub's id of the young person" })
  personId!: string;

  @Field(() => StatusChangeKind)
  kind!: StatusChangeKind;

  @Field(() => Date, { description: 'When the hub recorded the change' })
  occurredAt!: Date;

  @Field(() => String, { description: 'A cursor just after this change' })
  cursor!: string;
}

/** One page of the change feed. */
@ObjectType('StatusChangePage', { description: 'Changes after the cursor asked for, oldest first' })
export class StatusChangePageType {
  @Field(() => [StatusChangeType])
  changes!: StatusChangeType[];

  @Field(() => String, { description: 'Ask again with after: endCursor for what comes next (the cursor asked for when nothing is new)' })
  endCursor!: string;

  @Field(() => Boolean, { description: 'Whether more changes are waiting now' })
  hasMore!: boolean;
}

/** A partner system's webhook subscription (the secret appears only in the answer to subscribing). */
@ObjectType('WebhookSubscription', { description: 'Where and for which purpose your changes are delivered' })
export class WebhookSubscriptionType {
  @Field(() => String)
  url!: string;

  @Field(() => String, { description: 'The purpose changes are decided for, as if you had sent it in X-Purpose' })
  purpose!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The HMAC-SHA256 signing secret: shown once, when you subscribe (subscribing again makes a new one)',
  })
  secret!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}

/** Subscribes to webhooks. */
@InputType('SubscribeStatusChangesInput')
export class SubscribeStatusChangesInput {
  @Field(() => String, { description: 'Where to POST each change (https in production)' })
  @MaxLength(2000)
  url!: string;
}

/** A delivery that failed every attempt (the dead-letter list). */
@ObjectType('WebhookDeadLetter', { description: 'A webhook delivery that failed every attempt; the change is still in statusChanges' })
export class WebhookDeadLetterType {
  @Field(() => ID, { description: 'The delivery id (the Cyswllt-Delivery header of each attempt)' })
  deliveryId!: string;

  @Field(() => ID, { description: 'The id of the change' })
  changeId!: string;

  @Field(() => StatusChangeKind)
  kind!: StatusChangeKind;

  @Field(() => Date)
  occurredAt!: Date;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed: HTTP_<status>, TIMEOUT or UNREACHABLE' })
  lastFailure!: string | null;

  @Field(() => Date, { nullable: true })
  deadAt!: Date | null;
}
