"""Extraction bench: the server's peak RSS and time while it ingests a large legitimate PDF and refuses a docx
holding 100 MB of text (issue 9, item 7).

    .venv/bin/python bench/extract_bench.py [--pdf-pages 250] [--pdf-image-kb 160] [--docx-text-mb 100]
        [--timeout 300] [--rss-cap-mb 5000] [--server-root DIR]

Starts the real server (uvicorn, one worker, embedded defaults: SQLite, Qdrant Edge, the local MiniLM embedder)
on a free loopback port with a fresh data directory, warms the embedder with one small text, then:

1. uploads a generated PDF of --pdf-pages pages of prose, each with a distinct incompressible picture
   (about 50 MB by default), and waits for READY;
2. uploads a generated docx of about 400 kB whose body holds --docx-text-mb MB of text, and waits for the
   refusal (a CONTENT_TOO_LARGE ValidationError at upload, or the content FAILED) or, where nothing bounds
   it, for READY, --timeout seconds, or the server passing --rss-cap-mb (then it is stopped, to spare the machine).

For each it prints the file size, the outcome, the time from the upload to it, and the server's peak RSS
(sampled every 20 ms from /proc/<pid>/status, over the baseline after warm-up). --server-root runs another
checkout's server with this interpreter (e.g. `git archive main | tar -x -C /tmp/before` for the figures
before a change).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stream_bench import free_port, start  # noqa: E402
from tests.bombs import multi_page_pdf, text_bomb_docx  # noqa: E402

UPLOAD = """mutation($file: Upload!) { uploadContent(file: $file) { __typename
  ... on ContentAdded { content { id status } } ... on ValidationError { message code } } }"""
ADD_TEXT = """mutation($input: AddTextInput!) { addText(input: $input) {
  __typename ... on ContentAdded { content { id } } } }"""
STATUS = "query($id: ID!) { content(id: $id) { status error chunkCount } }"


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class PeakRss:
    """Samples a process's resident set every 20 ms in a thread; `peak` since the last `reset`. Kills the process
    (our own child) once it passes `cap_mb`, to spare the machine."""

    def __init__(self, proc: subprocess.Popen[bytes], cap_mb: float) -> None:
        self.proc, self.pid, self.cap_mb = proc, proc.pid, cap_mb
        self.peak, self.capped, self.stopped = 0.0, False, threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self.stopped.wait(0.02):
            self.peak = max(self.peak, rss_mb(self.pid))
            if self.peak > self.cap_mb and not self.capped:
                self.capped = True
                self.proc.kill()

    def reset(self) -> None:
        self.peak = rss_mb(self.pid)

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()


def gql(http: httpx.Client, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    body = http.post("/graphql", json={"query": query, "variables": variables}).json()
    if body.get("errors"):
        raise RuntimeError(body["errors"])
    return dict(body["data"])


def upload(http: httpx.Client, name: str, data: bytes) -> dict[str, Any]:
    response = http.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": UPLOAD, "variables": {"file": None}}),
            "map": '{"0": ["variables.file"]}',
        },
        files={"0": (name, data, "application/octet-stream")},
        headers={"apollo-require-preflight": "true"},
    )
    body = response.json()
    if body.get("errors") or response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {body}")
    return dict(body["data"]["uploadContent"])


def wait(http: httpx.Client, content_id: str, deadline: float) -> str:
    while time.monotonic() < deadline:
        status = gql(http, STATUS, {"id": content_id})["content"]
        if status["status"] in ("READY", "FAILED", "CANCELLED"):
            error = f": {status['error'][:150]}" if status["error"] else ""
            return f"{status['status']} ({status['chunkCount'] or 0} chunks){error}"
        time.sleep(0.2)
    return f"STOPPED: not finished after the timeout ({gql(http, STATUS, {'id': content_id})['content']['status']})"


def case(http: httpx.Client, rss: PeakRss, name: str, data: bytes, args: argparse.Namespace) -> bool:
    """Upload, wait for the outcome, print the figures; False when the server had to be stopped."""
    baseline = rss_mb(rss.pid)
    rss.reset()
    started = time.monotonic()
    try:
        result = upload(http, name, data)
        if result["__typename"] == "ContentAdded":
            outcome = wait(http, result["content"]["id"], started + args.timeout)
        else:
            outcome = f"refused at upload, {result.get('code')}: {result['message'][:150]}"
    except httpx.HTTPError as exc:
        outcome = f"STOPPED: {type(exc).__name__} after the server was stopped" if rss.capped else f"STOPPED: {exc!r}"
    if rss.capped:
        outcome = f"STOPPED: the server passed {args.rss_cap_mb:.0f} MB RSS and was killed ({outcome})"
    elapsed = time.monotonic() - started
    print(f"{name}: {len(data) / 1e6:.1f} MB file")
    print(f"  outcome: {outcome}")
    print(f"  time to outcome: {elapsed:.1f} s")
    print(f"  server RSS: baseline {baseline:.0f} MB, peak {rss.peak:.0f} MB (+{rss.peak - baseline:.0f} MB)")
    return not outcome.startswith("STOPPED")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf-pages", type=int, default=250)
    parser.add_argument("--pdf-image-kb", type=int, default=160)
    parser.add_argument("--docx-text-mb", type=float, default=100)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--rss-cap-mb", type=float, default=5000)
    parser.add_argument("--server-root", type=Path, default=ROOT)
    args = parser.parse_args()

    made = time.monotonic()
    pdf = multi_page_pdf(args.pdf_pages, 1200, image_bytes=args.pdf_image_kb * 1000)
    docx = text_bomb_docx(int(args.docx_text_mb * 1_000_000))
    print(f"generated the files in {time.monotonic() - made:.1f} s; server from {args.server_root}")
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
        port = free_port()
        env |= {"SWITCHBOARD_DATA_DIR": str(Path(tmp) / "data"), "SWITCHBOARD_LOG_LEVEL": "warning"}
        cmd = [sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
               "--no-access-log", "--factory", "app:create_app"]  # fmt: skip
        log = Path(tmp) / "server.log"
        server = _start(cmd, env, port, log, args.server_root)
        rss = PeakRss(server, args.rss_cap_mb)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=args.timeout) as http:
                warm = gql(http, ADD_TEXT, {"input": {"title": "warm", "text": "Warming the embedder up."}})
                wait(http, warm["addText"]["content"]["id"], time.monotonic() + 300)
                if case(http, rss, "big.pdf", pdf, args):
                    case(http, rss, "bomb.docx", docx, args)
        finally:
            rss.stop()
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


def _start(cmd: list[str], env: dict[str, str], port: int, log: Path, root: Path) -> subprocess.Popen[bytes]:
    if root == ROOT:
        return start(cmd, env, f"http://127.0.0.1:{port}/health", log)
    env = env | {"PYTHONPATH": str(root)}
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(log.read_text()[-3000:])


if __name__ == "__main__":
    main()
