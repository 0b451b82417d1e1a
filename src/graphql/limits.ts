import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationRule } from 'graphql';

/** Query limits, kept as data: generous for real clients, fatal for abusive queries. */
export const QUERY_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2000,
  maxCost: 5000,
  maxDirectives: 20,
} as const;

/** Depth, alias, token, directive and cost limits; field suggestions blocked in production. */
export function queryLimits(
  isProduction: boolean,
  overrides: Partial<Record<keyof typeof QUERY_LIMITS, number>> = {},
): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const l = { ...QUERY_LIMITS, ...overrides };
  const armor = new ApolloArmor({
    maxDepth: { n: l.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: l.maxAliases },
    maxTokens: { n: l.maxTokens },
    maxDirectives: { n: l.maxDirectives },
    costLimit: { maxCost: l.maxCost, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: isProduction },
  });
  const { plugins, validationRules } = armor.protect();
  // graphql-armor's ESM typings resolve a different @apollo/server copy; the runtime objects are the same.
  return { plugins: plugins as unknown as ApolloServerPlugin[], validationRules };
}
