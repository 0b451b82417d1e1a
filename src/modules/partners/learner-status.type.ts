import { MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';

/** One key a partner knows its learner by: exactly one of its own reference, a ULN or a UPN. */
@InputType('LearnerKeyInput', { description: 'Exactly one of: your own reference for the learner, a ULN, a UPN' })
export class LearnerKeyInput {
  @Field(() => String, { nullable: true, description: 'Your own reference for the learner (the partnerReference you submitted)' })
  @MaxLength(100)
  reference?: string | null;

  @Field(() => String, { nullable: true, description: 'Unique Learner Number: ten digits with its check digit' })
  @MaxLength(20)
  uln?: string | null;

  @Field(() => String, { nullable: true, description: 'Unique Pupil Number: a check letter and twelve digits' })
  @MaxLength(20)
  upn?: string | null;
}

/**
 * The answer to "what is the status of my learner?": the key asked (as sent), whether a young person you may
 * see was found by it, and their status and lead worker as the sharing rules release them (field resolvers).
 */
@ObjectType('LearnerStatus', {
  description: 'The status of one learner looked up by your own key, as the sharing rules release it to you for the purpose you declared',
})
export class LearnerStatusType {
  @Field(() => String, { nullable: true, description: 'The reference asked for, as sent' })
  reference!: string | null;

  @Field(() => String, { nullable: true, description: 'The ULN asked for, as sent' })
  uln!: string | null;

  @Field(() => String, { nullable: true, description: 'The UPN asked for, as sent' })
  upn!: string | null;

  @Field(() => Boolean, {
    description:
      'False when the key names no young person you may see: one you never supplied, one you have no basis to see, or one shared by several people (the same answer for each)',
  })
  found!: boolean;

  @Field(() => ID, { nullable: true, description: "The hub's id of the young person (youngPerson(id) gives the records you may see)" })
  personId!: string | null;
}
