// GraphiQL as a person uses it, in Debian's headless Chromium against a real `switchboard serve`,
// with every request off loopback blocked: queries over HTTP, the docs, subscriptions over
// graphql-transport-ws, and a bearer token in multi mode. Screenshots go to test-artifacts/.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { isLoopback, openPage } from "./chromium.mjs";
import { openGraphiQL, prettify, run, setQuery, setTool, toolText, waitForResponse } from "./graphiql.mjs";
import { startSwitchboard } from "./switchboard.mjs";

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), "..", "test-artifacts");
const ADD_TEXT = `mutation {
  addText(input: { title: "Zorkmid", text: "The zorkmid is the currency of the Great Underground Empire." }) {
    ... on ContentAdded { ingestRunId }
  }
}`;
// One line each: typed into Monaco, a newline would auto-indent and auto-close brackets.
const RUN_EVENTS =
  "subscription Ingest($runId: ID!) { runEvents(runId: $runId, after: 0) { __typename seq ... on RunStatusChanged { status } } }";

async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name) });
}

/**
 * Runs RUN_EVENTS for an ingestion in GraphiQL: the pane ends on the run's final status, and the
 * socket carried every stored event once, in order, then `complete`. Returns the socket's record.
 */
async function ingestionStreams(page, traffic, server, token = null) {
  const { addText } = await server.graphql(ADD_TEXT, {}, token);
  await setQuery(page, RUN_EVENTS);
  await setTool(page, "Variables", JSON.stringify({ runId: addText.ingestRunId }));
  await prettify(page);
  const before = traffic.sockets.length;
  await run(page);
  const shown = await waitForResponse(page, (json) => json.data?.runEvents?.status === "SUCCEEDED");
  const socket = traffic.sockets.slice(before).find((s) => s.sent.some((m) => m.type === "subscribe"));
  assert.ok(socket, "the subscription went over a WebSocket");
  assert.equal(socket.url, `${server.base.replace("http:", "ws:")}/graphql`);
  assert.equal(socket.sent[0].type, "connection_init");
  const { id } = socket.sent.find((m) => m.type === "subscribe");
  const events = socket.received.filter((m) => m.id === id && m.type === "next").map((m) => m.payload.data.runEvents);
  assert.deepEqual(
    events.map((e) => e.seq),
    events.map((_, i) => i + 1),
  );
  assert.deepEqual(events.at(-1), shown.data.runEvents);
  // Playwright reports frames to this process asynchronously: the pane may show the last event before the
  // `complete` frame after it has been reported here.
  const completed = () => socket.received.some((m) => m.id === id && m.type === "complete");
  for (let waited = 0; !completed() && waited < 30_000; waited += 100) await page.waitForTimeout(100);
  assert.ok(completed(), "the stream completed");
  return socket;
}

/** The Docs pane shows the descriptions the server's introspection gives for Query and one field. */
async function docsShowDescriptions(page, server, token = null) {
  const introspect = '{ __type(name: "Query") { description fields { name description } } }';
  const { __type: root } = await server.graphql(introspect, {}, token);
  const field = root.fields.find((f) => f.name === "agentTemplates");
  await page.getByRole("button", { name: "Show Documentation Explorer" }).click();
  const docs = page.locator(".graphiql-doc-explorer");
  await docs.getByRole("link", { name: "Query", exact: true }).first().click();
  await docs.getByText(root.description, { exact: true }).waitFor();
  await docs.getByText(field.description, { exact: true }).waitFor();
}

/**
 * Nothing left loopback, Monaco's workers came from the bundle on the server, and the page logged no error
 * but the `expected` ones.
 */
async function assertStayedHome(traffic, base, expected = []) {
  assert.deepEqual(traffic.blocked, [], "requests to other hosts were blocked");
  assert.deepEqual(
    traffic.requests.filter((url) => !isLoopback(url)),
    [],
  );
  const { workers } = await (await fetch(`${base}/graphiql/manifest.json`)).json();
  assert.deepEqual(
    [...new Set(traffic.workers)].sort(),
    Object.values(workers)
      .map((file) => `${base}/graphiql/${file}`)
      .sort(),
  );
  assert.deepEqual(
    traffic.errors.filter((error) => !expected.some((pattern) => pattern.test(error))),
    [],
  );
}

