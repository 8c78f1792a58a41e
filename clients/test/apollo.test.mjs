// Apollo Client 4 against a real server: queries and multipart subscriptions through HttpLink, subscriptions
// through GraphQLWsLink, automatic persisted queries through PersistedQueryLink, and an InMemoryCache with
// codegen's possibleTypes keeping every field selected through interfaces and unions. Then a server in
// trusted-documents mode, fed the codegen manifest, running the typed documents by hash alone.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { getMainDefinition, print } from "@apollo/client/utilities";
import { createClient } from "graphql-ws";
import { GENERATED, manifest, possibleTypes, typedDocuments } from "./documents.mjs";
import { WebSocket, collect, eventLog, ingestRun, recordingFetch, serverSession, uniqueText } from "./helpers.mjs";

const sha256 = (text) => createHash("sha256").update(text).digest("hex");
const isSubscription = ({ query }) => {
  const definition = getMainDefinition(query);
  return definition.kind === "OperationDefinition" && definition.operation === "subscription";
};

/** An Apollo client on `server`: HTTP (and multipart subscriptions) unless `ws`, then subscriptions on a socket. */
function apollo(server, { ws = false, cache = { possibleTypes }, before = [], fetch = globalThis.fetch } = {}) {
  let link = new HttpLink({ uri: `${server.base}/graphql`, fetch });
  let socket = null;
  if (ws) {
    socket = createClient({ url: `${server.base.replace("http:", "ws:")}/graphql`, webSocketImpl: WebSocket });
    link = ApolloLink.split(isSubscription, new GraphQLWsLink(socket), link);
  }
  const client = new ApolloClient({ link: ApolloLink.from([...before, link]), cache: new InMemoryCache(cache) });
  client.close = () => socket?.dispose();
  return client;
}

/** A run's events through Apollo's `RunEvents` subscription (the RunEventFields fragment). */
async function runEvents(client, RunEventsDocument, runId, options = {}) {
  const results = await collect(client.subscribe({ query: RunEventsDocument, variables: { runId, after: options.after ?? 0 } }), options);
  for (const result of results) assert.equal(result.error, undefined, String(result.error));
  return results.map((result) => result.data.runEvents);
}

/** What the event log says, in the shape RunEventFields selects for these event kinds. */
function expectEvent(event) {
  assert.equal(typeof event.at, "string", JSON.stringify(event));
  if (event.__typename === "RunStatusChanged") assert.ok("status" in event && "error" in event, JSON.stringify(event));
  if (event.__typename === "RunProgress") assert.ok(["done", "total", "fraction", "message"].every((k) => k in event));
  if (event.__typename === "QueuePositionChanged") assert.ok("position" in event, JSON.stringify(event));
  return { __typename: event.__typename, seq: event.seq, ...("status" in event ? { status: event.status } : {}) };
}

