// urql 6 on Switchboard: fetchExchange with the credential (one refresh and retry on UNAUTHENTICATED), and
// subscriptions through the Subscriber (graphql-ws, SSE fallback).
import { Client, cacheExchange, fetchExchange, subscriptionExchange, type Exchange } from "@urql/core";
import type { SwitchboardAuth } from "./auth.js";
import type { Subscriber } from "./transport.js";

export function urqlExchanges(subscriber: Subscriber): Exchange[] {
  return [
    cacheExchange,
    fetchExchange,
    subscriptionExchange({
      forwardSubscription: (request) => ({
        subscribe: (sink) => ({
          unsubscribe: subscriber.subscribe(
            { query: request.query ?? "", variables: request.variables as Record<string, unknown>, operationName: request.operationName },
            {
              next: (value) => sink.next(value as Parameters<typeof sink.next>[0]),
              error: (error) => sink.error(error),
              complete: () => sink.complete(),
            },
          ),
        }),
      }),
    }),
  ];
}

export function createUrqlClient({ auth, subscriber }: { auth: SwitchboardAuth; subscriber: Subscriber }): Client {
  return new Client({ url: auth.url, fetch: auth.fetch, exchanges: urqlExchanges(subscriber) });
}
