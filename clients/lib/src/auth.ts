// Credentials for every request and socket: local mode (none), an API key, or user tokens with rotation.
//
// Token rotation, the part that is easy to get wrong:
// - an UNAUTHENTICATED answer triggers one refresh and one retry of that request, never more;
// - concurrent failures share one in-flight refresh (a refresh token works once: two refreshes with the same
//   token would look like theft to the server, which revokes the whole session);
// - when the refresh itself is refused (expired, signed out, or reuse detected) the tokens are dropped and
//   `onSignedOut` is called once; requests then fail with UNAUTHENTICATED instead of looping.
import { isUnauthenticated, SwitchboardError, type GraphQLErrorLike } from "./errors.js";

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export interface User {
  id: string;
  username: string;
  role: string;
}

/** Where the tokens live between page loads (memory by default; a browser app may add storage or a cookie). */
export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens | null): void;
}

export function memoryTokenStore(initial: Tokens | null = null): TokenStore {
  let tokens = initial;
  return { get: () => tokens, set: (next) => void (tokens = next) };
}

export type AuthMode = { kind: "local" } | { kind: "apiKey"; key: string } | { kind: "tokens"; store?: TokenStore };

export interface AuthOptions {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:8000/graphql. */
  url: string;
  mode?: AuthMode;
  /** The fetch to send with (default: the global one). */
  fetch?: typeof fetch;
  /** Called once when a refresh is refused: the user must sign in again. */
  onSignedOut?: (reason: string) => void;
}

const AUTH_FIELDS = "__typename ... on AuthPayload { accessToken refreshToken user { id username role } } ... on Error { message code }";
const LOGIN = `mutation Login($username: String!, $password: String!) { login(username: $username, password: $password) { ${AUTH_FIELDS} } }`;
const REGISTER = `mutation Register($username: String!, $password: String!) { register(username: $username, password: $password) { ${AUTH_FIELDS} } }`;
const REFRESH = `mutation RefreshToken($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { ${AUTH_FIELDS} } }`;

interface AuthPayload {
  __typename: string;
  accessToken?: string;
  refreshToken?: string;
  user?: User;
  message?: string;
  code?: string;
}

const JSON_TYPES = /^application\/(graphql-response\+)?json/;

export class SwitchboardAuth {
  readonly url: string;
  readonly mode: AuthMode;
  private readonly store: TokenStore;
  private readonly baseFetch: typeof fetch;
  private readonly onSignedOut?: (reason: string) => void;
  private inflight: Promise<string | null> | null = null;
  /** How many refreshes were sent to the server (for tests and diagnostics). */
  refreshes = 0;

  constructor(options: AuthOptions) {
    this.url = options.url;
    this.mode = options.mode ?? { kind: "tokens" };
    this.store = (this.mode.kind === "tokens" && this.mode.store) || memoryTokenStore();
    this.baseFetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.onSignedOut = options.onSignedOut;
    this.fetch = this.fetch.bind(this);
  }

  get tokens(): Tokens | null {
    return this.store.get();
  }

  /** True when requests carry a credential (always in local mode, which needs none). */
  get signedIn(): boolean {
    return this.mode.kind !== "tokens" || this.tokens !== null;
  }

  /** The Authorization header value, or null (local mode, or signed out). */
  authorization(): string | null {
    if (this.mode.kind === "apiKey") return `Bearer ${this.mode.key}`;
    const token = this.mode.kind === "tokens" ? this.tokens?.accessToken : null;
    return token ? `Bearer ${token}` : null;
  }

  /** Headers for an HTTP request. */
  headers(): Record<string, string> {
    const value = this.authorization();
    return value ? { authorization: value } : {};
  }

  /** The graphql-ws `connection_init` payload (read at every (re)connect, so a refreshed token is used). */
  connectionParams(): Record<string, string> {
    return this.headers();
  }

  async login(username: string, password: string): Promise<User> {
    return this.signIn(LOGIN, "login", { username, password });
  }

  async register(username: string, password: string): Promise<User> {
    return this.signIn(REGISTER, "register", { username, password });
  }

  signOut(): void {
    this.store.set(null);
  }

  /**
   * Trades the refresh token for new tokens; concurrent callers share one request. Resolves with the new access
   * token, or null when there is nothing to refresh or the server refused (the tokens are then dropped).
   */
  refresh(): Promise<string | null> {
    this.inflight ??= this.rotate().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /**
   * After an UNAUTHENTICATED answer to a request sent with `usedToken`: a fresh access token to retry with, or
   * null to give up. Another request may have refreshed meanwhile; then its token is used without a new refresh.
   */
  async recover(usedToken: string | null): Promise<string | null> {
    if (this.mode.kind !== "tokens") return null;
    if (this.inflight) return this.inflight;
    const current = this.tokens?.accessToken ?? null;
    if (current && current !== usedToken) return current;
    return this.refresh();
  }

  /**
   * `fetch` with the credential added; a JSON answer with UNAUTHENTICATED (or a 401) gets one refresh and one
   * retry. Streaming answers (SSE, multipart) are passed through: their status tells.
   */
  async fetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const send = () => {
      const headers = new Headers(init.headers);
      const value = this.authorization();
      if (value) headers.set("authorization", value);
      else headers.delete("authorization");
      return this.baseFetch(input, { ...init, headers });
    };
    const used = this.tokens?.accessToken ?? null;
    const response = await send();
    if (this.mode.kind !== "tokens" || !(await answeredUnauthenticated(response))) return response;
    return (await this.recover(used)) ? send() : response;
  }

  private async signIn(query: string, field: string, variables: Record<string, string>): Promise<User> {
    const payload = await this.mutate(query, field, variables);
    if (payload.__typename !== "AuthPayload") throw new SwitchboardError(payload.message ?? `${field} failed`, [
      { message: payload.message ?? "", extensions: { code: payload.code } },
    ]);
    this.store.set({ accessToken: payload.accessToken!, refreshToken: payload.refreshToken! });
    return payload.user!;
  }

  private async rotate(): Promise<string | null> {
    const refreshToken = this.tokens?.refreshToken;
    if (!refreshToken) return null;
    this.refreshes += 1;
    let payload: AuthPayload;
    try {
      payload = await this.mutate(REFRESH, "refreshToken", { refreshToken });
    } catch (error) {
      if (!(error instanceof SwitchboardError)) throw error; // a network error: keep the tokens, try again later
      payload = { __typename: "Refused", message: error.message, code: error.codes[0] };
    }
    if (payload.__typename === "AuthPayload") {
      this.store.set({ accessToken: payload.accessToken!, refreshToken: payload.refreshToken! });
      return payload.accessToken!;
    }
    this.store.set(null); // refused: expired, signed out, or a reused token (the server revoked the session)
    this.onSignedOut?.(payload.message ?? "signed out");
    return null;
  }

  private async mutate(query: string, field: string, variables: Record<string, string>): Promise<AuthPayload> {
    const response = await this.baseFetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, AuthPayload>; errors?: GraphQLErrorLike[] };
    const payload = body.data?.[field];
    if (!payload) throw new SwitchboardError(body.errors?.[0]?.message ?? `${field}: no data`, body.errors ?? []);
    return payload;
  }
}

/** A 401, or a JSON GraphQL answer whose errors carry UNAUTHENTICATED. */
async function answeredUnauthenticated(response: Response): Promise<boolean> {
  if (response.status === 401) return true;
  if (!JSON_TYPES.test(response.headers.get("content-type") ?? "")) return false;
  try {
    return isUnauthenticated(await response.clone().json());
  } catch {
    return false;
  }
}
