import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../../graphql/allow.decorator.js';
import type { RequestContext } from '../../graphql/context.js';
import { ImportConnectionType, ImportRowResultType, ImportType, SubmitRecordsInput } from './import.type.js';

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

  @Allow('read', 'Import')
  @Query(() => ImportConnectionType, { description: "Your organisation's imports, newest first, a page at a time (at most 100)" })
  imports(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('status', () => String, { nullable: true, description: 'RECEIVING, MATCHING, DONE or FAILED' }) status: string | null,
  ): Promise<ImportConnectionType> {
    return ctx.services.imports.list(ctx, first, after, status);
  }

  @FieldResolver(() => String, {
    description: 'The rejected rows as CSV, one line per problem: row,field,reason (never the value sent), in row order; at most `max` lines',
  })
  rejectedRowsCsv(
    @Ctx() ctx: RequestContext,
    @Root() imp: ImportType,
    @Arg('max', () => Int, { defaultValue: 10_000 }) max: number,
  ): Promise<string> {
    return ctx.services.imports.rejectedRowsCsv(ctx, imp.id, max);
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
