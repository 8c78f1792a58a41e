"""Qdrant Edge as the embedded store: one process owns it, acknowledged writes survive a kill, payload
indexes and HNSW are built. Vectors here are small made-up ones: the engine, not an embedder, is under test
(tests/services/knowledge/vectors/test_vectors.py runs the app's searches on real embeddings, on both backends)."""

from __future__ import annotations

import asyncio
import math
import os
import signal
import subprocess
import sys
import textwrap
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
import qdrant_edge as qe
from structlog.testing import capture_logs

from app.network import check_vector_store
from services.knowledge.vectors import (
    KEYWORD_FIELDS,
    EdgeVectorStore,
    ServerVectorStore,
    SparseVector,
    VectorPoint,
    VectorStoreError,
)
from services.knowledge.vectors import edge as edge_module
from services.knowledge.vectors.copy import move_embedded
from tests.app.test_server import SWITCHBOARD, _env
from tests.conftest import running
from tests.fakes import unused_port
from tests.paths import ROOT

NAME = "chunks__test__4"


def point(n: int, owner: str = "alice", content: str = "c1", dim: int = 4) -> VectorPoint:
    """A point whose dense vector points its own way (n selects the direction), with term n in its sparse one."""
    angle = n * 0.7
    dense = [math.cos(angle), math.sin(angle), math.cos(angle * 0.3), math.sin(angle * 0.5)][:dim]
    dense += [math.sin(angle * (i + 2)) for i in range(dim - len(dense))]
    payload = {"owner_id": owner, "kind": "chunk", "content_id": content, "index": n, "meta": {}}
    return VectorPoint(str(uuid.uuid5(uuid.NAMESPACE_OID, f"{owner}-{n}")), dense, SparseVector([n], [1.0]), payload)


CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from tests.services.knowledge.vectors.test_edge import NAME, point
    from services.knowledge.vectors import EdgeVectorStore

    async def main() -> None:
        store = EdgeVectorStore(Path(sys.argv[1]))
        await store.ensure_collection(NAME, 4)
        await store.upsert(NAME, [point(n) for n in range(1, 41)] + [point(99, content="gone")])
        await store.delete_where(NAME, content_id="gone")
        await store.set_content_payload(NAME, "c1", {"meta": {"team": "eng"}})
        print("acked", flush=True)
        await asyncio.sleep(600)  # killed long before

    asyncio.run(main())
    """
)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_acknowledged_writes_survive_a_kill_and_the_folder_belongs_to_one_process(
    tmp_path: Path, make_settings: Any
) -> None:
    data_dir = tmp_path / "data"
    folder = data_dir / "vectors"
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, str(folder), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert child.stdout is not None and child.stderr is not None
        line = await asyncio.wait_for(child.stdout.readline(), timeout=120)
        assert line.decode().strip() == "acked", (await child.stderr.read()).decode()
        # While the child holds the folder, every way in says who holds it and what to do instead.
        with pytest.raises(VectorStoreError, match=f"open in process {child.pid}.*SWITCHBOARD_QDRANT_URL"):
            EdgeVectorStore(folder)
        with pytest.raises(SystemExit, match=f"refusing to start: .*process {child.pid}"):
            check_vector_store(make_settings(data_dir=data_dir))
        with pytest.raises(VectorStoreError, match=f"process {child.pid}"):
            async with running(make_settings(data_dir=data_dir)):
                pass
        child.send_signal(signal.SIGKILL)  # no flush, no close: only what each acknowledged write made durable
        assert await asyncio.wait_for(child.wait(), timeout=30) == -signal.SIGKILL
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()

    store = EdgeVectorStore(folder)  # the kernel released the dead child's lock
    try:
        assert await store.collection_names() == [NAME]
        assert await store.count_where(NAME) == 40
        assert await store.count_where(NAME, content_id="gone") == 0
        hits = await store.search(NAME, mode="sparse", dense=None, sparse=SparseVector([7], [1.0]), owner_id="alice")
        assert [h.payload["index"] for h in hits] == [7]
        assert hits[0].payload["meta"] == {"team": "eng"}
    finally:
        await store.aclose()


def test_switchboard_serve_refuses_a_data_dir_another_process_holds(tmp_path: Path) -> None:
    store = EdgeVectorStore(tmp_path / "vectors")  # this test process holds it
    try:
        done = subprocess.run(
            [str(SWITCHBOARD), "serve"], env=_env(data_dir=str(tmp_path)), capture_output=True, text=True, timeout=60
        )
    finally:
        asyncio.run(store.aclose())
    assert done.returncode != 0
    assert f"refusing to start: the embedded vector store (Qdrant Edge) at {tmp_path / 'vectors'}" in done.stderr
    assert f"open in process {os.getpid()}" in done.stderr and "SWITCHBOARD_QDRANT_URL" in done.stderr


async def test_every_filtered_field_has_a_payload_index(tmp_path: Path) -> None:
    store = EdgeVectorStore(tmp_path)
    await store.ensure_collection(NAME, 4)
    await store.upsert(NAME, [point(1)])
    await store.ensure_collection(NAME, 4)  # idempotent: the shard is there
    assert await store.collection_names() == [NAME]
    await store.aclose()
    shard = qe.EdgeShard.load(str(tmp_path / NAME))
    try:
        schema = shard.info().payload_schema
        assert set(schema) == set(KEYWORD_FIELDS)
        assert {schema[k].data_type for k in KEYWORD_FIELDS} == {qe.PayloadSchemaType.Keyword}
        assert schema["owner_id"].params is not None and schema["owner_id"].params.is_tenant  # type: ignore[union-attr]
    finally:
        shard.close()


async def test_segments_past_the_threshold_get_an_hnsw_index_and_search_stays_exact(tmp_path: Path) -> None:
    # 64 KB of 32-dimension vectors is 512 points: a few writes of 400 cross it several times.
    store = EdgeVectorStore(tmp_path, indexing_threshold_kb=64)
    name, dim = "chunks__test__32", 32
    points = [point(n, owner="alice" if n % 4 else "bob", content=f"c{n // 10}", dim=dim) for n in range(2000)]
    try:
        await store.ensure_collection(name, dim)
        with capture_logs() as logs:
            for start in range(0, len(points), 400):
                await store.upsert(name, points[start : start + 400])
            assert await store.count_where(name) == 2000  # queued after the optimize runs: they are done
        assert any(e["event"] == "vector index optimized" and e["collection"] == name for e in logs), logs
        for target in (points[5], points[1234], points[1999]):
            owner = target.payload["owner_id"]
            hits = await store.search(name, mode="dense", dense=target.dense, sparse=None, owner_id=owner, limit=3)
            assert hits[0].id == target.id and hits[0].score == pytest.approx(1.0, abs=1e-4)
            assert {h.payload["owner_id"] for h in hits} == {owner}
        assert await store.count_where(name, owner_id="bob") == 500
    finally:
        await store.aclose()
    shard = qe.EdgeShard.load(str(tmp_path / name))
    try:
        info = shard.info()
        # Sparse vectors are always indexed; dense ones only in HNSW segments: so more than one per point means HNSW.
        assert info.points_count == 2000 and info.segments_count >= 2
        assert info.indexed_vectors_count > 2000
    finally:
        shard.close()


class ThreadRecorder:
    """Stands in for `qdrant_edge` in the Edge backend: every call on a shard (and the shard's creation and loading)
    is recorded with the name of the thread it ran on, then passed on."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        recorder = self

        class Shard:
            @staticmethod
            def create(*args: Any) -> Any:
                return recorder.wrap("create", qe.EdgeShard.create, *args)

            @staticmethod
            def load(*args: Any) -> Any:
                return recorder.wrap("load", qe.EdgeShard.load, *args)

        self.EdgeShard = Shard

    def wrap(self, name: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((name, threading.current_thread().name))
        result = fn(*args, **kwargs)
        return Recorded(self, result) if isinstance(result, qe.EdgeShard) else result

    def __getattr__(self, name: str) -> Any:
        return getattr(qe, name)


class Recorded:
    def __init__(self, recorder: ThreadRecorder, shard: qe.EdgeShard) -> None:
        self._recorder, self._shard = recorder, shard

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._shard, name)
        return (lambda *a, **k: self._recorder.wrap(name, attr, *a, **k)) if callable(attr) else attr


async def test_every_edge_call_runs_on_the_edge_thread_never_on_the_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = ThreadRecorder()
    monkeypatch.setattr(edge_module, "qe", recorder)
    loop_thread = threading.current_thread().name
    store = EdgeVectorStore(tmp_path, indexing_threshold_kb=1)  # a few points cross it: optimize() runs too
    try:
        await store.ensure_collection(NAME, 4)
        await store.upsert(NAME, [point(n, content=f"c{n % 3}") for n in range(200)])
        for mode in ("dense", "sparse", "hybrid"):
            dense = point(5).dense if mode != "sparse" else None
            terms = SparseVector([5], [1.0]) if mode != "dense" else None
            hits = await store.search(NAME, mode=mode, dense=dense, sparse=terms, owner_id="alice", limit=3)  # type: ignore[arg-type]
            assert hits
        assert await store.count_where(NAME, content_id="c1") == 67
        await store.scroll(NAME, offset=None, limit=10)
        await store.set_content_payload(NAME, "c1", {"meta": {"team": "eng"}})
        await store.delete_where(NAME, content_id="c2")
        assert await store.collection_names() == [NAME]
    finally:
        await store.aclose()
    called = {name for name, _ in recorder.calls}
    assert {"create", "load", "update", "flush", "query", "count", "scroll", "optimize", "close"} <= called, called
    threads = {thread for _, thread in recorder.calls}
    assert loop_thread not in threads and all(t.startswith("qdrant-edge") for t in threads), threads


async def test_a_closed_store_refuses_calls_and_closing_twice_is_harmless(tmp_path: Path) -> None:
    store = EdgeVectorStore(tmp_path)
    await store.ensure_collection(NAME, 4)
    await store.aclose()
    await store.aclose()
    with pytest.raises(VectorStoreError, match="closed"):
        await store.count_where(NAME)
    with pytest.raises(VectorStoreError, match="ensure_collection"):
        reopened = EdgeVectorStore(tmp_path)
        try:
            await reopened.upsert("chunks__never__4", [point(1)])
        finally:
            await reopened.aclose()


async def test_the_embedded_store_moves_into_another_store_whole(tmp_path: Path) -> None:
    # qdrant-client's local mode stands in for the Qdrant server `switchboard move-vectors` copies into.
    store = EdgeVectorStore(tmp_path / "vectors")
    await store.ensure_collection(NAME, 4)
    await store.upsert(NAME, [point(n, owner="alice" if n % 3 else "bob") for n in range(1, 1201)])
    with pytest.raises(VectorStoreError, match="already open"):  # refused while a server process holds it
        await move_embedded(tmp_path, ServerVectorStore(path=tmp_path / "never"))
    await store.aclose()

    target = ServerVectorStore(path=tmp_path / "server")
    try:
        assert await move_embedded(tmp_path, target) == 1200
        assert await target.collection_names() == [NAME]
        assert await target.count_where(NAME, owner_id="bob") == 400
        hits = await target.search(NAME, mode="sparse", dense=None, sparse=SparseVector([9], [1.0]), owner_id="bob")
        assert [h.payload["index"] for h in hits] == [9]
    finally:
        await target.aclose()
    store = EdgeVectorStore(tmp_path / "vectors")
    try:
        assert await store.count_where(NAME) == 1200  # left as it was
    finally:
        await store.aclose()


def test_move_vectors_says_when_there_is_nothing_to_move_or_the_server_cannot_be_reached(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{unused_port()}"
    move = [str(SWITCHBOARD), "move-vectors", "--qdrant-url", url]
    done = subprocess.run(move, env=_env(data_dir=str(tmp_path)), capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and f"nothing moved: there is no embedded vector store at {tmp_path}" in done.stderr

    async def some_vectors() -> None:
        store = EdgeVectorStore(tmp_path / "vectors")
        await store.ensure_collection(NAME, 4)
        await store.upsert(NAME, [point(1)])
        await store.aclose()

    asyncio.run(some_vectors())
    done = subprocess.run(move, env=_env(data_dir=str(tmp_path)), capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert f"copying to {url} failed" in done.stderr and "run it again" in done.stderr
