import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { ALLOW_EXTENSION, describeRule, type OperationRule } from '../src/graphql/allow.decorator.js';
import { operationsWithoutRule, requireOperationRules } from '../src/graphql/auth-checker.js';
import { getSchema } from '../src/graphql/schema.js';

describe('permission declarations', () => {
  it('declares who may call it on every Query and Mutation of the built schema, and type-graphql enforces that rule', async () => {
    const schema = await getSchema();
    const roots = [schema.getQueryType()!, schema.getMutationType()!];
    const authorized = getMetadataStorage().authorizedFields;
    const problems: string[] = [];
    let operations = 0;
    for (const type of roots) {
      for (const field of Object.values(type.getFields())) {
        operations += 1;
        const rule = field.extensions[ALLOW_EXTENSION] as OperationRule | undefined;
        if (!rule) {
          problems.push(`${type.name}.${field.name} declares no @Allow`);
          continue;
        }
        // The extension only shows the rule; the auth checker runs where type-graphql holds it as @Authorized.
        const enforced = authorized.some((a) => a.fieldName === field.name && a.roles.length === 1 && describeRule(a.roles[0] as OperationRule) === describeRule(rule));
        if (!enforced) problems.push(`${type.name}.${field.name} shows ${describeRule(rule)} but is not @Authorized with it`);
      }
    }
    expect(operations).toBeGreaterThan(25);
    expect(problems).toEqual([]);
    expect(operationsWithoutRule(schema)).toEqual([]);
  });

  it('refuses to build a schema in which an operation declares nothing, and names it', () => {
    const declared = { type: GraphQLString, extensions: { [ALLOW_EXTENSION]: { action: 'read', subject: 'Organisation' } } };
    const query = new GraphQLObjectType({ name: 'Query', fields: { declared, forgotten: { type: GraphQLString } } });
    const mutation = new GraphQLObjectType({ name: 'Mutation', fields: { alsoForgotten: { type: GraphQLString } } });
    expect(() => requireOperationRules(new GraphQLSchema({ query, mutation }))).toThrow(
      'Operations without an @Allow declaration: Query.forgotten, Mutation.alsoForgotten',
    );
    const complete = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { declared } }) });
    expect(requireOperationRules(complete)).toBe(complete);
  });
});
