// Switchboard's GraphiQL: every script, style, font and worker comes from the package itself, and the
// page talks only to the server that served it (HTTP for queries and mutations, graphql-transport-ws
// for subscriptions), so it works with no network at all.
import "./workers.js";
import "graphiql/style.css";

import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

const MULTI_MODE_HEADERS = `{
  // This server runs in multi-user mode: paste an access token or an API key,
  // then re-fetch the schema (Shift-Ctrl-R, or the circular arrow) for the Docs.
  // Subscriptions send the same header in the WebSocket's connection_init.
  // "Authorization": "Bearer <token>"
}`;

const DEFAULT_QUERY = `# Switchboard's GraphiQL: it works with no network.
# Ctrl-Enter runs an operation; Docs (top left)
# describes every type and field. Subscriptions
# (runEvents, ...) stream over WebSocket here too.

{
  agentTemplates {
    kind
    model
  }
}
`;

const container = document.getElementById("graphiql");
const endpoint = new URL(container.dataset.endpoint || "/graphql", location.href);
const socket = new URL(endpoint);
socket.protocol = endpoint.protocol === "https:" ? "wss:" : "ws:";
const multi = container.dataset.authMode === "multi";

// createGraphiQLFetcher sends the headers editor's content with every HTTP request and, for a
// subscription, opens a graphql-ws client whose connection_init payload is those same headers.
const fetcher = createGraphiQLFetcher({ url: endpoint.href, subscriptionUrl: socket.href });

createRoot(container).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={DEFAULT_QUERY}
      defaultHeaders={multi ? MULTI_MODE_HEADERS : undefined}
      defaultEditorToolsVisibility={multi ? "headers" : undefined}
      shouldPersistHeaders={false}
    />
  </StrictMode>,
);
