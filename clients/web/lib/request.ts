// A plain GraphQL request through the client package's authenticated fetch (one refresh and retry on
// UNAUTHENTICATED), for the app's own operations that are not among the generated documents.
import { SwitchboardError, type SwitchboardAuth } from "@switchboard/client";

export async function request<T>(auth: SwitchboardAuth, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await auth.fetch(auth.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length || !body.data) throw new SwitchboardError(body.errors?.[0]?.message ?? "no data", body.errors ?? []);
  return body.data;
}
