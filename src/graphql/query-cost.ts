import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** How a query's cost is counted. */
export interface CostModel {
  /** Arguments that bound how many items a list (or a connection's edges) returns. */
  pageSizeArguments: readonly string[];
  /** List arguments whose length is the size of the list a field returns (one answer per key asked). */
  listSizeArguments: readonly string[];
  /** The size assumed for a list of objects that takes no page-size argument (a person's source records, say). */
  unpagedListSize: number;
  /** Each object returned: a row, an edge, a connection. */
  objectCost: number;
  /** Each scalar; nothing by default, as it is read off an object already counted. */
  scalarCost: number;
}

/** The cost model in use, kept as data: one unit per object the query can return. */
export const COST_MODEL: CostModel = {
  pageSizeArguments: ['first', 'last'],
  listSizeArguments: ['keys'],
  unpagedListSize: 10,
  objectCost: 1,
  scalarCost: 0,
};

/**
 * The cost of one operation: objects it can return, list sizes taken from the page-size argument
 * exactly as execution will see it (literal, variable, variable default or argument default).
 * `variables` must be the coerced variable values (graphql's getVariableValues).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  model: CostModel = COST_MODEL,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  // A fragment's cost per parent object depends only on the page size handed down to it: memoised, so
  // that fragments spreading fragments cannot make counting itself exponential.
  const fragmentCosts = new Map<string, number>();

  const included = (node: SelectionNode): boolean => {
    const skip = getDirectiveValues(GraphQLSkipDirective, node, variables);
    if (skip?.['if'] === true) return false;
    const include = getDirectiveValues(GraphQLIncludeDirective, node, variables);
    return include?.['if'] !== false;
  };

  const pageSize = (def: GraphQLField<unknown, unknown>, node: FieldNode): number | null => {
    const sizing = [...model.pageSizeArguments, ...model.listSizeArguments];
    if (!def.args.some((a) => sizing.includes(a.name))) return null;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(def, node, variables);
    } catch {
      return null; // execution refuses this field's arguments itself
    }
    const sizes = [
      ...model.pageSizeArguments.map((name) => args[name]).filter((v): v is number => typeof v === 'number'),
      ...model.listSizeArguments.map((name) => args[name]).filter((v): v is unknown[] => Array.isArray(v)).map((v) => v.length),
    ];
    // A negative page size must not buy room for the rest of the query.
    return sizes.length === 0 ? null : Math.max(0, ...sizes);
  };

  // Cost per parent object; `pending` is a connection's page size, applied to the lists directly inside it.
  const selectionCost = (type: GraphQLCompositeType, set: SelectionSetNode, pending: number | null): number => {
    let cost = 0;
    for (const sel of set.selections) {
      if (!included(sel)) continue;
      if (sel.kind === Kind.FIELD) {
        cost += fieldCost(type, sel, pending);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
        if (on && isCompositeType(on)) cost += selectionCost(on, sel.selectionSet, pending);
      } else {
        const key = `${sel.name.value}:${pending ?? ''}`;
        let known = fragmentCosts.get(key);
        if (known === undefined) {
          const fragment = fragments.get(sel.name.value);
          const on = fragment && schema.getType(fragment.typeCondition.name.value);
          known = fragment && on && isCompositeType(on) ? selectionCost(on, fragment.selectionSet, pending) : 0;
          fragmentCosts.set(key, known);
        }
        cost += known;
      }
    }
    return cost;
  };

  const fieldCost = (parent: GraphQLCompositeType, node: FieldNode, pending: number | null): number => {
    if (node.name.value.startsWith('__')) return 0; // __typename and introspection
    if (!isObjectType(parent) && !isInterfaceType(parent)) return 0; // a union selects only through fragments
    const def = parent.getFields()[node.name.value];
    if (!def) return 0; // validation has already refused it
    const named = getNamedType(def.type);
    if (!isCompositeType(named) || !node.selectionSet) return model.scalarCost;
    const page = pageSize(def, node);
    const isList = isListType(getNullableType(def.type));
    const count = isList ? (page ?? pending ?? model.unpagedListSize) : 1;
    // A connection (an object with a page size) hands its page size to the lists it holds (edges, nodes).
    const handDown = isList ? null : page;
    return count * (model.objectCost + selectionCost(named, node.selectionSet, handDown));
  };

  const root = schema.getRootType(operation.operation);
  return root ? selectionCost(root, operation.selectionSet, null) : 0;
}
