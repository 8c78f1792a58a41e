// @switchboard/client against a real `switchboard serve` (multi mode, then local mode): token rotation, API keys,
// Apollo and urql set up by the package, the SSE fallback, followRun across a dropped socket, and uploads with
// byte progress until the content is READY. Run `npm run build:lib` first (`npm test` does).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  SwitchboardAuth,
  createApolloClient,
  createSubscriber,
  createUrqlClient,
  documents,
  followRun,
  memoryTokenStore,
  uploadContent,
  waitForContent,
} from "../dist/lib/src/index.js";
import { possibleTypes } from "../../test/documents.mjs";
import { WebSocket, eventLog, ingestRun, serverSession, uniqueText } from "../../test/helpers.mjs";

const ME = "query { me { username } }";

async function ask(auth, query, variables = {}) {
  const response = await auth.fetch(auth.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

function tokensAuth(server, extra = {}) {
  return new SwitchboardAuth({ url: `${server.base}/graphql`, mode: { kind: "tokens", store: memoryTokenStore() }, ...extra });
}

const subscribers = [];
function subscriber(auth, options = {}) {
  const made = createSubscriber({ url: auth.url, auth, webSocketImpl: WebSocket, retry: { baseMs: 50, maxMs: 200 }, ...options });
  subscribers.push(made);
  return made;
}

describe("multi mode", () => {
  const session = serverSession({ auth_mode: "multi" });
  let user = 0;
  const signedUp = async (extra) => {
    const auth = tokensAuth(session.server, extra);
    user += 1;
    await auth.register(`user${user}`, "correct horse battery staple");
    return auth;
  };

  test("register and login store tokens that requests carry", async () => {
    const auth = await signedUp();
    assert.deepEqual(await ask(auth, ME), { data: { me: { username: "user1" } } });
    const again = tokensAuth(session.server);
    assert.equal((await again.login("user1", "correct horse battery staple")).username, "user1");
    assert.notEqual(again.tokens.refreshToken, auth.tokens.refreshToken);
  });

  test("a wrong password is a coded error, and no tokens", async () => {
    const auth = tokensAuth(session.server);
    await assert.rejects(auth.login("user1", "wrong password here"), (error) => error.codes.length === 1);
    assert.equal(auth.tokens, null);
  });

  test("UNAUTHENTICATED: one refresh (rotating the refresh token), one retry", async () => {
    const auth = await signedUp();
    const { refreshToken } = auth.tokens;
    auth.tokens.accessToken = "expired.or.garbage";
    const body = await ask(auth, ME);
    assert.equal(body.data.me.username, `user${user}`);
    assert.equal(auth.refreshes, 1);
    assert.notEqual(auth.tokens.refreshToken, refreshToken, "the refresh token rotated");
  });

  test("concurrent UNAUTHENTICATED requests share one in-flight refresh", async () => {
    const auth = await signedUp();
    auth.tokens.accessToken = "expired.or.garbage";
    const bodies = await Promise.all(Array.from({ length: 6 }, () => ask(auth, ME)));
    assert.deepEqual(new Set(bodies.map((b) => b.data.me.username)), new Set([`user${user}`]));
    assert.equal(auth.refreshes, 1);
  });

  test("a reused refresh token: the server revokes the session, the client gives up cleanly once", async () => {
    const signedOut = [];
    const auth = await signedUp({ onSignedOut: (reason) => signedOut.push(reason) });
    const stolen = { ...auth.tokens };
    await auth.refresh(); // rotates: `stolen.refreshToken` is now used
    const rotated = { ...auth.tokens };
    // The thief replays the used token: reuse detected, the whole session (the victim's too) is revoked.
    const replay = new SwitchboardAuth({ url: auth.url, mode: { kind: "tokens", store: memoryTokenStore({ accessToken: "x", refreshToken: stolen.refreshToken }) }, onSignedOut: (r) => signedOut.push(`thief: ${r}`) });
    const refused = await ask(replay, ME);
    assert.deepEqual(refused.errors.map((e) => e.extensions.code), ["UNAUTHENTICATED"]);
    assert.equal(replay.tokens, null);
    assert.equal(replay.refreshes, 1, "no retry loop");
    // The victim's rotated tokens were revoked with the session: its next request fails, refresh refused too.
    assert.deepEqual(auth.tokens, rotated);
    const after = await ask(auth, ME);
    assert.deepEqual(after.errors.map((e) => e.extensions.code), ["UNAUTHENTICATED"]);
    assert.equal(auth.tokens, null);
    assert.equal(signedOut.length, 2);
    assert.match(signedOut[0], /^thief: .*already used/);
    assert.equal(await auth.refresh(), null, "nothing left to refresh");
  });

  test("API-key mode: the key on HTTP and in connection_init", async () => {
    const owner = await signedUp();
    const created = await ask(owner, 'mutation { createApiKey(name: "ci") { ... on ApiKeyCreated { secret } } }');
    const auth = new SwitchboardAuth({ url: owner.url, mode: { kind: "apiKey", key: created.data.createApiKey.secret } });
    assert.equal((await ask(auth, ME)).data.me.username, `user${user}`);
    const runId = await ingestRun(session.server, owner.tokens.accessToken);
    const follower = followRun(subscriber(auth), runId);
    const final = await follower.finished;
    assert.equal(final.status, "SUCCEEDED");
    assert.equal(final.events, (await eventLogAs(session.server, runId, owner)).length);
  });

  test("Apollo: queries over HTTP and subscriptions over graphql-ws with the token, refreshed when stale", async () => {
    const auth = await signedUp();
    const client = createApolloClient({ auth, subscriber: subscriber(auth), possibleTypes });
    auth.tokens.accessToken = "stale";
    const { data } = await client.query({ query: documents.MeDocument });
    assert.equal(data.me.username, `user${user}`);
    assert.equal(auth.refreshes, 1);
    const runId = await ingestRun(session.server, auth.tokens.accessToken);
    auth.tokens.accessToken = "stale again"; // the socket opens with it: UNAUTHENTICATED, refresh, new socket
    const events = await collect(client.subscribe({ query: documents.RunEventsDocument, variables: { runId } }));
    assert.equal(events.at(-1).data.runEvents.status, "SUCCEEDED");
    assert.equal(auth.refreshes, 2);
  });

  test("urql: queries with the token and subscriptions, deduplicated and complete", async () => {
    const auth = await signedUp();
    const client = createUrqlClient({ auth, subscriber: subscriber(auth) });
    const result = await client.query(documents.MeDocument, {}).toPromise();
    assert.equal(result.data.me.username, `user${user}`);
    const runId = await ingestRun(session.server, auth.tokens.accessToken);
    const seen = [];
    await new Promise((resolve, reject) => {
      const { unsubscribe } = client.subscription(documents.RunEventsDocument, { runId }).subscribe((r) => {
        if (r.error) return reject(r.error);
        seen.push(r.data.runEvents);
        if (r.data.runEvents.status === "SUCCEEDED") {
          queueMicrotask(() => unsubscribe());
          resolve();
        }
      });
    });
    assert.deepEqual(seen.map((e) => e.seq), seen.map((_, i) => i + 1));
  });
});

/** Every event of a run, read as its owner. */
async function eventLogAs(server, runId, owner) {
  const token = owner.tokens.accessToken;
  return eventLog({ graphql: (q, v) => server.graphql(q, v, token) }, runId);
}

function collect(observable) {
  return new Promise((resolve, reject) => {
    const values = [];
    observable.subscribe({ next: (v) => values.push(v), error: reject, complete: () => resolve(values) });
  });
}

/** A WebSocket that can never connect (as behind a proxy that refuses upgrades). */
class NoWebSocket extends WebSocket {
  constructor(_url, protocols) {
    super("ws://127.0.0.1:9/unreachable", protocols);
  }
}

describe("local mode", () => {
  const session = serverSession();
  const local = () => new SwitchboardAuth({ url: `${session.server.base}/graphql`, mode: { kind: "local" } });

  test("no credentials needed; Apollo runs the typed documents", async () => {
    const auth = local();
    const client = createApolloClient({ auth, subscriber: subscriber(auth), possibleTypes });
    const { data } = await client.query({ query: documents.AgentsDocument, variables: { first: 5 } });
    assert.equal(data.agents.totalCount, 0);
    assert.deepEqual(auth.headers(), {});
  });

  test("SSE fallback: when no socket opens, subscriptions go over SSE", async () => {
    const auth = local();
    const fallback = subscriber(auth, { webSocketImpl: NoWebSocket });
    assert.equal(fallback.transport, "ws");
    const runId = await ingestRun(session.server);
    const final = await followRun(fallback, runId).finished;
    assert.equal(fallback.transport, "sse");
    assert.equal(final.status, "SUCCEEDED");
    assert.equal(final.events, (await eventLog(session.server, runId)).length);
  });

  test("followRun: a dropped socket resumes with `after`, every event once", async () => {
    const auth = local();
    const sub = subscriber(auth);
    const runId = await ingestRun(session.server);
    let dropped = false;
    const follower = followRun(sub, runId, {
      onChange: (state) => {
        if (!dropped && state.events === 1) {
          dropped = true;
          sub.dropConnection();
        }
      },
    });
    const final = await follower.finished;
    const log = await eventLog(session.server, runId);
    assert.equal(final.status, "SUCCEEDED");
    assert.equal(final.events, log.length);
    assert.equal(final.lastSeq, log.at(-1).seq);
    assert.ok(final.resumes >= 1, JSON.stringify(final));
    assert.equal(sub.connections, 2);
  });

  test("followRun from a remembered seq gets only the rest (a reloaded page)", async () => {
    const auth = local();
    const runId = await ingestRun(session.server);
    const log = await eventLog(session.server, runId);
    const final = await followRun(subscriber(auth), runId, { after: 2 }).finished;
    assert.equal(final.events, log.length - 2);
    assert.equal(final.duplicates, 0);
  });

  test("followRun on a chat run: text, status and usage", async () => {
    const auth = local();
    const client = createApolloClient({ auth, subscriber: subscriber(auth), possibleTypes });
    const agent = await client.mutate({
      mutation: documents.CreateAgentDocument,
      variables: { input: { name: "Echo", template: "GENERAL", parameters: { maxTokens: 12 } } },
    });
    assert.equal(agent.data.createAgent.__typename, "Agent", JSON.stringify(agent.data));
    const sent = await client.mutate({
      mutation: documents.SendMessageDocument,
      variables: { input: { agentId: agent.data.createAgent.id, text: "What is the capital of France?" } },
    });
    const turn = sent.data.sendMessage;
    assert.equal(turn.__typename, "ChatTurn", JSON.stringify(turn));
    const final = await followRun(subscriber(auth), turn.run.id).finished;
    assert.equal(final.status, "SUCCEEDED", final.error);
    const run = await client.query({ query: documents.RunDocument, variables: { id: turn.run.id }, fetchPolicy: "network-only" });
    assert.equal(final.text, run.data.run.message.content);
    assert.ok(final.text.length > 0);
    assert.equal(final.usage.completionTokens, run.data.run.usage.completionTokens);
  });

  test("uploads report byte progress, then contentStatus follows it to READY", async () => {
    const auth = local();
    const text = `${uniqueText()}\n`.repeat(3000); // ~300 KB: several progress steps
    const steps = [];
    const added = await uploadContent({
      auth,
      file: new Blob([text], { type: "text/plain" }),
      filename: "zorkmid.txt",
      input: { title: "Zorkmid notes" },
      onProgress: (p) => steps.push(p),
    });
    assert.equal(added.__typename, "ContentAdded", JSON.stringify(added));
    assert.ok(steps.length > 2);
    assert.equal(steps.at(-1).loaded, steps.at(-1).total);
    assert.ok(steps.every((s, i) => i === 0 || s.loaded > steps[i - 1].loaded));
    const states = [];
    const final = await waitForContent(subscriber(auth), added.content.id, (s) => states.push(s));
    assert.equal(final.status, "READY", JSON.stringify(states));
    assert.ok(final.chunkCount > 0);
  });

  test("an upload without the CSRF header is refused (the helper always sends it)", async () => {
    const form = new FormData();
    form.set("operations", JSON.stringify({ query: "mutation($f: Upload!) { uploadContent(file: $f) { __typename } }", variables: { f: null } }));
    form.set("map", JSON.stringify({ 0: ["variables.f"] }));
    form.set("0", new Blob(["x"]), "x.txt");
    const response = await fetch(`${session.server.base}/graphql`, { method: "POST", body: form });
    assert.equal(response.status, 400);
  });
});

describe("cleanup", () => {
  test("subscribers dispose", async () => {
    await Promise.all(subscribers.map((s) => s.dispose()));
  });
});