describe("Apollo Client 4", () => {
  const session = serverSession();
  let docs;

  test("typed documents load, each with its manifest hash", async () => {
    docs = await typedDocuments();
    assert.equal(docs.AgentsDocument.__meta__.hash, sha256(manifest[docs.AgentsDocument.__meta__.hash]));
  });

  test("HttpLink runs queries", async () => {
    const client = apollo(session.server);
    const { data } = await client.query({ query: docs.AgentsDocument, variables: { first: 5 } });
    assert.equal(data.agents.totalCount, 0);
  });

  test("possibleTypes keep a mutation error's `... on Error { message code }`", async () => {
    const variables = { input: { name: "" } };
    const { data } = await apollo(session.server).mutate({ mutation: docs.CreateAgentDocument, variables });
    assert.deepEqual(
      { ...data.createAgent },
      { __typename: "ValidationError", message: "name must not be empty", field: "name", code: "BAD_USER_INPUT" },
    );
    // Without them Apollo's cache cannot tell that ValidationError implements Error, and drops `code`.
    const bare = await apollo(session.server, { cache: {} }).mutate({ mutation: docs.CreateAgentDocument, variables });
    assert.equal(bare.data.createAgent.code, undefined);
  });

  test("possibleTypes keep every field of run events read through the RunEventFields fragment", async () => {
    const runId = await ingestRun(session.server);
    const log = await eventLog(session.server, runId);
    const { data } = await apollo(session.server).query({ query: docs.RunEventLogDocument, variables: { runId } });
    assert.deepEqual(data.runEventLog.map(expectEvent), log);
    const bare = await apollo(session.server, { cache: {} }).query({ query: docs.RunEventLogDocument, variables: { runId } });
    assert.ok(bare.data.runEventLog.every((event) => event.seq === undefined), "without them the fragment is dropped");
  });

  test("subscriptions over GraphQLWsLink stream a run and resume with `after`", async () => {
    const client = apollo(session.server, { ws: true });
    const runId = await ingestRun(session.server);
    const streamed = await runEvents(client, docs.RunEventsDocument, runId);
    assert.deepEqual(streamed.map(expectEvent), await eventLog(session.server, runId));
    const head = await runEvents(client, docs.RunEventsDocument, runId, { take: 2 });
    const tail = await runEvents(client, docs.RunEventsDocument, runId, { after: head.at(-1).seq });
    assert.deepEqual([...head, ...tail], streamed);
    client.close();
  });

  test("subscriptions through HttpLink use multipart HTTP", async () => {
    const recorder = recordingFetch();
    const client = apollo(session.server, { fetch: recorder.fetch });
    const runId = await ingestRun(session.server);
    const streamed = await runEvents(client, docs.RunEventsDocument, runId);
    assert.deepEqual(streamed.map(expectEvent), await eventLog(session.server, runId));
    assert.match(recorder.requests.at(-1).accept, /^multipart\/mixed;boundary=graphql;subscriptionSpec=1\.0,/);
  });

  test("PersistedQueryLink: hash, then hash and query once, then the hash alone (also over GET)", async () => {
    const recorder = recordingFetch();
    const before = [new PersistedQueryLink({ sha256 })];
    const client = apollo(session.server, { before, fetch: recorder.fetch });
    const query = gql`query ApqProbe { agentTemplates { kind } }`;
    const first = await client.query({ query, fetchPolicy: "network-only" });
    assert.ok(first.data.agentTemplates.length > 0);
    const sent = recorder.requests.map((r) => [r.method, Boolean(r.body?.query), r.body?.extensions?.persistedQuery?.version]);
    assert.deepEqual(sent, [
      ["POST", false, 1], // hash alone: PERSISTED_QUERY_NOT_FOUND
      ["POST", true, 1], // hash and query: registered
    ]);
    recorder.requests.length = 0;
    const again = await client.query({ query, fetchPolicy: "network-only" });
    assert.deepEqual(again.data, first.data);
    assert.deepEqual(recorder.requests.map((r) => [r.method, Boolean(r.body?.query)]), [["POST", false]]);

    const getter = recordingFetch();
    const viaGet = apollo(session.server, {
      before: [new PersistedQueryLink({ sha256, useGETForHashedQueries: true })],
      fetch: getter.fetch,
    });
    assert.deepEqual((await viaGet.query({ query })).data, first.data);
    assert.deepEqual(getter.requests.map((r) => r.method), ["GET"]); // registered already, by any client
    assert.match(getter.requests[0].url, /extensions=.*sha256Hash/);
    assert.doesNotMatch(getter.requests[0].url, /query=/);
  });
});

describe("Apollo Client 4 and a trusted-documents server", () => {
  const session = serverSession({ documents: "trusted", documents_manifest: `${GENERATED}/persisted-documents.json` });
  // The typed documents carry their manifest hash; anything else falls back to Apollo's own sha256.
  const generateHash = (document) => document.__meta__?.hash ?? sha256(print(document));

  test("runs the typed documents by hash alone, over HTTP and the WebSocket", async () => {
    const docs = await typedDocuments();
    const recorder = recordingFetch();
    const client = apollo(session.server, { ws: true, before: [new PersistedQueryLink({ generateHash })], fetch: recorder.fetch });
    const added = await client.mutate({ mutation: docs.AddTextDocument, variables: { input: { title: "Z", text: uniqueText() } } });
    const runId = added.data.addText.ingestRunId;
    assert.ok(runId);
    assert.ok(recorder.requests.every((r) => r.body.query === undefined), "no document text was sent over HTTP");
    const streamed = await runEvents(client, docs.RunEventsDocument, runId);
    assert.equal(streamed.at(-1).status, "SUCCEEDED");
    assert.deepEqual(streamed.map((e) => e.seq), streamed.map((_, i) => i + 1));
    client.close();
  });

  test("refuses any other document with DOCUMENT_NOT_TRUSTED", async () => {
    const client = apollo(session.server, { before: [new PersistedQueryLink({ sha256 })] });
    await assert.rejects(client.query({ query: gql`query NotInTheManifest { ok }` }), (error) => {
      assert.ok(CombinedGraphQLErrors.is(error), String(error));
      assert.deepEqual(error.errors.map((e) => e.extensions.code), ["DOCUMENT_NOT_TRUSTED"]);
      return true;
    });
  });
});
