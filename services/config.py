"""Runtime configuration: read, validate, apply and persist the runtime sections.

Changes go to the TOML config file so they survive a restart. A setting pinned by an environment
variable is refused at runtime, because the variable would silently win again on the next start.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import SecretStr, ValidationError

from services.settings import (
    RUNTIME_SECTIONS,
    ConfigFileError,
    Settings,
    env_var_for,
    load_settings,
    pinned_by_environment,
    read_config_file,
)


@dataclass(frozen=True)
class ConfigIssue:
    path: str
    message: str


class ConfigRejected(Exception):
    def __init__(self, issues: list[ConfigIssue]) -> None:
        super().__init__("; ".join(f"{i.path}: {i.message}" for i in issues))
        self.issues = issues


def _flatten(changes: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in changes.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _plain(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    return value


class ConfigService:
    """Holds the live settings; the app reads ``current`` at the start of every request."""

    def __init__(self, settings: Settings, overrides: dict[str, Any] | None = None) -> None:
        self.current = settings
        self._overrides = overrides or {}
        # Checks that need more than the settings themselves (the knowledge index: does the chunk size fit the
        # embedder's window?); each returns (path, message) pairs for what it cannot work with.
        self.checks: list[Callable[[Settings], list[tuple[str, str]]]] = []

    def _checked(self, candidate: Settings) -> list[ConfigIssue]:
        return [ConfigIssue(path, message) for check in self.checks for path, message in check(candidate)]

    def ensure_valid(self) -> None:
        """Start-up: the settings as loaded must pass the checks too."""
        if issues := self._checked(self.current):
            raise ConfigRejected(issues)

    @property
    def path(self) -> Path:
        return self.current.resolved_config_file

    def validate(self, changes: dict[str, Any]) -> tuple[Settings, list[ConfigIssue]]:
        """The settings these changes would produce, and everything wrong with them."""
        issues: list[ConfigIssue] = []
        for path in _flatten(changes):
            section = path.split(".", 1)[0]
            if section not in RUNTIME_SECTIONS:
                issues.append(ConfigIssue(path, "cannot be changed at runtime; edit the config file and restart"))
            elif pinned_by_environment(path):
                issues.append(ConfigIssue(path, f"is set by the environment variable {env_var_for(path)}"))
        try:
            file_data = read_config_file(self.path)
        except ConfigFileError as exc:
            return self.current, [*issues, ConfigIssue("file", str(exc))]
        try:
            candidate = load_settings(file_data=_merge(file_data, changes), **self._overrides)
        except ValidationError as exc:
            for error in exc.errors():
                loc = ".".join(str(part) for part in error["loc"])
                issues.append(ConfigIssue(loc or "config", error["msg"]))
            return self.current, issues
        return candidate, [*issues, *self._checked(candidate)]

    def update(self, changes: dict[str, Any]) -> Settings:
        candidate, issues = self.validate(changes)
        if issues:
            raise ConfigRejected(issues)
        self._write(_merge(read_config_file(self.path), _plain(changes)))
        # Only the runtime sections change: server settings (auth mode included) stay as started.
        self.current = self.current.model_copy(update={s: getattr(candidate, s) for s in RUNTIME_SECTIONS})
        return self.current

    def reload(self) -> Settings:
        """Re-read the config file; only the runtime sections take effect before a restart."""
        try:
            fresh = load_settings(**self._overrides)
        except ConfigFileError as exc:
            raise ConfigRejected([ConfigIssue("file", str(exc))]) from None
        except ValidationError as exc:
            raise ConfigRejected(
                [ConfigIssue(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
            ) from None
        if issues := self._checked(fresh):
            raise ConfigRejected(issues)
        self.current = self.current.model_copy(update={s: getattr(fresh, s) for s in RUNTIME_SECTIONS})
        return self.current

    def _write(self, data: dict[str, Any]) -> None:
        """Atomic replace, owner-only permissions (the file may hold API keys)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".switchboard-", suffix=".toml")
        try:
            with os.fdopen(fd, "wb") as handle:
                tomli_w.dump(data, handle)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
