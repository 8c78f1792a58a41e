// The generated typed documents (generated/graphql.ts, as an app imports them) for tests in plain Node:
// TypeScript's transpiler strips the types into a temporary module.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

export const GENERATED = join(dirname(fileURLToPath(import.meta.url)), "..", "generated");

let loaded;

/** `{ AgentsDocument, CreateAgentDocument, ... }`: each with its manifest hash in `__meta__.hash`. */
export function typedDocuments() {
  loaded ??= (async () => {
    const source = readFileSync(join(GENERATED, "graphql.ts"), "utf8");
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const file = join(mkdtempSync(join(tmpdir(), "switchboard-documents-")), "graphql.mjs");
    writeFileSync(file, outputText);
    return import(pathToFileURL(file).href);
  })();
  return loaded;
}

/** `possibleTypes` for Apollo's InMemoryCache, as codegen's fragment-matcher wrote them. */
export const possibleTypes = JSON.parse(readFileSync(join(GENERATED, "possible-types.json"), "utf8")).possibleTypes;

/** The trusted-documents manifest: sha256 -> document text. */
export const manifest = JSON.parse(readFileSync(join(GENERATED, "persisted-documents.json"), "utf8"));
