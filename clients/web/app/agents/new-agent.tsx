"use client";
import { documents } from "@switchboard/client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useSwitchboard } from "../providers";

export function NewAgent({ templates }: { templates: { kind: string; title: string }[] }) {
  const { apollo } = useSwitchboard();
  const router = useRouter();
  const [name, setName] = useState("");
  const [template, setTemplate] = useState(templates[0]?.kind ?? "GENERAL");
  const [error, setError] = useState<string | null>(null);

  async function create() {
    setError(null);
    const { data } = await apollo.mutate({
      mutation: documents.CreateAgentDocument,
      variables: { input: { name, template: template as documents.AgentTemplateKind } },
    });
    const result = data?.createAgent;
    if (result?.__typename !== "Agent") return setError(result && "message" in result ? result.message : "could not create the agent");
    setName("");
    router.refresh(); // re-render the server page with the new agent
  }

  return (
    <div className="card row">
      <input aria-label="Agent name" placeholder="New agent name" value={name} onChange={(e) => setName(e.target.value)} />
      <select aria-label="Template" value={template} onChange={(e) => setTemplate(e.target.value)}>
        {templates.map((t) => (
          <option key={t.kind} value={t.kind}>
            {t.title}
          </option>
        ))}
      </select>
      <button onClick={() => void create()}>Create agent</button>
      {error && <span className="error">{error}</span>}
    </div>
  );
}
