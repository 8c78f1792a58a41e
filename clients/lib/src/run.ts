// followRun(runId): a run's events as a small state object, across reconnects, each event applied once.
//
// It subscribes to `runEvents(runId, after)` and keeps the last `seq` it applied. When the stream breaks (the
// socket dropped, an SSE request failed) or the socket reconnects under it, it subscribes again with
// `after: lastSeq`: the server replays exactly the rest. Anything at or below `lastSeq` (a replay racing a live
// event, a stale subscription the socket re-sent) is dropped. It ends on the run's final status.
import type { RunEventFieldsFragment } from "../../generated/graphql.js";
import { errorCodes } from "./errors.js";
import type { ExecutionResultLike, Subscriber } from "./transport.js";

export type RunStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
export const FINAL_STATUSES: ReadonlySet<string> = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

export interface RunUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  timeToFirstTokenMs: number | null;
  tokensPerSecond: number | null;
}

export interface RunState {
  runId: string;
  status: RunStatus | null;
  /** The streamed text so far (TokenDelta events, in order). */
  text: string;
  usage: RunUsage | null;
  /** What the reply was given to read, in the order they arrived. */
  citations: RunCitation[];
  progress: { done: number; total: number | null; fraction: number | null; message: string | null } | null;
  queuePosition: number | null;
  /** The run's error (FAILED), or why following stopped (e.g. NOT_FOUND). */
  error: string | null;
  /** The last event applied; a resume asks for everything after it. */
  lastSeq: number;
  /** Events applied, and events dropped as already seen. */
  events: number;
  duplicates: number;
  /** Subscriptions started after the first (each with `after: lastSeq`). */
  resumes: number;
  /** True once the run reached a final status (or following failed for good). */
  done: boolean;
}

export interface FollowRunOptions {
  /** Resume from here (e.g. the `lastSeq` of a state rendered before a page reload). Default 0: from the start. */
  after?: number;
  /** Called with a fresh copy of the state after every change. */
  onChange?: (state: RunState) => void;
  /** Wait before re-subscribing after a broken stream. */
  retryDelayMs?: number;
}

export interface RunFollower {
  readonly state: RunState;
  /** Resolves with the final state. */
  readonly finished: Promise<RunState>;
  /** Stops following (the run itself goes on). */
  stop(): void;
}

/** A source the reply cited (content chunk or memory), as `CitationAdded` streams it. */
export interface RunCitation {
  kind: string;
  rank: number;
  score: number;
  text: string;
  content: { id: string; title: string } | null;
}

type FollowedEvent =
  | Exclude<RunEventFieldsFragment, { __typename: "CitationAdded" | "RunCompacted" }>
  | { __typename: "CitationAdded"; seq: number; at: string; citation: RunCitation }
  | { __typename: "RunCompacted"; seq: number; at: string; fromSeq: number; toSeq: number; text: string; usage: RunUsage };

// RunEventFields (clients/operations/chat_runs.graphql) plus citations, which a chat screen shows inline.
const EVENTS_QUERY = `subscription FollowRun($runId: ID!, $after: Int = 0) {
  runEvents(runId: $runId, after: $after) {
    __typename seq at
    ... on TokenDelta { text }
    ... on RunStatusChanged { status error }
    ... on QueuePositionChanged { position }
    ... on RunProgress { done total fraction message }
    ... on RunUsageReported { usage { promptTokens completionTokens timeToFirstTokenMs tokensPerSecond } }
    ... on CitationAdded { citation { kind rank score text content { id title } } }
    ... on RunCompacted { fromSeq toSeq text usage { promptTokens completionTokens timeToFirstTokenMs tokensPerSecond } }
  }
}`;

export function followRun(subscriber: Subscriber, runId: string, options: FollowRunOptions = {}): RunFollower {
  const state: RunState = {
    runId,
    status: null,
    text: "",
    usage: null,
    citations: [],
    progress: null,
    queuePosition: null,
    error: null,
    lastSeq: options.after ?? 0,
    events: 0,
    duplicates: 0,
    resumes: 0,
    done: false,
  };
  let resolveFinished: (s: RunState) => void = () => {};
  const finished = new Promise<RunState>((resolve) => (resolveFinished = resolve));
  let unsubscribe: (() => void) | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const changed = () => options.onChange?.({ ...state });

  const finish = () => {
    state.done = true;
    stop();
    changed();
    resolveFinished({ ...state });
  };

  const apply = (event: FollowedEvent) => {
    if (event.seq <= state.lastSeq) {
      state.duplicates += 1;
      return;
    }
    state.lastSeq = event.seq;
    state.events += 1;
    switch (event.__typename) {
      case "TokenDelta":
        state.text += event.text;
        if (state.status === null || state.status === "QUEUED") state.status = "RUNNING";
        break;
      case "RunStatusChanged":
        state.status = event.status as RunStatus;
        state.error = event.error ?? null;
        break;
      case "QueuePositionChanged":
        state.queuePosition = event.position ?? null;
        break;
      case "RunProgress":
        state.progress = { done: event.done, total: event.total ?? null, fraction: event.fraction ?? null, message: event.message ?? null };
        break;
      case "RunUsageReported":
        state.usage = { ...event.usage } as RunUsage;
        break;
      case "CitationAdded":
        state.citations = [...state.citations, event.citation];
        break;
      case "RunCompacted": // retention folded the token deltas fromSeq..toSeq of a finished run into one event
        state.text += event.text;
        state.usage = { ...event.usage };
        state.lastSeq = Math.max(state.lastSeq, event.toSeq);
        break;
    }
    changed();
    if (event.__typename === "RunStatusChanged" && FINAL_STATUSES.has(event.status)) finish();
  };

  const resubscribe = () => {
    if (stopped || state.done) return;
    unsubscribe?.();
    unsubscribe = null;
    timer = setTimeout(() => {
      timer = null;
      state.resumes += 1;
      start();
    }, options.retryDelayMs ?? 250);
  };

  function start() {
    if (stopped) return;
    let current: (() => void) | null = null;
    current = subscriber.subscribe(
      { query: EVENTS_QUERY, variables: { runId, after: state.lastSeq }, operationName: "FollowRun" },
      {
        next: (result: ExecutionResultLike) => {
          if (result.errors?.length) {
            state.error = `${errorCodes(result.errors).join(",") || "ERROR"}: ${result.errors[0]!.message}`;
            return finish();
          }
          const event = result.data?.runEvents as FollowedEvent | undefined;
          if (event) apply(event);
        },
        error: () => {
          if (unsubscribe === current) resubscribe();
        },
        complete: () => {
          if (unsubscribe === current && !state.done) resubscribe(); // the stream ended before the run did
        },
      },
    );
    unsubscribe = current;
  }

  // A reconnected socket re-sends its subscriptions with their first `after`; restart ours from lastSeq instead.
  const offReconnected = subscriber.onReconnected(() => {
    if (stopped || state.done) return;
    unsubscribe?.();
    unsubscribe = null;
    state.resumes += 1;
    start();
  });

  function stop() {
    stopped = true;
    offReconnected();
    if (timer) clearTimeout(timer);
    unsubscribe?.();
    unsubscribe = null;
  }

  start();
  return {
    state,
    finished,
    stop() {
      if (stopped) return;
      stop();
      resolveFinished({ ...state });
    },
  };
}
