import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the committed schema: `npm run console:codegen` writes web/src/gql (committed; a test
// fails when it is stale). documentMode "string": the browser gets the operation text, not a parsed AST, so
// no GraphQL library is shipped to it.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['web/src/api/operations.ts'],
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTimeISO: 'string', JSONObject: 'Record<string, unknown>' },
        skipTypename: false,
      },
    },
  },
  ignoreNoDocuments: false,
};

export default config;
