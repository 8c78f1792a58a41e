"""Config: read, validate, update (persisted), reload, secrets hidden, environment pins."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from services.config import ConfigRejected
from tests.conftest import GQL, running

CONFIG = """{ config {
  server { host port authMode databaseBackend databaseUrl dataDir configFile }
  providers { ollamaHost anthropicBaseUrl anthropicApiKeySet requestTimeoutSeconds maxRetries }
  models { chat embedding }
  retrieval { topK scoreThreshold chunkSize chunkOverlap }
  limits { defaultPageSize maxPageSize maxNameLength maxTextLength maxQueryDepth maxImportBytes }
} }"""
UPDATE = """mutation($input: ConfigInput!) { updateConfig(input: $input) {
  __typename ... on Config { retrieval { topK } models { chat } providers { anthropicApiKeySet } }
  ... on ConfigError { code message problems { path message } } } }"""
VALIDATE = "mutation($input: ConfigInput!) { validateConfig(input: $input) { valid problems { path message } } }"


async def test_read_config_sections(gql: GQL) -> None:
    config = (await gql(CONFIG))["config"]
    assert config["server"]["authMode"] == "LOCAL"
    assert config["server"]["databaseBackend"] in ("sqlite", "postgresql")
    # A new deployment embeds with all-MiniLM-L6-v2; unset chunk sizes follow its 256-token window.
    assert config["models"] == {"chat": "local:gemma-3-270m", "embedding": "local:all-minilm-l6-v2"}
    assert config["retrieval"] == {"topK": 5, "scoreThreshold": 0.0, "chunkSize": 254, "chunkOverlap": 25}
    assert config["limits"]["maxPageSize"] == 100


async def test_update_applies_persists_and_hides_secrets(make_settings: Any) -> None:
    secret = "sk-ant-test-" + "z" * 20
    async with running(make_settings()) as (_, gql):
        result = (await gql(UPDATE, {"input": {"retrieval": {"topK": 9}, "providers": {"anthropicApiKey": secret}}}))[
            "updateConfig"
        ]
        assert result == {
            "__typename": "Config",
            "retrieval": {"topK": 9},
            "models": {"chat": "local:gemma-3-270m"},
            "providers": {"anthropicApiKeySet": True},
        }
        body = await gql.raw(CONFIG)
        assert secret not in str(body)

        path = Path((await gql(CONFIG))["config"]["server"]["configFile"])
        saved = tomllib.loads(path.read_text())
        assert saved["retrieval"]["top_k"] == 9
        assert path.stat().st_mode & 0o077 == 0  # owner-only: it holds an API key

    # A fresh app on the same data directory (the first one closed: it owns the vector store) starts with the
    # saved values.
    async with running(make_settings()) as (app, _):
        assert app.state.services.config.current.retrieval.top_k == 9
        assert app.state.services.config.current.providers.anthropic_api_key.get_secret_value() == secret


async def test_invalid_changes_are_refused_whole(gql: GQL) -> None:
    changes = {
        "retrieval": {"topK": 0, "chunkSize": 100, "chunkOverlap": 100},
        "models": {"chat": "gpt-4"},
        "providers": {"ollamaHost": "ftp://x"},
    }
    result = (await gql(UPDATE, {"input": changes}))["updateConfig"]
    assert result["__typename"] == "ConfigError" and result["code"] == "INVALID_CONFIG"
    paths = {p["path"] for p in result["problems"]}
    assert {"retrieval.topK", "models.chat", "providers.ollamaHost"} <= paths
    config = (await gql(CONFIG))["config"]
    assert config["retrieval"]["topK"] == 5 and config["models"]["chat"] == "local:gemma-3-270m"

    cross = (await gql(UPDATE, {"input": {"limits": {"defaultPageSize": 500}}}))["updateConfig"]
    assert "default_page_size must not exceed max_page_size" in cross["problems"][0]["message"]


async def test_validate_does_not_apply(gql: GQL) -> None:
    assert (await gql(VALIDATE, {"input": {"retrieval": {"topK": 7}}}))["validateConfig"] == {
        "valid": True,
        "problems": [],
    }
    bad = (await gql(VALIDATE, {"input": {"retrieval": {"scoreThreshold": 2.0}}}))["validateConfig"]
    assert bad["valid"] is False and bad["problems"][0]["path"] == "retrieval.scoreThreshold"
    assert (await gql(CONFIG))["config"]["retrieval"]["topK"] == 5


async def test_environment_pins_win_and_are_reported(make_settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWITCHBOARD_RETRIEVAL__TOP_K", "11")
    async with running(make_settings()) as (_, gql):
        assert (await gql(CONFIG))["config"]["retrieval"]["topK"] == 11
        result = (await gql(UPDATE, {"input": {"retrieval": {"topK": 3}}}))["updateConfig"]
        assert result["problems"] == [
            {"path": "retrieval.topK", "message": "is set by the environment variable SWITCHBOARD_RETRIEVAL__TOP_K"}
        ]


async def test_reload_reads_the_file(gql: GQL) -> None:
    path = Path((await gql(CONFIG))["config"]["server"]["configFile"])
    path.write_text("[retrieval]\ntop_k = 17\n[limits]\nmax_page_size = 50\n")
    result = await gql(
        "mutation { reloadConfig { __typename ... on Config { retrieval { topK } limits { maxPageSize } } } }"
    )
    assert result["reloadConfig"] == {"__typename": "Config", "retrieval": {"topK": 17}, "limits": {"maxPageSize": 50}}

    path.write_text("[retrieval\nbroken")
    broken = await gql("mutation { reloadConfig { __typename ... on ConfigError { message } } }")
    assert broken["reloadConfig"]["__typename"] == "ConfigError"
    assert "cannot read config file" in broken["reloadConfig"]["message"]
    assert (await gql(CONFIG))["config"]["retrieval"]["topK"] == 17  # the running config is kept


async def test_a_chunk_size_beyond_the_embedders_window_is_refused(gql: GQL, make_settings: Any) -> None:
    refused = (await gql(UPDATE, {"input": {"retrieval": {"chunkSize": 400}}}))["updateConfig"]
    assert refused["__typename"] == "ConfigError"
    assert refused["problems"] == [
        {
            "path": "retrieval.chunkSize",
            "message": "chunk_size 400 does not fit the 256-token window of local:all-minilm-l6-v2: at most 254 "
            "tokens of text per chunk (2 of the window are the model's own special tokens)",
        }
    ]
    checked = (await gql(VALIDATE, {"input": {"retrieval": {"chunkSize": 255}}}))["validateConfig"]
    assert checked["valid"] is False and checked["problems"][0]["path"] == "retrieval.chunkSize"
    overlap = (await gql(VALIDATE, {"input": {"retrieval": {"chunkOverlap": 254}}}))["validateConfig"]
    assert overlap["problems"] == [
        {
            "path": "retrieval.chunkOverlap",
            "message": "chunk_overlap 254 must be smaller than the chunk size, 254 for local:all-minilm-l6-v2",
        }
    ]
    # What fits is taken; a model with a longer window takes a longer chunk in the same change.
    assert (await gql(VALIDATE, {"input": {"retrieval": {"chunkSize": 254}}}))["validateConfig"]["valid"] is True
    longer = {"models": {"embedding": "local:gemma-3-270m"}, "retrieval": {"chunkSize": 400}}
    assert (await gql(UPDATE, {"input": longer}))["updateConfig"]["__typename"] == "Config"
    config = (await gql(CONFIG))["config"]
    assert (config["models"]["embedding"], config["retrieval"]["chunkSize"]) == ("local:gemma-3-270m", 400)
    assert config["retrieval"]["chunkOverlap"] == 40
    # Unknown embedders are refused by name.
    unknown = (await gql(VALIDATE, {"input": {"models": {"embedding": "local:nope"}}}))["validateConfig"]
    assert unknown["problems"][0]["path"] == "models.embedding"
    assert "unknown local embedding model 'local:nope'" in unknown["problems"][0]["message"]

    # At start-up too: a server configured beyond its embedder's window does not start.
    with pytest.raises(ConfigRejected, match=r"retrieval.chunk_size: chunk_size 300 does not fit the 256-token window"):
        async with running(
            make_settings(data_dir=Path(config["server"]["dataDir"]).parent / "other", retrieval={"chunk_size": 300})
        ):
            pass
