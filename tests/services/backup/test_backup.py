"""Backup and restore: a filled instance backed up while a chat streams, restored elsewhere, compared row by row
and by search; damaged, newer and misplaced restores refused without touching the target."""

from __future__ import annotations

import asyncio
import gzip
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy.ext.asyncio import AsyncEngine

from services.backup.artifact import BackupInvalid, read_manifest
from services.backup.create import create_backup, without_secrets
from services.backup.restore import RestoreRefused, restore_backup
from services.backup.tables import dump_tables
from services.settings import load_settings
from tests.conftest import chat_settings, running
from tests.fakes.script import Script
from tests.services.backup.fill import SEND, fill, search

RUN = "query($id: ID!) { run(id: $id) { status lastSeq } }"


async def _rows(engine: AsyncEngine, into: Path) -> dict[str, dict[str, Any]]:
    async with engine.connect() as connection:
        await connection.run_sync(dump_tables, into)
    return _read_dump(into)


def _read_dump(folder: Path) -> dict[str, dict[str, Any]]:
    tables: dict[str, dict[str, Any]] = {}
    for path in sorted((folder / "database").glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text().splitlines()]
        tables[path.stem] = {json.dumps(_key(path.stem, r)): r for r in rows}
    for run in tables.get("runs", {}).values():
        if run["status"] == "running":  # a restore clears it: no process there is running the run
            run["heartbeat_at"] = None
    return tables


def _key(table: str, row: dict[str, Any]) -> Any:
    for key in ("id", "sha256", "key"):
        if key in row:
            return row[key]
    return [row.get("model"), row.get("text_sha256")]


def _restored_rows(data_dir: Path, into: Path) -> dict[str, dict[str, Any]]:
    engine = sqlalchemy.create_engine(f"sqlite:///{data_dir / 'switchboard.db'}")
    try:
        with engine.connect() as connection:
            dump_tables(connection, into)
    finally:
        engine.dispose()
    return _read_dump(into)


TEMPLATE = """mutation { createGenerationTemplate(input: {name: "Blurb", body: "About {{ thing }}{{ tone }}",
  variables: [{name: "thing"}, {name: "tone", required: false, default: "!"}], model: "ollama:test-model"}) {
  __typename } }"""
TEMPLATES = """{ generationTemplates { nodes { id name body model createdAt variables { name required default } } } }"""


async def test_round_trip_while_a_chat_streams(
    make_settings: Any, ollama_host: str, script: Script, tmp_path: Path
) -> None:
    settings = chat_settings(make_settings, ollama_host, retrieval={"chunk_size": 48, "chunk_overlap": 8})
    settings.resolved_config_file.parent.mkdir(parents=True, exist_ok=True)
    settings.resolved_config_file.write_text('[providers]\nanthropic_api_key = "sk-secret"\n[retrieval]\ntop_k = 4\n')
    artifact = tmp_path / "backup.tar.gz"
    async with running(settings) as (app, gql):
        filled = await fill(gql)
        template = await gql(TEMPLATE)
        assert template["createGenerationTemplate"]["__typename"] == "GenerationTemplate", template
        expected_templates = await gql(TEMPLATES)
        expected_search = await search(gql, "camelids pack animals")
        assert expected_search
        script.tokens = [f" w{i}" for i in range(60)]
        script.tokens_per_second = 4  # 15 s of stream: the backup is taken in the middle of it, then it is cancelled
        turn = await gql(SEND, {"input": {"agentId": filled.agents[0], "text": "stream"}})
        run_id = turn["sendMessage"]["run"]["id"]
        for _ in range(400):  # until tokens are flowing
            if (await gql(RUN, {"id": run_id}))["run"]["lastSeq"] >= 4:
                break
            await asyncio.sleep(0.02)
        services = app.state.services
        before = await _rows(services.engine, tmp_path / "before")
        result = await create_backup(
            services.engine, services.knowledge.vectors, services.knowledge.blobs, settings, artifact
        )
        after = await _rows(services.engine, tmp_path / "after")
        streaming_after = (await gql(RUN, {"id": run_id}))["run"]["status"]
        assert streaming_after == "RUNNING", "the chat must still be streaming when the backup is taken"
        await gql("mutation($id: ID!) { cancelRun(id: $id) { __typename } }", {"id": run_id})

    manifest = read_manifest(artifact)
    assert result.size == artifact.stat().st_size and manifest["schemaRevision"]
    assert manifest["counts"]["tables"]["agents"] == 2 and manifest["counts"]["files"] == 4
    assert manifest["counts"]["tables"]["citations"] > 0 and manifest["counts"]["tables"]["memories"] == 4
    assert manifest["counts"]["tables"]["generation_templates"] == 1
    assert sum(manifest["counts"]["vectors"].values()) >= 4 + 4  # every chunk and memory

    target = load_settings(data_dir=tmp_path / "restored")
    restored = await restore_backup(artifact, target)
    assert restored.rows == manifest["counts"]["tables"]
    rows = _restored_rows(target.data_dir, tmp_path / "restored-dump")
    # Every row that did not change while the backup ran is restored exactly; every restored row existed in the
    # source at some point during the backup (rows that changed meanwhile, like the streaming run's `last_seq`,
    # may be restored as any version between the two reads: the events below check they agree).
    assert set(rows) == set(before)
    for table, restored_rows in rows.items():
        for key, row in before[table].items():
            if after[table].get(key) == row:
                assert restored_rows.get(key) == row, (table, key)
        for key in restored_rows:
            assert key in before[table] or key in after[table], (table, key)
    # The streaming run's log is whole up to the snapshot: its events are 1..last_seq.
    run_rows = [r for r in rows["runs"].values() if r["status"] == "running"]
    assert len(run_rows) == 1
    seqs = sorted(e["seq"] for e in rows["run_events"].values() if e["run_id"] == run_rows[0]["id"])
    assert seqs == list(range(1, run_rows[0]["last_seq"] + 1))
    # Secrets stay out; the rest of the config comes back.
    config = (target.data_dir / "switchboard.toml").read_text()
    assert "sk-secret" not in config and "top_k = 4" in config

    restored_settings = chat_settings(lambda **kw: load_settings(data_dir=target.data_dir, **kw), ollama_host)
    async with running(restored_settings) as (_app, gql):
        assert await search(gql, "camelids pack animals") == expected_search
        assert await gql(TEMPLATES) == expected_templates
        run = (await gql(RUN, {"id": run_id}))["run"]
        assert run["status"] == "FAILED"  # the start-up recovery resolves the run the snapshot caught mid-stream


