import { isObjectType, type GraphQLSchema } from 'graphql';
import type { AuthCheckerFn } from 'type-graphql';
import type { AppAbility } from '../policy/abilities.js';
import { ALLOW_EXTENSION, describeRule, type OperationRule } from './allow.decorator.js';
import type { RequestContext } from './context.js';
import { forbidden } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when the ability grants the rule. */
export function permits(ability: AppAbility, rule: OperationRule): boolean {
  return 'authenticated' in rule || ability.can(rule.action, rule.subject);
}

/**
 * type-graphql's auth checker: lets an operation run when the request's ability grants its `@Allow` rule;
 * otherwise notes the refusal for the access log (about the young person the arguments name, if any) and
 * refuses with FORBIDDEN, naming the rule and not the data.
 */
export const authChecker: AuthCheckerFn<RequestContext, OperationRule> = async ({ context: ctx, args, info }, rules) => {
  const refused = rules.find((rule) => !permits(ctx.ability, rule));
  if (!refused) return true;
  ctx.access.noteRefusal(await personNamedIn(ctx, args), 'ROLE_NOT_PERMITTED');
  throw forbidden(`Role ${ctx.principal.roles.join(', ')} may not ${describeRule(refused)} (${info.fieldName})`);
};

/** The young person an operation's arguments name (`personId`, `id` or `input.personId`), when one is a UUID of a person. */
async function personNamedIn(ctx: RequestContext, args: Record<string, unknown>): Promise<string | null> {
  const input = args['input'];
  const candidates = [args['personId'], args['id'], typeof input === 'object' && input !== null ? (input as Record<string, unknown>)['personId'] : null]
    .filter((v): v is string => typeof v === 'string' && UUID.test(v))
    .map((v) => v.toLowerCase());
  if (candidates.length === 0) return null;
  // An `id` may name an agreement, an import or a match pair: only a young person's id goes in the log's person column.
  const found = (await ctx.ds.query('SELECT id FROM young_person WHERE id = ANY($1::uuid[])', [candidates])) as Array<{ id: string }>;
  return candidates.find((c) => found.some((f) => f.id === c)) ?? null;
}

/** `Type.field` of every Query, Mutation and Subscription field that declares no `@Allow` rule. */
export function operationsWithoutRule(schema: GraphQLSchema): string[] {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(isObjectType);
  return roots.flatMap((type) =>
    Object.values(type.getFields())
      .filter((field) => field.extensions[ALLOW_EXTENSION] === undefined)
      .map((field) => `${type.name}.${field.name}`),
  );
}

/** Refuses to build a schema in which any operation is open by omission (like a personal field without a category). */
export function requireOperationRules(schema: GraphQLSchema): GraphQLSchema {
  const missing = operationsWithoutRule(schema);
  if (missing.length > 0) throw new Error(`Operations without an @Allow declaration: ${missing.join(', ')}`);
  return schema;
}
