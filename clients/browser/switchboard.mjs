// A real Switchboard server for a browser test: `.venv/bin/switchboard serve` on a free loopback port
// with a fresh data directory, as a user starts it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SWITCHBOARD = process.env.SWITCHBOARD_BIN ?? join(ROOT, ".venv", "bin", "switchboard");

export async function freePort() {
  const server = createServer();
  await new Promise((ok, fail) => server.once("error", fail).listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/** Starts `switchboard serve` and waits for /health; `settings` become SWITCHBOARD_* variables. */
export async function startSwitchboard(settings = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-browser-"));
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("SWITCHBOARD_")));
  Object.assign(env, { SWITCHBOARD_HOST: "127.0.0.1", SWITCHBOARD_PORT: String(port), SWITCHBOARD_DATA_DIR: dataDir });
  for (const [key, value] of Object.entries(settings)) env[`SWITCHBOARD_${key.toUpperCase()}`] = value;
  const proc = spawn(SWITCHBOARD, ["serve"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  proc.stdout.on("data", (chunk) => (output += chunk));
  proc.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((ok) => proc.once("exit", ok));
  const base = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (proc.exitCode === null) proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
  };

  const startupMs = Number(process.env.SWITCHBOARD_STARTUP_SECONDS ?? 300) * 1000; // a loaded CI box can take minutes
  const deadline = Date.now() + startupMs;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`switchboard serve exited with ${proc.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`switchboard serve did not answer /health in ${startupMs / 1000} s:\n${output}`);
    }
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }

  /** POST a GraphQL operation over HTTP; returns `data`, throws on errors. */
  const graphql = async (query, variables = {}, token = null) => {
    const headers = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const response = await fetch(`${base}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  return { base, graphql, stop, output: () => output };
}
