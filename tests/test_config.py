"""Config: read, validate, update (persisted), reload, secrets hidden, environment pins."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

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
    assert config["models"] == {"chat": "local:gemma-3-270m", "embedding": "local:gemma-3-270m"}
    assert config["retrieval"]["topK"] == 5
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
