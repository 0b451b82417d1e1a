import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { ImportRowResultType, ImportType, SubmitRecordsInput } from './import.type.js';

/** Partner submissions and their tracked imports. */
@Resolver(() => ImportType)
export class ImportsResolver {
  @Allow('create', 'SourceRecord')
  @Mutation(() => ImportType, { description: "Submit a batch of the caller's records; invalid rows are rejected with reasons while valid rows land" })
  submitRecords(@Ctx() ctx: RequestContext, @Arg('input', () => SubmitRecordsInput) input: SubmitRecordsInput): Promise<ImportType> {
    return ctx.services.imports.submit(ctx, input.records);
  }

  @Allow('read', 'Import')
  @Query(() => ImportType, { description: "One of the caller's imports, with its progress through matching" })
  import(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ImportType> {
    return ctx.services.imports.get(ctx, id);
  }

  @FieldResolver(() => [ImportRowResultType], { description: 'Row results in row order' })
  rows(
    @Ctx() ctx: RequestContext,
    @Root() imp: ImportType,
    @Arg('problemsOnly', () => Boolean, { defaultValue: false }) problemsOnly: boolean,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Arg('afterRow', () => Int, { defaultValue: 0 }) afterRow: number,
  ): Promise<ImportRowResultType[]> {
    return ctx.services.imports.rowResults(ctx, imp.id, problemsOnly, first, afterRow);
  }
}
