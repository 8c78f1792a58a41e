// urql 6 (@urql/core) against a real server: queries through fetchExchange with the document cache,
// subscriptions over graphql-ws (subscriptionExchange) and over SSE (fetchExchange with fetchSubscriptions),
// and a resumed subscription that drops what it has seen by `seq`.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "@urql/core";
import { createClient } from "graphql-ws";
import { pipe, subscribe } from "wonka";
import { typedDocuments } from "./documents.mjs";
import { WebSocket, eventLog, ingestRun, recordingFetch, serverSession } from "./helpers.mjs";

/** A urql client; subscriptions over a WebSocket, or over SSE through fetch when `ws` is false. */
function urql(server, { ws = true, fetch = globalThis.fetch } = {}) {
  const exchanges = [cacheExchange, fetchExchange];
  let socket = null;
  if (ws) {
    socket = createClient({ url: `${server.base.replace("http:", "ws:")}/graphql`, webSocketImpl: WebSocket });
    exchanges.push(
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: socket.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
      }),
    );
  }
  const client = new Client({ url: `${server.base}/graphql`, exchanges, fetch, fetchSubscriptions: !ws });
  client.close = () => socket?.dispose();
  return client;
}

/**
 * Follows a run's events across reconnects, each exactly once: every (re)subscription asks for `after` the last
 * seq it has, and anything at or below it (a stale cursor, a replay racing a live event) is dropped by `seq`.
 */
class RunFollower {
  constructor(client, RunEventsDocument, runId) {
    Object.assign(this, { client, RunEventsDocument, runId, events: [], dropped: 0 });
  }

  get lastSeq() {
    return this.events.at(-1)?.seq ?? 0;
  }

  /** Subscribes from `after` (default: the last seq seen) until the run ends or `take` new events arrived. */
  follow({ after = this.lastSeq, take = Infinity } = {}) {
    return new Promise((resolve, reject) => {
      let taken = 0;
      const { unsubscribe } = pipe(
        this.client.subscription(this.RunEventsDocument, { runId: this.runId, after }),
        subscribe((result) => {
          if (result.error) return reject(result.error);
          const event = result.data.runEvents;
          if (event.seq <= this.lastSeq) {
            this.dropped += 1;
            return;
          }
          this.events.push(event);
          taken += 1;
          const ended = event.__typename === "RunStatusChanged" && ["SUCCEEDED", "FAILED", "CANCELLED"].includes(event.status);
          if (ended || taken >= take) {
            queueMicrotask(() => unsubscribe());
            resolve(this.events);
          }
        }),
      );
    });
  }
}

const shape = (events) => events.map((e) => ({ __typename: e.__typename, seq: e.seq, ...(e.status ? { status: e.status } : {}) }));

describe("urql 6", () => {
  const session = serverSession();

  test("queries use the document cache: the same query is fetched once", async () => {
    const docs = await typedDocuments();
    const recorder = recordingFetch();
    const client = urql(session.server, { ws: false, fetch: recorder.fetch });
    const first = await client.query(docs.AgentsDocument, { first: 5 }).toPromise();
    const second = await client.query(docs.AgentsDocument, { first: 5 }).toPromise();
    assert.equal(first.error, undefined);
    assert.deepEqual(second.data, first.data);
    assert.equal(recorder.requests.length, 1);
    assert.match(recorder.requests[0].accept, /^application\/graphql-response\+json/);
  });

  for (const [name, ws] of [["a WebSocket (graphql-ws)", true], ["SSE (fetchSubscriptions)", false]]) {
    test(`a subscription over ${name} resumes without duplicates, deduplicated by seq`, async () => {
      const docs = await typedDocuments();
      const recorder = recordingFetch();
      const client = urql(session.server, { ws, fetch: recorder.fetch });
      const runId = await ingestRun(session.server);
      const follower = new RunFollower(client, docs.RunEventsDocument, runId);
      await follower.follow({ take: 2 }); // then the connection "drops"
      await follower.follow({ after: 1 }); // a reconnect with a stale cursor: seq 2 comes again
      assert.equal(follower.dropped, 1);
      assert.deepEqual(shape(follower.events), await eventLog(session.server, runId));
      if (!ws) assert.ok(recorder.requests.some((r) => r.accept === "text/event-stream, multipart/mixed"));
      client.close();
    });
  }
});
