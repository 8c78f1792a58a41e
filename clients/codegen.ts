// GraphQL Code Generator config: typed documents for Apollo Client or urql from schema.graphql, plus
//   generated/persisted-documents.json  the trusted-documents manifest: {"<sha256 of the text>": "<text>"}, the
//                                       hash Apollo's APQ uses (sha256, hex); the server's `documents = "trusted"`
//                                       mode runs only these (README "Persisted queries and trusted documents")
//   generated/possible-types.json       Apollo InMemoryCache `possibleTypes` for every interface and union
//   cd clients && npm ci && npm run codegen     (commit generated/; `npm run codegen:check` fails when stale)
import { addTypenameSelectionDocumentTransform, type ClientPresetConfig } from "@graphql-codegen/client-preset";
import type { CodegenConfig } from "@graphql-codegen/cli";

const presetConfig: ClientPresetConfig = {
  // Each typed document carries its manifest hash as `__meta__.hash` (Apollo's PersistedQueryLink can send it).
  persistedDocuments: { mode: "embedHashInDocument", hashPropertyName: "hash", hashAlgorithm: "sha256" },
};

const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["operations/**/*.graphql"],
  generates: {
    "generated/": {
      preset: "client",
      presetConfig,
      // `__typename` in every selection set, as Apollo's cache adds it: the documents the server trusts are then
      // the ones Apollo sends, and the cache can tell the members of unions and interfaces apart.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: {
        scalars: { DateTime: "string", JSON: "unknown" },
        enumsAsTypes: true,
      },
    },
    "generated/possible-types.json": {
      plugins: ["fragment-matcher"],
      config: { apolloClientVersion: 3 },
    },
  },
};

export default config;
