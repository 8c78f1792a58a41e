// Shared by the client tests: a real server per test file (browser/switchboard.mjs), ingestion runs to stream
// (addText -> an INGEST run on the local embedder: no network, a handful of events), and a fetch that records
// what the clients send.
import { after, before } from "node:test";
import WebSocket from "ws";
import { startSwitchboard } from "../browser/switchboard.mjs";

// Node 20 has no global WebSocket; Apollo's GraphQLWsLink looks for one when a socket fails.
globalThis.WebSocket ??= WebSocket;
export { WebSocket };

/** For the tests of one file: `session.server` once they start (a server with these settings). */
export function serverSession(settings = {}) {
  const session = {};
  before(async () => {
    session.server = await startSwitchboard(settings);
  });
  after(async () => {
    await session.server?.stop();
  });
  return session;
}

let texts = 0;

/** A new text, so every call is a new ingestion (identical text would be deduplicated and not ingested). */
export function uniqueText() {
  texts += 1;
  return `The zorkmid (note ${texts}, ${process.pid}, ${Date.now()}) is the currency of the Great Underground Empire.`;
}

const ADD_TEXT = `mutation($text: String!) {
  addText(input: { title: "Zorkmid", text: $text }) { ... on ContentAdded { ingestRunId } ... on Error { message } }
}`;

/** Starts an INGEST run over plain HTTP; returns its global ID. */
export async function ingestRun(server, token = null) {
  const { addText } = await server.graphql(ADD_TEXT, { text: uniqueText() }, token);
  if (!addText.ingestRunId) throw new Error(`no ingestion: ${JSON.stringify(addText)}`);
  return addText.ingestRunId;
}

/** Every event of a finished run, from the query `runEventLog`, as the reference for the streams. */
export async function eventLog(server, runId) {
  const query = `query($id: ID!) { run(id: $id) { status } runEventLog(runId: $id) { __typename seq ... on RunStatusChanged { status } } }`;
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const data = await server.graphql(query, { id: runId });
    if (["SUCCEEDED", "FAILED", "CANCELLED"].includes(data.run.status)) return data.runEventLog;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`run ${runId} did not finish`);
}

/** `fetch`, recording each request's method, URL, Accept header and JSON body (null for GET). */
export function recordingFetch() {
  const requests = [];
  const recorder = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    const body = typeof init.body === "string" ? JSON.parse(init.body) : null;
    requests.push({ method: init.method ?? "GET", url: String(input), accept: headers.get("accept"), body });
    return fetch(input, init);
  };
  return { fetch: recorder, requests };
}

/** Resolves with every value an observable-like (`subscribe({next, error, complete})`) emits until it completes. */
export function collect(observable, { take = Infinity } = {}) {
  return new Promise((resolve, reject) => {
    const values = [];
    let subscription = null;
    let done = false;
    const finish = () => {
      done = true;
      subscription?.unsubscribe();
      resolve(values);
    };
    subscription = observable.subscribe({
      next: (value) => {
        values.push(value);
        if (values.length >= take && !done) finish();
      },
      error: reject,
      complete: () => {
        if (!done) {
          done = true;
          resolve(values);
        }
      },
    });
    if (done) subscription.unsubscribe();
  });
}
