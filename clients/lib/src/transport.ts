// Subscriptions over one of two transports, behind one `subscribe(request, sink)`:
// - graphql-ws (graphql-transport-ws): the credential in `connection_init`, read again at every reconnect; the
//   socket reconnects by itself once it has been up, and listeners hear `onReconnected` so a stream can resume;
// - GraphQL over SSE (graphql-sse, distinct connections): the credential as a header, when WebSockets are
//   unavailable: no WebSocket implementation, or (transport "auto") the first socket never opened.
// An UNAUTHENTICATED subscription gets one token refresh and one retry (on a fresh socket), like HTTP requests.
import { createClient as createSSEClient, type Client as SSEClient } from "graphql-sse";
import { createClient as createWSClient, type Client as WSClient } from "graphql-ws";
import type { SwitchboardAuth } from "./auth.js";
import { isUnauthenticated, type GraphQLErrorLike } from "./errors.js";

export interface SubscriptionRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

export interface ExecutionResultLike {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLErrorLike[];
}

export interface Sink {
  next(value: ExecutionResultLike): void;
  error(error: unknown): void;
  complete(): void;
}

export type TransportName = "ws" | "sse";

export interface SubscriberOptions {
  /** The HTTP endpoint; the socket's URL is derived from it (http -> ws). */
  url: string;
  auth: SwitchboardAuth;
  /** "auto" (default): WebSocket, falling back to SSE when one cannot be opened. */
  transport?: "auto" | TransportName;
  /** A WebSocket class where there is no global one (Node 20: the `ws` package). */
  webSocketImpl?: unknown;
  /** Reconnect waits: attempt n waits min(maxMs, baseMs * 2^n) plus jitter. */
  retry?: { baseMs?: number; maxMs?: number };
}

export interface Subscriber {
  subscribe(request: SubscriptionRequest, sink: Sink): () => void;
  /** The transport subscriptions use now. */
  readonly transport: TransportName;
  /** Called after the socket came back up following a drop (not on the first connection). */
  onReconnected(listener: () => void): () => void;
  /** Drops the socket abruptly (as a network failure would); it reconnects on its own. For tests and "retry now". */
  dropConnection(): void;
  dispose(): Promise<void>;
  /** How many times the socket connected (1 after the first connection). */
  readonly connections: number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSubscriber(options: SubscriberOptions): Subscriber {
  const { auth } = options;
  const WebSocketImpl = options.webSocketImpl ?? (globalThis as { WebSocket?: unknown }).WebSocket;
  let transport: TransportName = options.transport === "sse" || !WebSocketImpl ? "sse" : "ws";
  const baseMs = options.retry?.baseMs ?? 500;
  const maxMs = options.retry?.maxMs ?? 10_000;
  const reconnectListeners = new Set<() => void>();
  let everConnected = false;
  let connections = 0;

  let ws: WSClient | null = null;
  const wsClient = (): WSClient =>
    (ws ??= createWSClient({
      url: options.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocketImpl,
      lazy: true,
      connectionParams: () => auth.connectionParams(),
      retryAttempts: Number.MAX_SAFE_INTEGER,
      // Only a socket that worked once is retried; one that never opened means "no WebSockets here".
      shouldRetry: () => everConnected,
      retryWait: async (retries) => wait(Math.min(maxMs, baseMs * 2 ** retries) * (0.5 + Math.random() / 2)),
      on: {
        connected: () => {
          connections += 1;
          const reconnected = everConnected;
          everConnected = true;
          if (reconnected) for (const listener of reconnectListeners) listener();
        },
      },
    }));

  let sse: SSEClient | null = null;
  const sseClient = (): SSEClient =>
    (sse ??= createSSEClient({
      url: options.url,
      headers: () => auth.headers(),
      fetchFn: auth.fetch,
      retryAttempts: 0, // a dropped stream errors its sink; followRun resumes it with `after`
    }));

  function viaTransport(request: SubscriptionRequest, sink: Sink): () => void {
    if (transport === "sse") return sseClient().subscribe(request, sink as Parameters<SSEClient["subscribe"]>[1]);
    let fallback: (() => void) | null = null;
    const off = wsClient().subscribe(request, {
      next: (value) => sink.next(value as ExecutionResultLike),
      complete: () => sink.complete(),
      error: (error) => {
        if (!everConnected && options.transport !== "ws") {
          transport = "sse"; // the socket never opened: SSE from now on
          fallback = sseClient().subscribe(request, sink as Parameters<SSEClient["subscribe"]>[1]);
          return;
        }
        sink.error(error);
      },
    });
    return () => {
      off();
      fallback?.();
    };
  }

  function subscribe(request: SubscriptionRequest, sink: Sink): () => void {
    let retried = false;
    let closed = false;
    let active: () => void = () => {};
    let generation = 0;
    const start = () => {
      const mine = ++generation; // events of a superseded attempt (being recovered) are ignored
      const live = () => !closed && mine === generation;
      active = viaTransport(request, {
        next: (value) => {
          if (!live()) return;
          if (!retried && isUnauthenticated(value)) return void recover();
          sink.next(value);
        },
        error: (error) => {
          if (!live()) return;
          if (!retried && isUnauthenticated(error)) return void recover();
          sink.error(error);
        },
        complete: () => {
          if (live()) sink.complete();
        },
      });
    };
    const recover = async () => {
      retried = true;
      generation += 1;
      active();
      const token = await auth.recover(auth.tokens?.accessToken ?? null).catch(() => null);
      if (closed) return;
      if (!token) return sink.error([{ message: "not signed in", extensions: { code: "UNAUTHENTICATED" } }]);
      if (transport === "ws") ws?.terminate(); // connection_init carried the old token: open a new socket
      start();
    };
    start();
    return () => {
      closed = true;
      active();
    };
  }

  return {
    subscribe,
    get transport() {
      return transport;
    },
    onReconnected(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    dropConnection() {
      ws?.terminate();
    },
    async dispose() {
      reconnectListeners.clear();
      await ws?.dispose();
      sse?.dispose();
    },
    get connections() {
      return connections;
    },
  };
}
