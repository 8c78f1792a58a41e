"use client";
import { documents } from "@switchboard/client";
import { useParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useLoad, useSwitchboard } from "../../providers";

export default function EditAgent() {
  const { id } = useParams<{ id: string }>();
  const { apollo } = useSwitchboard();
  const [agent, error] = useLoad(
    async () => {
      const { data } = await apollo.query({ query: documents.AgentDocument, variables: { id }, fetchPolicy: "network-only" });
      return (data?.agent ?? null) as documents.AgentFieldsFragment | null; // the fragment's fields, unmasked
    },
    [id],
  );
  const [form, setForm] = useState({ name: "", systemPrompt: "", model: "", temperature: "", maxTokens: "" });
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (agent)
      setForm({
        name: agent.name,
        systemPrompt: agent.systemPrompt ?? "",
        model: agent.model,
        temperature: String(agent.parameters.temperature ?? ""),
        maxTokens: String(agent.parameters.maxTokens ?? ""),
      });
  }, [agent]);

  async function save() {
    const { temperature, maxTokens, ...rest } = form;
    const parameters = {
      ...(temperature.trim() ? { temperature: Number(temperature) } : {}),
      ...(maxTokens.trim() ? { maxTokens: Number(maxTokens) } : {}),
    };
    const { data } = await apollo.mutate({ mutation: documents.UpdateAgentDocument, variables: { id, input: { ...rest, parameters } } });
    const result = data?.updateAgent;
    setSaved(result?.__typename === "Agent" ? "Saved" : result && "message" in result ? result.message : "not saved");
  }

  if (error) return <p className="error">{error}</p>;
  if (!agent) return <p className="muted">Loading…</p>;
  return (
    <div className="card">
      <h1>Edit {agent.name}</h1>
      <p>
        <input aria-label="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />{" "}
        <input aria-label="Model" value={form.model} onChange={(e) => setForm({ ...form, model: e.target.value })} />
      </p>
      <p className="row">
        <label>
          temperature <input aria-label="Temperature" value={form.temperature} onChange={(e) => setForm({ ...form, temperature: e.target.value })} />
        </label>
        <label>
          max tokens <input aria-label="Max tokens" value={form.maxTokens} onChange={(e) => setForm({ ...form, maxTokens: e.target.value })} />
        </label>
      </p>
      <textarea aria-label="System prompt" rows={5} value={form.systemPrompt} onChange={(e) => setForm({ ...form, systemPrompt: e.target.value })} />
      <p className="row">
        <button onClick={() => void save()}>Save</button>
        {saved && <span>{saved}</span>}
      </p>
    </div>
  );
}
