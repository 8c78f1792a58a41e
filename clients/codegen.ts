// GraphQL Code Generator config: typed documents for Apollo Client or urql from schema.graphql.
//   cd clients && npm install && npm run codegen
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["operations/**/*.graphql"],
  generates: {
    "generated/": {
      preset: "client",
      config: {
        scalars: { DateTime: "string", JSON: "unknown" },
        enumsAsTypes: true,
      },
    },
  },
};

export default config;
