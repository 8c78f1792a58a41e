// Uploads per the GraphQL multipart request spec, with byte progress, then the content's processing status.
//
// The server requires a non-empty `apollo-require-preflight` (or `x-apollo-operation-name`) header on multipart
// requests: a browser must then send a CORS preflight first, so another site cannot post uploads with a user's
// cookies. Progress comes from XMLHttpRequest's upload events in a browser (fetch cannot report them there), and
// from the request body stream in Node.
import { print } from "graphql";
import { ContentStatusDocument, UploadContentDocument, type UploadContentInput } from "../../generated/graphql.js";
import type { SwitchboardAuth } from "./auth.js";
import { isUnauthenticated, SwitchboardError, type GraphQLErrorLike } from "./errors.js";
import type { Subscriber } from "./transport.js";

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  auth: SwitchboardAuth;
  file: Blob;
  filename: string;
  input?: UploadContentInput;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

export interface UploadedContent {
  __typename: string;
  created?: boolean;
  ingestRunId?: string | null;
  content?: { id: string; title: string; status: string; mediaType: string; mime: string | null; sizeBytes: number | null };
  message?: string;
  code?: string;
  field?: string;
}

const UPLOAD_QUERY = print(UploadContentDocument);
const CHUNK = 64 * 1024;

/** The multipart body: `operations`, `map`, then the file as part "0". */
function multipart(options: UploadOptions): FormData {
  const form = new FormData();
  form.set(
    "operations",
    JSON.stringify({ query: UPLOAD_QUERY, operationName: "UploadContent", variables: { file: null, input: options.input ?? null } }),
  );
  form.set("map", JSON.stringify({ 0: ["variables.file"] }));
  form.set("0", options.file, options.filename);
  return form;
}

interface RawResponse {
  status: number;
  body: { data?: { uploadContent?: UploadedContent }; errors?: GraphQLErrorLike[] };
}

function sendWithXHR(url: string, headers: Record<string, string>, options: UploadOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => options.onProgress?.({ loaded: event.loaded, total: event.total });
    xhr.onload = () => {
      try {
        resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) });
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = () => reject(new Error("upload failed: network error"));
    xhr.onabort = () => reject(new DOMException("upload aborted", "AbortError"));
    options.signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(multipart(options));
  });
}

async function sendWithFetch(url: string, headers: Record<string, string>, options: UploadOptions): Promise<RawResponse> {
  // Serialise the form once to know its size and boundary, then stream it in chunks, counting what was sent.
  const serialised = new Request(url, { method: "POST", body: multipart(options) });
  const contentType = serialised.headers.get("content-type")!;
  const bytes = new Uint8Array(await serialised.arrayBuffer());
  const total = bytes.byteLength;
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= total) return controller.close();
      const chunk = bytes.subarray(offset, Math.min(total, offset + CHUNK));
      offset += chunk.byteLength;
      controller.enqueue(chunk);
      options.onProgress?.({ loaded: offset, total });
    },
  });
  const response = await fetch(url, {
    method: "POST",
    headers: { ...headers, "content-type": contentType, "content-length": String(total) },
    body,
    signal: options.signal,
    duplex: "half",
  } as RequestInit);
  return { status: response.status, body: await response.json() };
}

/**
 * Uploads a file with `uploadContent`, reporting bytes sent. Resolves with the mutation's payload
 * (`ContentAdded` with the content and its ingestion run, or an error type); throws on GraphQL errors.
 */
export async function uploadContent(options: UploadOptions): Promise<UploadedContent> {
  const { auth } = options;
  const send = () => {
    const headers = { ...auth.headers(), "apollo-require-preflight": "true", accept: "application/graphql-response+json, application/json" };
    return typeof XMLHttpRequest === "function" ? sendWithXHR(auth.url, headers, options) : sendWithFetch(auth.url, headers, options);
  };
  const used = auth.tokens?.accessToken ?? null;
  let response = await send();
  if ((response.status === 401 || isUnauthenticated(response.body)) && (await auth.recover(used))) response = await send();
  const payload = response.body.data?.uploadContent;
  if (!payload) throw new SwitchboardError(response.body.errors?.[0]?.message ?? `upload failed (${response.status})`, response.body.errors);
  return payload;
}

export interface ContentState {
  id: string;
  status: string;
  error: string | null;
  chunkCount: number | null;
  done: number;
  total: number | null;
  fraction: number | null;
}

const STATUS_QUERY = print(ContentStatusDocument);
const SETTLED = new Set(["READY", "FAILED", "CANCELLED"]);

/**
 * Follows `contentStatus(id)` until the content is READY (or FAILED/CANCELLED), calling `onChange` with each
 * step; resolves with the last state. A broken stream is re-subscribed: the subscription starts with the
 * content's current state, so nothing is missed.
 */
export function waitForContent(
  subscriber: Subscriber,
  id: string,
  onChange?: (state: ContentState) => void,
  { retryDelayMs = 250 }: { retryDelayMs?: number } = {},
): Promise<ContentState> {
  return new Promise((resolve, reject) => {
    let stop: () => void = () => {};
    const start = () => {
      stop = subscriber.subscribe(
        { query: STATUS_QUERY, variables: { id }, operationName: "ContentStatus" },
        {
          next: (result) => {
            if (result.errors?.length) return reject(new SwitchboardError(result.errors[0]!.message, [...result.errors]));
            const step = result.data?.contentStatus as
              | { done: number; total: number | null; fraction: number | null; content: { id: string; status: string; error: string | null; chunkCount: number | null } }
              | undefined;
            if (!step) return;
            const state: ContentState = { ...step.content, done: step.done, total: step.total, fraction: step.fraction };
            onChange?.(state);
            if (SETTLED.has(state.status)) {
              stop();
              resolve(state);
            }
          },
          error: () => setTimeout(start, retryDelayMs),
          complete: () => {},
        },
      );
    };
    start();
  });
}
