"use client";
// Chat: streaming tokens through followRun, Stop (cancelRun), regenerate, citations inline. The URL carries the
// conversation and the run being streamed, so a reload mid-reply follows the same run again from its first
// event: the reply is rebuilt and continues where it was.
import { documents, followRun, type RunState } from "@switchboard/client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Suspense, useCallback, useEffect, useRef, useState } from "react";
import { request } from "../../lib/request";
import { useSwitchboard } from "../providers";

interface Citation {
  rank: number;
  text: string;
  content: { id: string; title: string } | null;
}
interface Message {
  id: string;
  role: string;
  content: string;
  status: string;
  citations: Citation[];
}
interface Conversation {
  id: string;
  title: string;
  agent: { id: string; name: string } | null;
  messages: { nodes: Message[] };
}

const CONVERSATION = `query ChatConversation($id: ID!) {
  conversation(id: $id) {
    id title agent { id name }
    messages(last: 50) { nodes { id role content status citations { rank text content { id title } } } }
  }
}`;
const AGENT = `query ChatAgent($id: ID!) { agent(id: $id) { id name } }`;

function Citations({ citations }: { citations: Citation[] }) {
  return (
    <>
      {citations.map((c) => (
        <div className="citation" key={c.rank} data-testid="citation">
          [{c.rank}] {c.content?.title ?? "memory"}: {c.text.slice(0, 160)}
        </div>
      ))}
    </>
  );
}

function Chat() {
  const { auth, apollo, subscriber } = useSwitchboard();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const agentId = params.get("agent");
  const conversationId = params.get("conversation");
  const runId = params.get("run");
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [agentName, setAgentName] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [live, setLive] = useState<RunState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const follower = useRef<ReturnType<typeof followRun> | null>(null);

  const setUrl = useCallback(
    (next: Record<string, string | null>) => {
      const query = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(next)) {
        if (value) query.set(key, value);
        else query.delete(key);
      }
      router.replace(`${pathname}?${query}`);
    },
    [params, pathname, router],
  );

  const load = useCallback(async () => {
    if (conversationId) {
      const data = await request<{ conversation: Conversation | null }>(auth, CONVERSATION, { id: conversationId });
      setConversation(data.conversation);
      setAgentName(data.conversation?.agent?.name ?? null);
    } else if (agentId) {
      const data = await request<{ agent: { name: string } | null }>(auth, AGENT, { id: agentId });
      setAgentName(data.agent?.name ?? null);
    }
  }, [auth, agentId, conversationId]);

  useEffect(() => {
    load().catch((e: unknown) => setError(String(e)));
  }, [load]);

  // Follow the run named in the URL: after a send, or after a reload mid-reply (then from its first event).
  useEffect(() => {
    if (!runId) return;
    const following = followRun(subscriber, runId, { onChange: setLive });
    follower.current = following;
    void following.finished.then((state) => {
      if (follower.current !== following || !state.done) return;
      void load().then(() => {
        setLive(null);
        setUrl({ run: null });
      });
    });
    return () => following.stop();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId, subscriber]);

  async function send() {
    setError(null);
    const input = conversationId ? { conversationId, text } : { agentId, text };
    const { data } = await apollo.mutate({ mutation: documents.SendMessageDocument, variables: { input } });
    const turn = data?.sendMessage;
    if (turn?.__typename !== "ChatTurn") return setError(turn && "message" in turn ? turn.message : "not sent");
    setText("");
    setLive(null);
    setUrl({ conversation: turn.conversation.id, run: turn.run.id, agent: null });
    await load();
  }

  async function stop() {
    if (!runId) return;
    await apollo.mutate({ mutation: documents.CancelRunDocument, variables: { id: runId } });
  }

  async function regenerate(messageId: string) {
    const { data } = await apollo.mutate({ mutation: documents.RegenerateMessageDocument, variables: { id: messageId } });
    const turn = data?.regenerateMessage;
    if (turn?.__typename !== "ChatTurn") return setError(turn && "message" in turn ? turn.message : "not regenerated");
    setLive(null);
    setUrl({ run: turn.run.id });
  }

  if (!agentId && !conversationId) return <p className="muted">Pick an agent on the Agents page and press Chat.</p>;
  const messages = conversation?.messages.nodes ?? [];
  const streaming = runId !== null && !(live?.done ?? false);
  // While a run streams, its assistant message (the last one, still pending) shows the live text instead.
  const lastAssistant = [...messages].reverse().find((m) => m.role === "ASSISTANT");
  return (
    <>
      <h1>Chat{agentName ? ` with ${agentName}` : ""}</h1>
      {messages.map((m) => {
        const isLive = runId !== null && m === lastAssistant && m.status !== "COMPLETE";
        if (isLive) return null;
        return (
          <div key={m.id} className={`message ${m.role.toLowerCase()}`} data-testid={`message-${m.role.toLowerCase()}`}>
            {m.content || <span className="muted">({m.status.toLowerCase()})</span>}
            <Citations citations={m.citations} />
            {m.role === "ASSISTANT" && m === lastAssistant && !streaming && (
              <div>
                <span className="muted">{m.status.toLowerCase()}</span>{" "}
                <button onClick={() => void regenerate(m.id)}>Regenerate</button>
              </div>
            )}
          </div>
        );
      })}
      {runId && (
        <div className="message assistant">
          <span data-testid="reply">{live?.text ?? ""}</span>
          <Citations citations={live?.citations.map((c) => ({ rank: c.rank, text: c.text, content: c.content })) ?? []} />
          <div className="row muted">
            <span data-testid="run-status">{live?.status ?? "QUEUED"}</span>
            {live?.usage?.completionTokens != null && <span>{live.usage.completionTokens} tokens</span>}
            {streaming && <button onClick={() => void stop()}>Stop</button>}
          </div>
        </div>
      )}
      <div className="card">
        <textarea aria-label="Message" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        <div className="row">
          <button onClick={() => void send()} disabled={!text.trim() || streaming}>
            Send
          </button>
          {error && <span className="error">{error}</span>}
        </div>
      </div>
    </>
  );
}

export default function ChatPage() {
  return (
    <Suspense>
      <Chat />
    </Suspense>
  );
}
