"use client";
// Knowledge: upload with a byte progress bar (GraphQL multipart, XMLHttpRequest upload events), then the
// processing status from contentStatus until READY; the contents; search with a mode switch.
import { documents, uploadContent, waitForContent, type ContentState, type UploadProgress } from "@switchboard/client";
import { useState } from "react";
import { useLoad, useSwitchboard } from "../providers";

interface Hit {
  score: number;
  text: string;
  content: { id: string; title: string };
}

export default function Knowledge() {
  const { auth, apollo, subscriber } = useSwitchboard();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [status, setStatus] = useState<ContentState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [mode, setMode] = useState<"HYBRID" | "DENSE" | "SPARSE">("HYBRID");
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [contents, , reload] = useLoad(
    async () => (await apollo.query({ query: documents.ContentsDocument, variables: { first: 20 }, fetchPolicy: "network-only" })).data?.contents,
    [],
  );

  async function upload() {
    if (!file) return;
    setError(null);
    setStatus(null);
    setProgress({ loaded: 0, total: file.size });
    try {
      const added = await uploadContent({ auth, file, filename: file.name, onProgress: setProgress });
      if (added.__typename !== "ContentAdded" || !added.content) return setError(added.message ?? "upload refused");
      setStatus({ id: added.content.id, status: added.content.status, error: null, chunkCount: null, done: 0, total: null, fraction: null });
      await waitForContent(subscriber, added.content.id, setStatus);
      reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function search() {
    const { data } = await apollo.query({
      query: documents.SearchDocument,
      variables: { input: { query, mode, limit: 5 } },
      fetchPolicy: "network-only",
    });
    setHits((data?.search ?? []) as Hit[]);
  }

  const percent = progress && progress.total ? Math.round((100 * progress.loaded) / progress.total) : 0;
  return (
    <>
      <h1>Knowledge</h1>
      <div className="card">
        <div className="row">
          <input aria-label="File" type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <button onClick={() => void upload()} disabled={!file}>
            Upload
          </button>
        </div>
        {progress && (
          <p className="row">
            <progress data-testid="upload-progress" value={progress.loaded} max={progress.total || 1} />
            <span data-testid="upload-percent">{percent}%</span>
            <span className="muted">
              {progress.loaded} / {progress.total} bytes
            </span>
          </p>
        )}
        {status && (
          <p>
            Processing: <strong data-testid="content-status">{status.status}</strong>
            {status.total ? ` (${status.done}/${status.total})` : ""}
            {status.chunkCount ? ` · ${status.chunkCount} chunks` : ""}
            {status.error && <span className="error"> {status.error}</span>}
          </p>
        )}
        {error && <p className="error">{error}</p>}
      </div>
      <div className="card">
        <div className="row">
          <input aria-label="Search" placeholder="Search your documents" value={query} onChange={(e) => setQuery(e.target.value)} />
          <select aria-label="Search mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
            <option value="HYBRID">Hybrid</option>
            <option value="DENSE">Dense (vectors)</option>
            <option value="SPARSE">Sparse (keywords)</option>
          </select>
          <button onClick={() => void search()} disabled={!query.trim()}>
            Search
          </button>
        </div>
        {hits && hits.length === 0 && <p className="muted">No results.</p>}
        {hits?.map((hit, i) => (
          <div className="citation" key={i} data-testid="search-hit">
            <strong>{hit.content.title}</strong> ({hit.score.toFixed(3)}): {hit.text.slice(0, 200)}
          </div>
        ))}
      </div>
      <div className="card">
        <h2>Contents</h2>
        <table>
          <thead>
            <tr>
              <th>Title</th>
              <th>Type</th>
              <th>Status</th>
              <th>Chunks</th>
            </tr>
          </thead>
          <tbody>
            {contents?.nodes.map((c) => (
              <tr key={c.id}>
                <td>{c.title}</td>
                <td>{c.mime ?? c.mediaType}</td>
                <td>{c.status}</td>
                <td>{c.chunkCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
