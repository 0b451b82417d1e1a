import type { ApolloServerPlugin } from '@apollo/server';
import {
  coerceInputValue,
  getNamedType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  Kind,
  TypeInfo,
  typeFromAST,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import { badInput } from './errors.js';

// A NUL character (PostgreSQL text refuses it) or a UTF-16 surrogate without its pair (not Unicode: jsonb refuses it).
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when a string can be stored and compared as text: no NUL character and no unpaired surrogate. */
export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

const join = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** The path of the first string (or object key) in a value that is not storable text, or null. */
export function unstorableIn(value: unknown, path: string): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = unstorableIn(v, join(path, i));
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      if (!isStorableText(k)) return path;
      // A key of free-form JSON (a payload) is named only when it is a plain name: it may be a value.
      const found = unstorableIn(v, join(path, /^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(k) ? k : '*'));
      if (found) return found;
    }
  }
  return null;
}

/** Every value node given as an argument in the document, with its argument path (`input.records[0].givenName`). */
function argumentPaths(document: DocumentNode): Map<ValueNode, string> {
  const paths = new Map<ValueNode, string>();
  const walk = (node: ValueNode, path: string): void => {
    paths.set(node, path);
    if (node.kind === Kind.LIST) node.values.forEach((v, i) => walk(v, join(path, i)));
    if (node.kind === Kind.OBJECT) for (const f of node.fields) walk(f.value, join(path, f.name.value));
  };
  visit(document, { Argument: (node) => walk(node.value, node.name.value) });
  return paths;
}

// Inputs the import pipeline cleans row by row (a bad character costs its field, with a warning, not the
// whole batch: design §8), so the guard leaves them to it.
const CLEANED_ROW_BY_ROW = new Set(['PartnerRecordInput']);

const cleanedRowByRow = (type: GraphQLInputType | null | undefined): boolean => {
  const named = type ? getNamedType(type) : undefined;
  return named !== undefined && isInputObjectType(named) && CLEANED_ROW_BY_ROW.has(named.name);
};

/** As unstorableIn, following the value's GraphQL type, and passing over inputs cleaned row by row. */
function unstorableInTyped(value: unknown, type: GraphQLInputType | null | undefined, path: string): string | null {
  const t = type && isNonNullType(type) ? type.ofType : type;
  if (t && isListType(t)) {
    if (!Array.isArray(value)) return unstorableInTyped(value, t.ofType, path);
    for (const [i, v] of value.entries()) {
      const found = unstorableInTyped(v, t.ofType, join(path, i));
      if (found) return found;
    }
    return null;
  }
  if (t && isInputObjectType(t)) {
    if (CLEANED_ROW_BY_ROW.has(t.name) || value === null || typeof value !== 'object') return null;
    const fields = t.getFields();
    for (const [k, v] of Object.entries(value)) {
      const found = unstorableInTyped(v, fields[k]?.type, join(path, k));
      if (found) return found;
    }
    return null;
  }
  return unstorableIn(value, path);
}

/**
 * The argument path of the first unstorable string an operation's fields are given (literal or variable),
 * or null; inputs cleaned row by row (a partner's records) are left to the import pipeline.
 */
export function firstUnstorableArgument(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): string | null {
  const paths = argumentPaths(document);
  const typeInfo = new TypeInfo(schema);
  let exempt = 0;
  let found: string | null = null;
  const object = {
    enter: () => void (cleanedRowByRow(typeInfo.getInputType()) && exempt++),
    leave: () => void (cleanedRowByRow(typeInfo.getInputType()) && exempt--),
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      ObjectValue: object,
      StringValue(node) {
        const path = paths.get(node);
        if (found === null && exempt === 0 && path !== undefined && !isStorableText(node.value)) found = path;
      },
      Variable(node) {
        const path = paths.get(node);
        if (found === null && exempt === 0 && path !== undefined) found = unstorableInTyped(variables[node.name.value], typeInfo.getInputType(), path);
      },
    }),
  );
  return found;
}

/**
 * The argument path of the first variable that leaves a non-null argument or input field without a value:
 * null, or left out where the position has no default. GraphQL lets a nullable variable fill a non-null
 * argument that has a default, and refuses a null only while executing, as an error without a code.
 */
export function firstNullInNonNullPosition(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): string | null {
  const paths = argumentPaths(document);
  const typeInfo = new TypeInfo(schema);
  let found: string | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Variable(node) {
        const path = paths.get(node);
        const type = typeInfo.getInputType();
        if (found !== null || path === undefined || !type || !isNonNullType(type)) return;
        const value = variables[node.name.value];
        if (value === null || (value === undefined && typeInfo.getDefaultValue() === undefined)) found = path;
      },
    }),
  );
  return found;
}

