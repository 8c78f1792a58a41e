// The protocol libraries themselves against a real server: graphql-ws (graphql-transport-ws over a WebSocket) and
// graphql-sse (GraphQL over SSE, distinct connections mode). Each streams a run's events once, in order, ends
// with the run, and resumes with `after` exactly where it left off.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createClient as createSSEClient } from "graphql-sse";
import { createClient as createWSClient } from "graphql-ws";
import { WebSocket, eventLog, ingestRun, serverSession } from "./helpers.mjs";

const EVENTS = `subscription($runId: ID!, $after: Int) {
  runEvents(runId: $runId, after: $after) { __typename seq ... on RunStatusChanged { status } }
}`;

/** The `runEvents` of every result, stopping after `take` of them (the client then ends the operation). */
async function events(client, runId, { after = 0, take = Infinity } = {}) {
  const seen = [];
  for await (const result of client.iterate({ query: EVENTS, variables: { runId, after } })) {
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    seen.push(result.data.runEvents);
    if (seen.length >= take) break;
  }
  return seen;
}

/** The same checks for any client with graphql-ws's `iterate`. */
function streamsAndResumes(session, makeClient) {
  test("streams every event of a run once, in order, until its final status", async () => {
    const client = makeClient(session.server);
    const runId = await ingestRun(session.server);
    const streamed = await events(client, runId);
    assert.deepEqual(streamed, await eventLog(session.server, runId));
    assert.deepEqual(
      streamed.map((e) => e.seq),
      streamed.map((_, i) => i + 1),
    );
    assert.equal(streamed.at(-1).status, "SUCCEEDED");
    await client.dispose();
  });

  test("resumes with `after`: the rest, no gap, no duplicate", async () => {
    const client = makeClient(session.server);
    const runId = await ingestRun(session.server);
    const head = await events(client, runId, { take: 2 });
    const tail = await events(client, runId, { after: head.at(-1).seq });
    assert.deepEqual([...head, ...tail], await eventLog(session.server, runId));
    await client.dispose();
  });

  test("a refused document is a GraphQL error with its code", async () => {
    const client = makeClient(session.server);
    const tooMany = `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: ok`).join(" ")} }`;
    const results = [];
    try {
      for await (const result of client.iterate({ query: tooMany })) results.push(result);
    } catch (errors) {
      results.push({ errors }); // graphql-ws: the protocol's `error` message, thrown as the errors
    }
    assert.deepEqual(
      results.flatMap((r) => r.errors.map((e) => [e.extensions.code, e.extensions.limit])),
      [["QUERY_TOO_COMPLEX", "maxAliases"]],
    );
    await client.dispose();
  });
}

const session = serverSession(); // one server for both clients

describe("graphql-ws over a WebSocket", () => {
  streamsAndResumes(session, (server) =>
    createWSClient({ url: `${server.base.replace("http:", "ws:")}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 }),
  );
});

describe("graphql-sse, distinct connections", () => {
  streamsAndResumes(session, (server) => createSSEClient({ url: `${server.base}/graphql`, retryAttempts: 0 }));
});