def _rewrite(artifact: Path, output: Path, change: Any) -> None:
    """Copy the artifact member by member, letting `change(name, data)` return new bytes (or None to drop)."""
    with tarfile.open(artifact, "r:gz") as source, tarfile.open(output, "w:gz") as target:
        for info in source.getmembers():
            data = source.extractfile(info).read()  # type: ignore[union-attr]
            data = change(info.name, data)
            if data is None:
                continue
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_damaged_or_newer_artifact_is_refused_and_the_target_left_untouched(
    make_settings: Any, tmp_path: Path
) -> None:
    settings = make_settings()
    artifact = tmp_path / "ok.tar.gz"
    async with running(settings) as (app, gql):
        await gql('mutation { createAgent(input: {name: "A", model: "local:gemma-3-270m"}) { __typename } }')
        services = app.state.services
        await create_backup(services.engine, services.knowledge.vectors, services.knowledge.blobs, settings, artifact)

    def flip(name: str, data: bytes) -> bytes:
        return data.replace(b'"A"', b'"B"') if name == "database/agents.jsonl" else data

    def newer(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), "formatVersion": 99}).encode()

    def unknown_revision(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), "schemaRevision": "9999"}).encode()

    cases = [
        (flip, BackupInvalid, "sha256"),
        (lambda n, d: None if n == "database/agents.jsonl" else d, BackupInvalid, "missing"),
        (newer, BackupInvalid, "format version is 99"),
        (unknown_revision, RestoreRefused, "'9999'"),
    ]
    for index, (change, error, words) in enumerate(cases):
        bad = tmp_path / f"bad{index}.tar.gz"
        _rewrite(artifact, bad, change)
        target = load_settings(data_dir=tmp_path / f"target{index}")
        with pytest.raises(error, match=words):
            await restore_backup(bad, target)
        assert not target.data_dir.exists()
        assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []
    (tmp_path / "garbage.tar.gz").write_bytes(gzip.compress(b"not a tar"))
    with pytest.raises(BackupInvalid):
        await restore_backup(tmp_path / "garbage.tar.gz", load_settings(data_dir=tmp_path / "g"))
    # A target that is not empty is refused before anything is read.
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    with pytest.raises(RestoreRefused, match="not empty"):
        await restore_backup(artifact, load_settings(data_dir=full))
    assert [p.name for p in full.iterdir()] == ["keep.txt"]
    # The intact artifact restores.
    assert (await restore_backup(artifact, load_settings(data_dir=tmp_path / "fine"))).rows["agents"] == 1


def test_config_secrets_are_dropped_at_any_depth() -> None:
    data = {
        "secret_key": "x",
        "providers": {"anthropic_api_key": "k", "ollama_host": "h", "local_context_tokens": 4096},
        "database_url": "pg://u:p@h",
        "pubsub_url": "redis://:pw@h",
        "limits": {"max_document_tokens": 5},
    }
    kept = {"providers": {"ollama_host": "h", "local_context_tokens": 4096}, "limits": {"max_document_tokens": 5}}
    assert without_secrets(data) == kept


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_sqlite_backup_restores_into_postgres_and_a_qdrant_server(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The format does not depend on the database; with a vector server the points go there after the rows."""
    from services.knowledge.vectors import ServerVectorStore

    source = load_settings(data_dir=tmp_path / "source", retrieval={"chunk_size": 48})
    artifact = tmp_path / "b.tar.gz"
    async with running(source) as (app, gql):
        await fill(gql, agents=1, contents=2, conversations=0, memories=1)
        services = app.state.services
        made = await create_backup(
            services.engine, services.knowledge.vectors, services.knowledge.blobs, source, artifact
        )
    local_server = tmp_path / "qdrant-local"  # qdrant-client's local mode stands in for a server
    monkeypatch.setattr("services.backup.restore.ServerVectorStore", lambda url: ServerVectorStore(path=local_server))
    target = load_settings(data_dir=tmp_path / "target", database_url=database_url, qdrant_url="http://qdrant:6333")
    restored = await restore_backup(artifact, target)
    assert restored.rows == made.manifest["counts"]["tables"]
    assert restored.points == made.manifest["counts"]["vectors"] and sum(restored.points.values()) == 3
    assert not (target.data_dir / "switchboard.db").exists()
    again = load_settings(data_dir=tmp_path / "again", database_url=database_url, qdrant_url="http://qdrant:6333")
    with pytest.raises(RestoreRefused, match="already has collections"):
        await restore_backup(artifact, again)
    assert not again.data_dir.exists()
    elsewhere = load_settings(data_dir=tmp_path / "elsewhere", database_url=database_url)
    with pytest.raises(RestoreRefused, match="database is not empty"):
        await restore_backup(artifact, elsewhere)
    assert not elsewhere.data_dir.exists()