/**
 * Why graphql-js refused a value, without the value: its messages quote what was sent (`String cannot
 * represent a non string value: 20090314`, `got invalid value { givenName: "…" }`), which may be personal.
 */
export function reasonWithoutValue(message: string): string {
  const rules: Array<[RegExp, (m: RegExpExecArray) => string]> = [
    [/Field "([^"]+)" of required type "([^"]+)" was not provided/, (m) => `field "${m[1]}" of required type "${m[2]}" was not provided`],
    // A field name is quoted only when it is a GraphQL name: a key holding anything else may be a value.
    [/Field "([_A-Za-z][_0-9A-Za-z]{0,63})" is not defined by type "([^"]+)"/, (m) => `field "${m[1]}" is not defined by type "${m[2]}"`],
    [/Field "[\s\S]*" is not defined by type "([^"]+)"/, (m) => `has a field that is not defined by type "${m[1]}"`],
    [/does not exist in "([^"]+)" enum/, (m) => `expected a value of the enum "${m[1]}"`],
    [/Expected value of type "([^"]+)"/, (m) => `expected a value of type "${m[1]}"`],
    [/^(\w+) cannot represent/, (m) => `expected a valid ${m[1]}`],
  ];
  for (const [pattern, reason] of rules) {
    const m = pattern.exec(message);
    if (m) return reason(m);
  }
  return 'is not a valid value of its type';
}

/**
 * Coerces the operation's variables as execution would and refuses the first bad one as BAD_USER_INPUT
 * naming it (`$records[0].dateOfBirth: expected a valid String`), never quoting the value. Returns the
 * coerced values.
 */
export function coerceVariablesOrRefuse(schema: GraphQLSchema, operation: OperationDefinitionNode, given: Record<string, unknown>): Record<string, unknown> {
  const coerced: Record<string, unknown> = {};
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type);
    if (!type || !isInputType(type)) continue; // validation has refused the document already
    if (!Object.hasOwn(given, name) || given[name] === undefined) {
      if (def.defaultValue) coerced[name] = valueFromAST(def.defaultValue, type);
      else if (isNonNullType(type)) throw badInput(`$${name}`, `a value of type "${String(type)}" is required`);
      continue;
    }
    let first: { path: string; reason: string } | null = null;
    const value = coerceInputValue(given[name], type, (path, _invalid, error) => {
      first ??= { path: path.reduce<string>((p, k) => join(p, k), `$${name}`), reason: reasonWithoutValue(error.message) };
    });
    if (first) {
      const { path, reason } = first;
      throw badInput(path, reason);
    }
    coerced[name] = value;
  }
  return coerced;
}

/**
 * Checks every argument before anything runs: variables are coerced here (a bad one is BAD_USER_INPUT
 * naming it, not an echo of the value), a null for a non-null argument is refused naming it, and a string
 * holding a NUL character or an unpaired surrogate, anywhere in a literal or a variable, is refused naming
 * the argument rather than failing deep in the database (except in a partner's records, which the import
 * pipeline cleans field by field, warning row by row). A literal of the wrong type, which GraphQL
 * validation refuses, is reported the same way.
 */
export function inputGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const variables = coerceVariablesOrRefuse(schema, operation, request.variables ?? {});
          const missing = firstNullInNonNullPosition(schema, document, variables);
          if (missing) throw badInput(missing, 'must not be null');
          const field = firstUnstorableArgument(schema, document, variables);
          if (field) throw badInput(field, 'must not contain a NUL character or an unpaired surrogate');
        },
        async didEncounterErrors({ document, errors }) {
          if (!document) return;
          let paths: Map<ValueNode, string> | undefined;
          for (const error of errors) {
            if (error.extensions['code'] !== 'GRAPHQL_VALIDATION_FAILED') continue;
            const node = error.nodes?.[0];
            if (!node || node.kind === Kind.VARIABLE) continue; // an undefined or misplaced variable: its own message says so
            paths ??= argumentPaths(document);
            const path = paths.get(node as ValueNode);
            if (path === undefined) continue;
            asBadInput(error, path, reasonWithoutValue(error.message));
          }
        },
      };
    },
  };
}

// A validation error about an argument's literal, rewritten in place (Apollo formats the same object next).
function asBadInput(error: GraphQLError, field: string, reason: string): void {
  (error as { message: string }).message = `${field}: ${reason}`;
  Object.assign(error.extensions, { code: 'BAD_USER_INPUT', field, http: { status: 400 } });
}
