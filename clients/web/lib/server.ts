// Server-side helpers: where Switchboard is, which auth mode it runs in, and GraphQL with the user's token.
// Switchboard stays bearer-only: this app keeps the access token in its own httpOnly cookie (set by
// /api/session) and sends it as `Authorization: Bearer` from the server. The refresh token never leaves the
// browser's storage, so a server render can never race the browser's token rotation.
import { cookies } from "next/headers";

export const SESSION_COOKIE = "sb_access";

/** SWITCHBOARD_URL, read at run time (not baked into the build): the GraphQL endpoint. */
export function switchboardUrl(): string {
  return process.env.SWITCHBOARD_URL ?? "http://127.0.0.1:8000/graphql";
}

let detected: Promise<"local" | "multi"> | null = null;

/** SWITCHBOARD_AUTH_MODE, or found out once: in local mode a request without credentials is the local admin. */
export function authMode(): Promise<"local" | "multi"> {
  const configured = process.env.SWITCHBOARD_AUTH_MODE;
  if (configured === "local" || configured === "multi") return Promise.resolve(configured);
  detected ??= serverGraphQL<{ me: unknown }>("query { me { id } }", {}, null)
    .then((result) => (result.data?.me ? "local" : "multi") as "local" | "multi")
    .catch((error) => {
      detected = null;
      throw error;
    });
  return detected;
}

export interface ServerResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function serverGraphQL<T>(query: string, variables: Record<string, unknown>, token: string | null): Promise<ServerResult<T>> {
  const response = await fetch(switchboardUrl(), {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    cache: "no-store",
  });
  return response.json();
}

/** The signed-in user's access token from the app's cookie. */
export async function sessionToken(): Promise<string | null> {
  return (await cookies()).get(SESSION_COOKIE)?.value ?? null;
}
