import { Field, Float, Int, ObjectType } from 'type-graphql';

/** A count in an aggregate report: null with `suppressed` when it is a small cell (1–4) or would reveal one. */
@ObjectType('ReportCount', { description: 'A count in an aggregate report; null with suppressed = true when it is 1–4 or would reveal such a cell' })
export class ReportCountType {
  @Field(() => Int, { nullable: true })
  value!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;
}

/** A measure in an aggregate report (a median, a share): null with `suppressed` when its cell is too small to show. */
@ObjectType('ReportMeasure', { description: 'A measure in an aggregate report; null with suppressed = true when computed over fewer than 5' })
export class ReportMeasureType {
  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;
}
