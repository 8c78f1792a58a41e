// Apollo Client 4 on Switchboard: queries and mutations over HTTP with the credential (one refresh and retry on
// UNAUTHENTICATED), subscriptions through the Subscriber (graphql-ws, SSE fallback), and an InMemoryCache with
// the generated possibleTypes (without them Apollo drops fields selected through `... on Error` and fragments
// on interfaces).
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { getMainDefinition } from "@apollo/client/utilities";
import { print } from "graphql";
import { Observable } from "rxjs";
import type { SwitchboardAuth } from "./auth.js";
import type { Subscriber } from "./transport.js";

/** A link that runs operations through the Subscriber (what GraphQLWsLink does, for either transport). */
export function subscriberLink(subscriber: Subscriber): ApolloLink {
  return new ApolloLink(
    (operation) =>
      new Observable((observer) =>
        subscriber.subscribe(
          { query: print(operation.query), variables: operation.variables, operationName: operation.operationName },
          {
            next: (value) => observer.next(value as ApolloLink.Result),
            error: (error) => observer.error(error instanceof Error ? error : new Error(describe(error))),
            complete: () => observer.complete(),
          },
        ),
      ),
  );
}

function describe(error: unknown): string {
  if (Array.isArray(error)) return error.map((e) => e?.message).join("; ");
  if (error && typeof error === "object" && "reason" in error) return `socket closed: ${(error as { reason: string }).reason}`;
  return String(error);
}

export interface ApolloOptions {
  auth: SwitchboardAuth;
  subscriber: Subscriber;
  possibleTypes: Record<string, string[]>;
}

/** HTTP for queries and mutations, the Subscriber for subscriptions. */
export function switchboardLink({ auth, subscriber }: Omit<ApolloOptions, "possibleTypes">): ApolloLink {
  const http = new HttpLink({ uri: auth.url, fetch: auth.fetch });
  return ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === "OperationDefinition" && definition.operation === "subscription";
    },
    subscriberLink(subscriber),
    http,
  );
}

export function createApolloClient(options: ApolloOptions): ApolloClient {
  return new ApolloClient({
    link: switchboardLink(options),
    cache: new InMemoryCache({ possibleTypes: options.possibleTypes }),
  });
}
