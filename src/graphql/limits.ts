import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { getVariableValues, GraphQLError, Lexer, Source, TokenKind, type ValidationContext, type ValidationRule } from 'graphql';
import { inputGuardPlugin } from './input-guard.js';
import { operationCost } from './query-cost.js';

/** Query limits, kept as data: generous for real clients, fatal for abusive queries. */
export const QUERY_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2000,
  maxCost: 5000,
  maxDirectives: 20,
} as const;

type Limits = Record<keyof typeof QUERY_LIMITS, number>;

/** The refusal of an operation whose cost (objects it can return) is over the limit (HTTP 400). */
export function queryTooCostly(cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(`query too costly (${cost} > ${maxCost})`, {
    extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost, http: { status: 400 } },
  });
}

/**
 * Refuses an operation over the cost limit once its variables are known, so that a page size given
 * as a literal, a variable or a default counts the same; reports the cost in `X-Query-Cost`.
 */
export function queryCostPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, response }) {
          if (!operation) return; // Apollo refuses an unknown operation name itself
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          // Bad variables: execution refuses the operation before resolving anything.
          if (coerced.errors) return;
          const cost = operationCost(schema, document, operation, coerced.coerced);
          response.http.headers.set('x-query-cost', String(cost));
          if (cost > maxCost) throw queryTooCostly(cost, maxCost);
        },
      };
    },
  };
}

class QueryTooLong extends GraphQLError {}

// Tokens as the parser counts them (comments skipped), stopping at `stopAt`; a lexical error stops the
// count and is left for the parser to report.
function countTokens(source: string, stopAt: number): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (count < stopAt && lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // the parser reports the syntax error
  }
  return count;
}

/**
 * Refuses a document of more than `maxTokens` tokens before it is parsed (the parser and the
 * validation rules would otherwise do work in proportion to it); HTTP 400, not a syntax error.
 */
export function tokenLimitPlugin(maxTokens: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveSource({ source }) {
          if (countTokens(source, maxTokens + 1) > maxTokens) {
            throw new QueryTooLong(`query too long (more than ${maxTokens} tokens)`, {
              extensions: { code: 'GRAPHQL_PARSE_FAILED', maxTokens, http: { status: 400 } },
            });
          }
        },
      };
    },
    // An error thrown before parsing reaches only this hook; rethrown, Apollo sends it as it is
    // (with its status) instead of a 500 "Internal server error".
    async unexpectedErrorProcessingRequest({ error }) {
      if (error instanceof QueryTooLong) throw error;
    },
  };
}

// graphql-armor words its refusals as "Syntax Error: … limit of L exceeded, found N."; this says what was
// refused, with both numbers.
function reportAs(what: string, limit: keyof Limits, max: number) {
  return (ctx: ValidationContext | null, err: GraphQLError): void => {
    const match = /found (\d+)/.exec(err.message);
    const found = match ? Number(match[1]) : undefined;
    const numbers = found === undefined ? `limit ${max}` : `${found} > ${max}`;
    ctx?.reportError(new GraphQLError(`${what} (${numbers})`, { extensions: { limit, found, max } }));
  };
}

/** A message without graphql-js's "Did you mean …?" hint, which always ends it. */
export function withoutSuggestion(message: string): string {
  return message.replace(/\s*Did you mean\b[\s\S]*$/, '');
}

/**
 * Strips every "Did you mean …?" from errors: graphql-js suggests fields, arguments, types and enum values
 * (`Did you mean the enum value "ACTIVE"?`), in validation and in variable coercion alike, and
 * graphql-armor's mask matches only the first kind. Each error is rewritten before it is formatted.
 */
export function blockSuggestionsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) (error as { message: string }).message = withoutSuggestion(error.message);
        },
      };
    },
  };
}

/**
 * Depth, alias, token, directive and cost limits, arguments checked for text PostgreSQL cannot store
 * (`inputGuardPlugin`), and suggestions blocked in production.
 */
export function queryLimits(
  isProduction: boolean,
  overrides: Partial<Limits> = {},
): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const l: Limits = { ...QUERY_LIMITS, ...overrides };
  const refusal = (what: string, limit: keyof Limits) => ({ onReject: [reportAs(what, limit, l[limit])], propagateOnRejection: false });
  const armor = new ApolloArmor({
    maxDepth: { n: l.maxDepth, ignoreIntrospection: true, ...refusal('query too deep', 'maxDepth') },
    maxAliases: { n: l.maxAliases, ...refusal('too many aliases', 'maxAliases') },
    maxDirectives: { n: l.maxDirectives, ...refusal('too many directives', 'maxDirectives') },
    // Ours instead: armor's token check answers HTTP 500, its cost ignores variables.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false }, // blockSuggestionsPlugin covers enum values too
  });
  const { plugins, validationRules } = armor.protect();
  return {
    // graphql-armor's ESM typings resolve a different @apollo/server copy; the runtime objects are the same.
    plugins: [
      tokenLimitPlugin(l.maxTokens),
      ...(plugins as unknown as ApolloServerPlugin[]),
      queryCostPlugin(l.maxCost),
      inputGuardPlugin(),
      ...(isProduction ? [blockSuggestionsPlugin()] : []),
    ],
    validationRules,
  };
}
