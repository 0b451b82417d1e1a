import { buildSchema, getOperationAST, getVariableValues, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { COST_MODEL, operationCost } from './query-cost.js';

// A miniature of the hub's shapes: a paged connection, an unpaged list, a list paged on its own field.
const schema = buildSchema(`
  type Query {
    people(first: Int! = 20, after: String): PersonConnection!
    log(first: Int, last: Int): LogConnection!
    batch: Batch!
    me: Org!
    lookup(keys: [String!]!): [Person!]!
  }
  type PersonConnection { totalCount: Int! pageInfo: PageInfo! edges: [PersonEdge!]! }
  type PageInfo { hasNextPage: Boolean! }
  type PersonEdge { cursor: String! node: Person! }
  type Person { id: ID! records: [Record!]! }
  type Record { name: String provider: Org! }
  type Org { name: String! }
  type LogConnection { edges: [LogEdge!]! }
  type LogEdge { node: Org! }
  type Batch { rows(first: Int! = 100): [Row!]! }
  type Row { errors: [Org!]! }
`);

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw coerced.errors[0];
  return operationCost(schema, document, operation, coerced.coerced);
}

const L = COST_MODEL.unpagedListSize;
// people(first: P) { edges { node { records { provider } } } }: the connection, then per edge the edge,
// the person, and L records each with a provider.
const page = (p: number) => 1 + p * (1 + 1 + L * 2);

describe('operationCost', () => {
  it('counts a page size the same given as a literal, a variable, a variable default or the argument default', () => {
    const body = '{ edges { node { records { provider { name } } } } }';
    expect(cost(`{ people(first: 50) ${body} }`)).toBe(page(50));
    expect(cost(`query ($n: Int!) { people(first: $n) ${body} }`, { n: 50 })).toBe(page(50));
    expect(cost(`query ($n: Int! = 50) { people(first: $n) ${body} }`)).toBe(page(50));
    expect(cost(`{ people ${body} }`)).toBe(page(20));
    // A variable left out falls back to the argument's default, as in execution.
    expect(cost(`query ($n: Int) { people(first: $n) ${body} }`)).toBe(page(20));
  });

  it('counts objects, not scalars: a wider selection of scalars costs the same', () => {
    expect(cost('{ people(first: 10) { edges { node { id } } } }')).toBe(1 + 10 * 2);
    expect(cost('{ people(first: 10) { totalCount edges { cursor node { id } } } }')).toBe(1 + 10 * 2);
    // pageInfo is one object per connection, not one per edge.
    expect(cost('{ people(first: 10) { pageInfo { hasNextPage } edges { node { id } } } }')).toBe(1 + 1 + 10 * 2);
  });

  it('multiplies nested lists: a list paged on its own field, and unpaged lists at their assumed size', () => {
    expect(cost('{ batch { rows(first: 7) { errors { name } } } }')).toBe(1 + 7 * (1 + L));
    expect(cost('{ batch { rows { errors { name } } } }')).toBe(1 + 100 * (1 + L));
  });

  it('sizes a list answered per key by the number of keys asked', () => {
    expect(cost('{ lookup(keys: ["a", "b", "c"]) { records { provider { name } } } }')).toBe(3 * (1 + L * 2));
    expect(cost('query ($k: [String!]!) { lookup(keys: $k) { id } }', { k: Array.from({ length: 1000 }, (_, i) => String(i)) })).toBe(1000);
  });

  it('takes the larger of first and last, and counts nothing for a negative page size', () => {
    expect(cost('{ log(first: 3, last: 9) { edges { node { name } } } }')).toBe(1 + 9 * 2);
    expect(cost('{ log(last: 4) { edges { node { name } } } }')).toBe(1 + 4 * 2);
    expect(cost('{ a: people(first: -1000) { edges { node { id } } } b: people(first: 100) { edges { node { id } } } }')).toBe(1 + 1 + 100 * 2);
  });

  it('adds aliases, follows fragments and skips what @skip and @include leave out', () => {
    const single = cost('{ people(first: 10) { edges { node { id } } } }');
    expect(cost('{ a: people(first: 10) { edges { node { id } } } b: people(first: 10) { edges { node { id } } } }')).toBe(2 * single);
    expect(cost('{ people(first: 10) { ...P } } fragment P on PersonConnection { edges { ... on PersonEdge { node { id } } } }')).toBe(single);
    const q = 'query ($x: Boolean!) { me { name } people(first: 10) @include(if: $x) { edges { node { id } } } }';
    expect(cost(q, { x: true })).toBe(1 + single);
    expect(cost(q, { x: false })).toBe(1);
    expect(cost('{ me { name } people(first: 10) @skip(if: true) { edges { node { id } } } }')).toBe(1);
  });

  it('ignores __typename and introspection', () => {
    expect(cost('{ __typename me { __typename name } }')).toBe(1);
    expect(cost('{ __schema { types { name fields { name } } } }')).toBe(0);
  });

  it('counts fragments spreading fragments without counting exponentially long', () => {
    // Each level doubles the count; 40 levels would take forever without the memo.
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Org { name }` : `fragment F${i} on Org { ...F${i + 1} ...F${i + 1} }`,
    ).join(' ');
    const started = performance.now();
    expect(cost(`{ me { ...F0 } } ${fragments}`)).toBe(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
