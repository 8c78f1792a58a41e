"""docker-compose.yml stays in step with the settings it passes (no Docker engine runs here)."""

from __future__ import annotations

import yaml

from services.settings import ENV_PREFIX, NESTED_DELIMITER, Settings
from tests.paths import ROOT


def test_compose_names_real_settings() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert {"api", "lb", "postgres", "redis", "qdrant", "ollama"} <= set(compose["services"])
    env = compose["services"]["api"]["environment"]
    fields = {name.upper() for name in Settings.model_fields}
    for name in env:
        assert name.startswith(ENV_PREFIX), name
        key = name.removeprefix(ENV_PREFIX)
        top = key.split(NESTED_DELIMITER)[0]
        assert top in fields, f"{name} is not a setting"
    assert env["SWITCHBOARD_AUTH_MODE"] == "multi"  # it listens beyond loopback
    assert compose["services"]["api"]["deploy"]["replicas"] >= 2
