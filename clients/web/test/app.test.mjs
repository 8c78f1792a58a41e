// The example app as a person uses it: the built app (`next build`, then `next start`) in Debian's headless
// Chromium against a real `switchboard serve` in multi-user mode (the embedded local model, a fresh data dir).
// Sign in, create an agent, chat (tokens arrive, Stop mid-reply, reload mid-reply and the reply continues),
// upload a document to READY and search it, run a small benchmark with live progress. The chat uses a paced
// Ollama (the test suite's fake, 6 tokens a second) so that "mid-reply" is certain: the 270M local model often
// answers in one sentence within a second. Ingestion, search and the benchmark run on the embedded models. Screenshots of each page
// land in web/test-results/. Build first: `npm run build:web` (`npm test` does).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { openPage } from "../../browser/chromium.mjs";
import { freePort, startSwitchboard } from "../../browser/switchboard.mjs";

const WEB = join(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = join(WEB, "..", "..");
const NEXT = join(WEB, "..", "node_modules", "next", "dist", "bin", "next");
const RESULTS = join(WEB, "test-results");
const STEP_MS = 180_000; // a loaded 2-core CI box: model load, first tokens, ingestion

async function startApp(port, switchboardUrl) {
  if (!existsSync(join(WEB, ".next", "BUILD_ID"))) throw new Error("clients/web is not built: npm run build:web");
  const env = { ...process.env, SWITCHBOARD_URL: switchboardUrl, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) };
  const proc = spawn(process.execPath, [NEXT, "start", "-H", "127.0.0.1", "-p", String(port)], { cwd: WEB, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  proc.stdout.on("data", (c) => (output += c));
  proc.stderr.on("data", (c) => (output += c));
  const exited = new Promise((ok) => proc.once("exit", ok));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + STEP_MS;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`next start exited with ${proc.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`next start did not answer:\n${output}`);
    try {
      if ((await fetch(`${base}/api/session`, { method: "DELETE" })).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((ok) => setTimeout(ok, 300));
  }
  const stop = async () => {
    if (proc.exitCode === null) proc.kill("SIGTERM");
    await exited;
  };
  return { base, stop, output: () => output };
}

/** tests/fakes' Ollama, paced (test/paced_ollama.py): resolves with its base URL and a stop function. */
async function startPacedOllama() {
  const python = join(ROOT, ".venv", "bin", "python");
  const proc = spawn(python, [join(WEB, "test", "paced_ollama.py")], {
    cwd: ROOT,
    env: { ...process.env, PYTHONPATH: ROOT },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  proc.stderr.on("data", (c) => (output += c));
  const exited = new Promise((ok) => proc.once("exit", ok));
  const host = await new Promise((resolve, reject) => {
    proc.stdout.once("data", (chunk) => resolve(String(chunk).trim()));
    proc.once("exit", (code) => reject(new Error(`paced_ollama.py exited with ${code}:\n${output}`)));
  });
  return {
    host,
    stop: async () => {
      proc.stdin.end();
      await exited;
    },
  };
}

async function screenshot(page, name) {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, name), fullPage: true });
}

describe("the Next.js example app in Chromium", () => {
  const s = {};
  before(async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    s.ollama = await startPacedOllama();
    s.server = await startSwitchboard({
      auth_mode: "multi",
      allowed_origins: JSON.stringify([origin]),
      providers__ollama_host: s.ollama.host,
    });
    s.app = await startApp(port, `${s.server.base}/graphql`);
    s.browser = await openPage();
    s.page = s.browser.page;
    s.page.setDefaultTimeout(STEP_MS);
  });
  after(async () => {
    await s.browser?.close();
    await s.app?.stop();
    await s.server?.stop();
    await s.ollama?.stop();
  });

  test("sign in: a new account, then the server-rendered agents page", async () => {
    const { page } = s;
    await page.goto(`${s.app.base}/agents`);
    await page.waitForURL(/\/signin$/); // no session cookie: the server redirects
    await page.getByLabel("Username").fill("ada");
    await page.getByLabel("Password").fill("correct horse battery staple");
    await screenshot(page, "signin.png");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/agents$/);
    await page.getByText("No agents yet.").waitFor();
  });

  test("agents: create one from a template; the server render shows it (bearer token from the httpOnly cookie)", async () => {
    const { page } = s;
    await page.getByLabel("Agent name").fill("Storyteller");
    await page.getByRole("button", { name: "Create agent" }).click();
    await page.getByTestId("agent").filter({ hasText: "Storyteller" }).waitFor();
    const cookies = await page.context().cookies(s.app.base);
    const session = cookies.find((c) => c.name === "sb_access");
    assert.ok(session?.httpOnly, "the access token is kept in an httpOnly cookie");
    const html = await (await page.context().request.get(`${s.app.base}/agents`)).text();
    assert.match(html, /Storyteller/);
    assert.match(html, /1 agent, rendered on the server/);
    const anonymous = await fetch(`${s.app.base}/agents`, { redirect: "manual" });
    assert.ok([303, 307, 308].includes(anonymous.status), `no cookie: a redirect to sign in (${anonymous.status})`);
    await screenshot(page, "agents.png");
  });

  const LONG_REPLY = "Tell me a story about a switchboard operator.";

  test("agents: edit (the paced model, a temperature, a token budget)", async () => {
    const { page } = s;
    await page.getByTestId("agent").getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Model").fill("ollama:storyteller:latest");
    await page.getByLabel("Temperature").fill("0.2");
    await page.getByLabel("Max tokens").fill("300");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved").waitFor();
    await screenshot(page, "agent-edit.png");
    await page.goto(`${s.app.base}/agents`);
  });

  test("chat: tokens stream in, Stop cancels mid-reply", async () => {
    const { page } = s;
    await page.getByTestId("agent").getByRole("link", { name: "Chat" }).click();
    await page.getByLabel("Message").fill(LONG_REPLY);
    await page.getByRole("button", { name: "Send" }).click();
    const reply = page.getByTestId("reply");
    await page.waitForFunction(() => (document.querySelector('[data-testid="reply"]')?.textContent ?? "").length > 0);
    assert.ok((await reply.textContent()).length > 0, "tokens arrived");
    await page.getByRole("button", { name: "Stop" }).click();
    await page.getByTestId("message-assistant").last().getByText("cancelled").waitFor();
    const stopped = await page.getByTestId("message-assistant").last().textContent();
    const story = "Once upon a time a patient operator connected every call in the valley , one line at a time . ";
    const shown = stopped.replace(/\s*cancelled\s*Regenerate\s*$/, "");
    assert.ok(shown.length > 0 && story.repeat(5).startsWith(shown) && shown.length < story.repeat(5).trim().length, `stopped mid-reply: ${stopped}`);
    await screenshot(page, "chat-stopped.png");
  });

  test("chat: a reload mid-reply shows the reply continuing where it was", async () => {
    const { page } = s;
    await page.goto(`${s.app.base}/agents`); // a new conversation: the same prompt as the first, no history
    await page.getByTestId("agent").getByRole("link", { name: "Chat" }).click();
    await page.getByLabel("Message").fill(LONG_REPLY);
    await page.getByRole("button", { name: "Send" }).click();
    const replyText = () => page.getByTestId("reply").textContent();
    await page.waitForFunction(() => (document.querySelector('[data-testid="reply"]')?.textContent ?? "").length > 0);
    const before = await replyText();
    const statusAtReload = await page.getByTestId("run-status").textContent();
    assert.equal(statusAtReload, "RUNNING");
    assert.match(page.url(), /run=/, "the URL names the run being streamed");
    await page.reload();
    // The reloaded page follows the run again: the reply is rebuilt from its events and goes on growing.
    await page.waitForFunction(
      (seen) => (document.querySelector('[data-testid="reply"]')?.textContent ?? "").length > seen.length,
      before,
    );
    const during = await replyText();
    assert.ok(during.startsWith(before), `the reply continued from where it was: ${JSON.stringify({ before, during })}`);
    await screenshot(page, "chat-resumed.png");
    await page.getByTestId("message-assistant").last().getByRole("button", { name: "Regenerate" }).waitFor();
    const final = await page.getByTestId("message-assistant").last().textContent();
    assert.ok(final.startsWith(during), "the settled message is the streamed reply");
    assert.ok(final.length > during.length, "more of the reply arrived after the reload");
    await screenshot(page, "chat.png");
  });

  test("chat: regenerate streams a new reply to the same message", async () => {
    const { page } = s;
    const assistants = await page.getByTestId("message-assistant").count();
    await page.getByTestId("message-assistant").last().getByRole("button", { name: "Regenerate" }).click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="reply"]')?.textContent ?? "").length > 0);
    await page.getByRole("button", { name: "Stop" }).click();
    await page.getByTestId("message-assistant").last().getByText("cancelled").waitFor();
    assert.equal(await page.getByTestId("message-assistant").count(), assistants + 1);
  });

  test("knowledge: upload with a progress bar to READY, then search it (two modes)", async () => {
    const { page } = s;
    await page.goto(`${s.app.base}/knowledge`);
    const text = "The zorkmid is the currency of the Great Underground Empire.\n".repeat(4000); // ~250 KB
    await page.getByLabel("File").setInputFiles({ name: "zorkmid.txt", mimeType: "text/plain", buffer: Buffer.from(text) });
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByTestId("content-status").getByText("READY").waitFor();
    assert.equal(await page.getByTestId("upload-percent").textContent(), "100%");
    await page.getByLabel("Search", { exact: true }).fill("zorkmid currency");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByTestId("search-hit").first().waitFor();
    assert.match(await page.getByTestId("search-hit").first().textContent(), /zorkmid/i);
    await page.getByLabel("Search mode").selectOption("SPARSE");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByTestId("search-hit").first().waitFor();
    await screenshot(page, "knowledge.png");
  });

  test("runs: a small benchmark with live progress, then its report", async () => {
    const { page } = s;
    await page.goto(`${s.app.base}/runs`);
    await page.getByRole("button", { name: "Start benchmark" }).click();
    await page.getByTestId("run-progress").waitFor();
    await page.getByTestId("report").waitFor();
    assert.equal(await page.getByTestId("run-status").textContent(), "SUCCEEDED");
    await screenshot(page, "runs.png");
  });

  test("the page stayed on loopback and logged no errors", () => {
    assert.deepEqual(s.browser.traffic.blocked, []);
    assert.deepEqual(s.browser.traffic.errors, []);
  });
});
