"use client";
// Runs: start a benchmark (or a test suite), watch its progress live through followRun, then its report as a
// table and a small bar chart.
import { documents, followRun, type RunState } from "@switchboard/client";
import { useEffect, useState } from "react";
import { useLoad, useSwitchboard } from "../providers";

type Report = NonNullable<documents.RunReportQuery["run"]>;

export default function Runs() {
  const { apollo, subscriber } = useSwitchboard();
  const [model, setModel] = useState("local:gemma-3-270m");
  const [iterations, setIterations] = useState(1);
  const [runId, setRunId] = useState<string | null>(null);
  const [live, setLive] = useState<RunState | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [suites] = useLoad(
    async () => (await apollo.query({ query: documents.TestSuitesDocument, variables: { first: 20 }, fetchPolicy: "network-only" })).data?.testSuites.nodes ?? [],
    [],
  );
  const [runs, , reloadRuns] = useLoad(
    async () => (await apollo.query({ query: documents.RunsDocument, variables: { first: 10 }, fetchPolicy: "network-only" })).data?.runs.nodes ?? [],
    [],
  );

  useEffect(() => {
    if (!runId) return;
    const following = followRun(subscriber, runId, { onChange: setLive });
    void following.finished.then(async () => {
      const { data } = await apollo.query({ query: documents.RunReportDocument, variables: { id: runId }, fetchPolicy: "network-only" });
      setReport(data?.run ?? null);
      reloadRuns();
    });
    return () => following.stop();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId]);

  async function startBenchmark() {
    setError(null);
    setReport(null);
    setLive(null);
    const { data } = await apollo.mutate({
      mutation: documents.StartBenchmarkDocument,
      variables: { input: { models: [model], iterations, warmup: 0, maxTokens: 8, prompts: ["Say hello."] } },
    });
    const run = data?.startBenchmark;
    if (run?.__typename !== "Run") return setError(run && "message" in run ? run.message : "not started");
    setRunId(run.id);
  }

  async function startSuite(suiteId: string) {
    setReport(null);
    setLive(null);
    const { data } = await apollo.mutate({
      mutation: documents.StartTestRunDocument,
      variables: { input: { suiteId, targets: [{ model }] } },
    });
    const run = data?.startTestRun;
    if (run?.__typename !== "Run") return setError(run && "message" in run ? run.message : "not started");
    setRunId(run.id);
  }

  const progress = live?.progress;
  const models = report?.report?.__typename === "BenchmarkResult" ? report.report.models : [];
  const fastest = Math.max(1, ...models.map((m) => m.tokensPerSecond?.p50 ?? 0));
  return (
    <>
      <h1>Runs</h1>
      <div className="card row">
        <input aria-label="Model" value={model} onChange={(e) => setModel(e.target.value)} />
        <label>
          iterations <input aria-label="Iterations" type="number" min={1} max={20} value={iterations} onChange={(e) => setIterations(Number(e.target.value))} />
        </label>
        <button onClick={() => void startBenchmark()}>Start benchmark</button>
        {error && <span className="error">{error}</span>}
      </div>
      {suites && suites.length > 0 && (
        <div className="card">
          <h2>Test suites</h2>
          {suites.map((s) => (
            <div className="row" key={s.id}>
              <span>
                {s.name} ({s.caseCount} cases)
              </span>
              <button onClick={() => void startSuite(s.id)}>Run against {model}</button>
            </div>
          ))}
        </div>
      )}
      {runId && (
        <div className="card">
          <p className="row">
            Run <code>{runId}</code>: <strong data-testid="run-status">{live?.status ?? "QUEUED"}</strong>
            {progress && (
              <>
                <progress value={progress.done} max={progress.total ?? 1} />
                <span data-testid="run-progress">
                  {progress.done}/{progress.total ?? "?"}
                </span>
                {progress.message && <span className="muted">{progress.message}</span>}
              </>
            )}
          </p>
          {models.length > 0 && (
            <table data-testid="report">
              <thead>
                <tr>
                  <th>Model</th>
                  <th>Iterations</th>
                  <th>Errors</th>
                  <th>TTFT p50 (ms)</th>
                  <th>Tokens/s p50</th>
                  <th>Latency p95 (ms)</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {models.map((m) => (
                  <tr key={m.model}>
                    <td>{m.model}</td>
                    <td>{m.iterations}</td>
                    <td>{m.errors}</td>
                    <td>{m.timeToFirstTokenMs?.p50?.toFixed(0) ?? "–"}</td>
                    <td>{m.tokensPerSecond?.p50?.toFixed(1) ?? "–"}</td>
                    <td>{m.latencyMs?.p95?.toFixed(0) ?? "–"}</td>
                    <td>
                      <span className="bar" style={{ width: `${(120 * (m.tokensPerSecond?.p50 ?? 0)) / fastest}px` }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <div className="card">
        <h2>Recent runs</h2>
        <table>
          <tbody>
            {runs?.map((r) => (
              <tr key={r.id}>
                <td>{r.kind}</td>
                <td>{r.status}</td>
                <td>{r.model}</td>
                <td className="muted">{r.createdAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
