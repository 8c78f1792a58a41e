// Builds the GraphiQL bundle that Switchboard serves: `npm ci && npm run build` in clients/graphiql.
// Writes app/static/graphiql/: content-hashed scripts, styles, fonts and Monaco's web workers, a
// manifest.json naming the entry files and the npm versions that built them, and LICENSES.txt.
// The output is deterministic: the same lock file gives the same files.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "app", "static", "graphiql");
const modules = join(here, "node_modules");

// Monaco asks MonacoEnvironment.getWorker for a worker by language label.
const WORKERS = {
  editor: "monaco-editor/esm/vs/editor/editor.worker.js",
  json: "monaco-editor/esm/vs/language/json/json.worker.js",
  graphql: "monaco-graphql/esm/graphql.worker.js",
};

// graphiql/style.css already carries Monaco's styles (with its codicon font inlined), so the CSS files
// that Monaco's modules import would only load a second copy, split into chunks nobody links.
const monacoCssIsInGraphiQL = {
  name: "monaco-css-is-in-graphiql",
  setup(build) {
    build.onLoad({ filter: /[\\/]monaco-editor[\\/].*\.css$/ }, () => ({ contents: "", loader: "css" }));
  },
};

// GraphiQL imports Prettier's parsers by their old names, which point at UMD files; in a split bundle
// esbuild hands such a module to `import()` as `default` alone, so Prettify found no parser. The
// same parsers as ES modules have named exports.
const prettierParsersAsModules = {
  name: "prettier-parsers-as-modules",
  setup(build) {
    build.onResolve({ filter: /^prettier\/parser-(graphql|babel)$/ }, ({ path, resolveDir, kind }) =>
      build.resolve(path.replace("parser-", "plugins/"), { resolveDir, kind }),
    );
  },
};

const common = {
  bundle: true,
  minify: true,
  target: "es2022",
  outdir: out,
  metafile: true,
  logLevel: "warning",
  legalComments: "none", // LICENSES.txt carries every bundled package's license instead
  define: { "process.env.NODE_ENV": '"production"' },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const workers = await esbuild.build({
  ...common,
  entryPoints: Object.fromEntries(Object.entries(WORKERS).map(([label, path]) => [`${label}.worker`, path])),
  entryNames: "[name]-[hash]",
  format: "iife",
});
const workerFiles = outputsByEntry(workers.metafile);
const workerUrls = Object.fromEntries(
  Object.entries(WORKERS).map(([label, path]) => [label, `./${workerFiles[path].js}`]),
);

const app = await esbuild.build({
  ...common,
  entryPoints: { graphiql: join(here, "src", "main.jsx") },
  entryNames: "[name]-[hash]",
  chunkNames: "chunk-[hash]",
  assetNames: "[name]-[hash]",
  format: "esm",
  plugins: [monacoCssIsInGraphiQL, prettierParsersAsModules],
  splitting: true, // GraphiQL loads Monaco and Prettier lazily
  jsx: "automatic",
  loader: { ".ttf": "file", ".woff": "file", ".woff2": "file", ".svg": "file", ".png": "file" },
  define: { ...common.define, WORKERS: JSON.stringify(workerUrls) },
});
const entry = outputsByEntry(app.metafile)["src/main.jsx"];
// esbuild gives the CSS of lazily loaded chunks files of their own that no page links: there must be
// none with content (Monaco's are emptied above); drop the empty ones.
for (const file of Object.keys(app.metafile.outputs).filter((f) => f.endsWith(".css"))) {
  if (basename(file) === entry.css) continue;
  if (statSync(file).size > 0) throw new Error(`${file}: CSS of a lazy chunk would never load; import it statically`);
  rmSync(file);
}

const bundled = bundledPackages([workers.metafile, app.metafile]);
const direct = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).devDependencies;
const manifest = {
  built_by: "clients/graphiql (npm ci && npm run build)",
  entry: { script: entry.js, style: entry.css },
  workers: Object.fromEntries(Object.entries(workerUrls).map(([label, url]) => [label, url.slice(2)])),
  npm: Object.fromEntries(Object.keys(direct).map((name) => [name, bundled.get(name)?.version ?? installed(name)])),
  bundled: Object.fromEntries([...bundled].map(([name, pkg]) => [name, pkg.version])),
};
writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(join(out, "LICENSES.txt"), licenses(bundled));
const files = readdirSync(out).sort();
console.log(`wrote ${files.length} files to ${relative(process.cwd(), out)}: ${files.join(" ")}`);

// metafile output names keyed by entry point path: { js, css }.
function outputsByEntry(metafile) {
  const byEntry = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!output.entryPoint) continue;
    const key = output.entryPoint.replace(/^node_modules\//, "").replace(/^\.\//, "");
    const name = basename(file);
    byEntry[key] = { ...byEntry[key], [name.endsWith(".css") ? "css" : "js"]: name };
    if (output.cssBundle) byEntry[key].css = basename(output.cssBundle);
  }
  return byEntry;
}

// Every npm package whose files went into the bundle, with its version and license text.
function bundledPackages(metafiles) {
  const found = new Map();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
      if (!match || found.has(match[1])) continue;
      const root = input.slice(0, match.index + match[0].length);
      const pkg = JSON.parse(readFileSync(join(here, root, "package.json"), "utf8"));
      found.set(match[1], { version: pkg.version, license: pkg.license ?? "see text", root: join(here, root) });
    }
  }
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
}

function installed(name) {
  const file = join(modules, name, "package.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).version : null;
}

function licenses(packages) {
  const parts = ["Third-party software bundled in Switchboard's GraphiQL (app/static/graphiql).\n"];
  for (const [name, pkg] of packages) {
    const file = readdirSync(pkg.root).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? readFileSync(join(pkg.root, file), "utf8").trim() : `License: ${pkg.license}`;
    parts.push(`${"=".repeat(78)}\n${name}@${pkg.version} (${pkg.license})\n${"=".repeat(78)}\n${text}\n`);
  }
  return parts.join("\n");
}
