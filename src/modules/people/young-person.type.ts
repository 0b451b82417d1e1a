import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { PageInfoType } from '../../graphql/page-info.type.js';
import { SourceRecordType } from '../sources/source-record.type.js';

/** A linked young person: the partners' records about them, each with its provenance. */
@ObjectType('YoungPerson', { description: 'A young person as linked across partners' })
export class YoungPersonType {
  @Field(() => ID)
  id!: string;

  @Field(() => Date, {
    description: 'When the earliest record shown to you arrived (not when the hub first knew the person: that could disclose a hidden record)',
  })
  createdAt!: Date;

  @Field(() => [SourceRecordType], { description: "Every partner's record about this person" })
  sourceRecords!: SourceRecordType[];
}

/** One edge of the young-people connection. */
@ObjectType('YoungPersonEdge')
export class YoungPersonEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => YoungPersonType)
  node!: YoungPersonType;
}

/** A page of young people. */
@ObjectType('YoungPersonConnection')
export class YoungPersonConnectionType {
  @Field(() => [YoungPersonEdgeType])
  edges!: YoungPersonEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  /** Counts every person matching the filter (all pages); run only when `totalCount` is asked for. */
  count!: () => Promise<number>;
}

/** Filters for listing young people; all optional, combined with AND. */
@InputType('YoungPeopleFilter')
export class YoungPeopleFilterInput {
  @Field(() => String, { nullable: true, description: 'Known to an organisation in this LA area, e.g. cardiff' })
  @MaxLength(50)
  laCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Known to this organisation (its code)' })
  @MaxLength(100)
  providerCode?: string | null;

  @Field(() => String, { nullable: true, description: 'A family name on any record starts with this' })
  @MaxLength(100)
  familyNamePrefix?: string | null;
}