/**
 * For the tests of one describe: a server with these settings (`prepare` runs against it first),
 * and a browser page on its GraphiQL. The fields fill in when the tests start.
 */
function graphiqlSession(settings = {}, prepare = async () => {}) {
  const session = {};
  before(async () => {
    session.server = await startSwitchboard(settings);
    await prepare(session);
    session.browser = await openPage();
    session.page = session.browser.page;
    await openGraphiQL(session.page, session.server.base, session.browser.traffic);
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}

describe("GraphiQL, local mode", () => {
  const s = graphiqlSession();

  test("runs a query over HTTP and shows the result", async () => {
    const query = "{ agentTemplates { kind model } }";
    const expected = { data: await s.server.graphql(query) };
    assert.ok(expected.data.agentTemplates.length >= 1);
    await setQuery(s.page, query);
    await run(s.page);
    assert.deepEqual(await waitForResponse(s.page, (json) => json.data?.agentTemplates), expected);
  });

  test("the docs explorer shows the schema's descriptions", async () => {
    await docsShowDescriptions(s.page, s.server);
    await screenshot(s.page, "graphiql-docs.png");
    await s.page.getByRole("button", { name: "Hide Documentation Explorer" }).click();
  });

  test("runs a subscription over graphql-transport-ws", async () => {
    const socket = await ingestionStreams(s.page, s.browser.traffic, s.server);
    assert.deepEqual(socket.sent[0].payload ?? {}, {}, "no credentials in local mode");
    await screenshot(s.page, "graphiql.png");
  });

  test("loaded everything from its own origin", () => assertStayedHome(s.browser.traffic, s.server.base));
});

describe("GraphiQL, multi mode with a bearer token in the headers editor", () => {
  const REGISTER =
    'mutation { register(username: "ada", password: "correct horse battery") { ... on AuthPayload { accessToken } } }';
  const s = graphiqlSession({ auth_mode: "multi" }, async (session) => {
    session.token = (await session.server.graphql(REGISTER)).register.accessToken;
  });

  test("the headers editor is open and says what to paste", async () => {
    assert.match(await toolText(s.page), /multi-user mode[\s\S]*re-fetch the schema[\s\S]*"Authorization": "Bearer <token>"/);
  });

  test("queries carry the token from the headers editor", async () => {
    await setTool(s.page, "Headers", JSON.stringify({ Authorization: `Bearer ${s.token}` }));
    await setQuery(s.page, "{ me { username } }");
    await run(s.page);
    const shown = await waitForResponse(s.page, (json) => "me" in (json.data ?? {}) || json.errors);
    assert.deepEqual(shown, { data: { me: { username: "ada" } } });
  });

  test("with the token, a schema re-fetch fills the docs (introspection needs a user here)", async () => {
    await s.page.getByRole("button", { name: /^Re-fetch GraphQL schema/ }).click();
    await docsShowDescriptions(s.page, s.server, s.token);
    await s.page.getByRole("button", { name: "Hide Documentation Explorer" }).click();
  });

  test("subscriptions carry it in connection_init", async () => {
    const socket = await ingestionStreams(s.page, s.browser.traffic, s.server, s.token);
    assert.deepEqual(socket.sent[0].payload, { Authorization: `Bearer ${s.token}` });
    await screenshot(s.page, "graphiql-multi.png");
  });

  // Before the token is in the headers editor, GraphiQL's schema fetch is refused before execution: GraphQL over
  // HTTP makes that a 401 (GraphiQL accepts application/graphql-response+json), which Chromium logs.
  test("loaded everything from its own origin", () =>
    assertStayedHome(s.browser.traffic, s.server.base, [/status of 401 \(Unauthorized\)/]));
});
