"use client";
// One Switchboard client per browser tab: auth (tokens in localStorage, the access token mirrored into the
// app's httpOnly cookie for server rendering), a Subscriber (graphql-ws, SSE fallback) and an Apollo client.
import {
  SwitchboardAuth,
  createApolloClient,
  createSubscriber,
  memoryTokenStore,
  type ApolloOptions,
  type Subscriber,
  type TokenStore,
  type Tokens,
} from "@switchboard/client";
import { usePathname, useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import possibleTypes from "../../generated/possible-types.json";

type Apollo = ReturnType<typeof createApolloClient>;

export interface Switchboard {
  url: string;
  mode: "local" | "multi";
  auth: SwitchboardAuth;
  subscriber: Subscriber;
  apollo: Apollo;
}

const Context = createContext<Switchboard | null>(null);
const STORAGE_KEY = "switchboard.tokens";
let cookieSync: Promise<unknown> = Promise.resolve();

/** Resolves once the server cookie holds the current access token (await it before a server-rendered page). */
export function sessionCookieSynced(): Promise<unknown> {
  return cookieSync;
}

function browserTokenStore(): TokenStore {
  let tokens: Tokens | null = null;
  try {
    tokens = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
  } catch {
    tokens = null;
  }
  return {
    get: () => tokens,
    set(next) {
      tokens = next;
      if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      else localStorage.removeItem(STORAGE_KEY);
      // Mirror the access token into the httpOnly cookie that server-rendered pages send as a bearer token.
      cookieSync = fetch("/api/session", {
        method: next ? "POST" : "DELETE",
        headers: { "content-type": "application/json" },
        body: next ? JSON.stringify({ accessToken: next.accessToken }) : undefined,
      });
    },
  };
}

function create(url: string, mode: "local" | "multi"): Switchboard {
  // On the server (rendering a client page's first HTML) there is no storage and nothing connects: the
  // subscriber opens its socket lazily, on the first subscription, which only effects in the browser start.
  const store = typeof window === "undefined" ? memoryTokenStore() : browserTokenStore();
  const auth = new SwitchboardAuth({
    url,
    mode: mode === "local" ? { kind: "local" } : { kind: "tokens", store },
    onSignedOut: () => window.location.assign("/signin"),
  });
  const subscriber = createSubscriber({ url, auth });
  const apollo = createApolloClient({ auth, subscriber, possibleTypes: possibleTypes.possibleTypes as ApolloOptions["possibleTypes"] });
  return { url, mode, auth, subscriber, apollo };
}

export function Providers({ url, mode, children }: { url: string; mode: "local" | "multi"; children: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const [client] = useState(() => create(url, mode));
  useEffect(() => {
    if (!client.auth.signedIn && pathname !== "/signin") router.replace("/signin");
  }, [client, pathname, router]);
  return <Context.Provider value={client}>{children}</Context.Provider>;
}

export function useSwitchboard(): Switchboard {
  const client = useContext(Context);
  if (!client) throw new Error("useSwitchboard outside <Providers>");
  return client;
}

/** Runs an async loader when its inputs change; returns [value, error, reload]. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [T | null, string | null, () => void] {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (v) => live && setValue(v),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return useMemo(() => [value, error, () => setTick((t) => t + 1)], [value, error]);
}
