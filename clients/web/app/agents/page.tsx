// Server-rendered: the agents are fetched here, on the Next.js server, with the user's access token from the
// app's httpOnly cookie sent as a bearer token. Creating one happens in the browser (NewAgent).
import Link from "next/link";
import { redirect } from "next/navigation";
import { authMode, serverGraphQL, sessionToken } from "../../lib/server";
import { NewAgent } from "./new-agent";

export const dynamic = "force-dynamic";

const AGENTS = `query AgentsPage { agents(first: 50) { totalCount nodes { id name template model description } } agentTemplates { kind title } }`;

interface AgentsPage {
  agents: { totalCount: number; nodes: { id: string; name: string; template: string | null; model: string; description: string | null }[] };
  agentTemplates: { kind: string; title: string }[];
}

export default async function AgentsPage() {
  const mode = await authMode();
  const token = await sessionToken();
  if (mode === "multi" && !token) redirect("/signin");
  const result = await serverGraphQL<AgentsPage>(AGENTS, {}, mode === "multi" ? token : null);
  if (result.errors?.some((e) => e.extensions?.code === "UNAUTHENTICATED")) redirect("/signin"); // refreshed there
  if (!result.data) return <p className="error">{result.errors?.[0]?.message ?? "Switchboard did not answer"}</p>;
  const { agents, agentTemplates } = result.data;
  return (
    <>
      <h1>Agents</h1>
      <p className="muted" data-testid="rendered-on-server">
        {`${agents.totalCount} agent${agents.totalCount === 1 ? "" : "s"}, rendered on the server`}
      </p>
      <NewAgent templates={agentTemplates} />
      {agents.nodes.length === 0 && <p className="muted">No agents yet.</p>}
      {agents.nodes.map((agent) => (
        <div className="card" key={agent.id} data-testid="agent">
          <div className="row">
            <strong>{agent.name}</strong>
            <span className="muted">
              {agent.template ?? "custom"} · {agent.model}
            </span>
            <span style={{ flex: 1 }} />
            <Link href={`/chat?agent=${encodeURIComponent(agent.id)}`}>Chat</Link>
            <Link href={`/agents/${encodeURIComponent(agent.id)}`}>Edit</Link>
          </div>
          {agent.description && <p className="muted">{agent.description}</p>}
        </div>
      ))}
    </>
  );
}
