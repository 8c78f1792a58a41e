"""Configuration queries and mutations (admin only for changes)."""

from __future__ import annotations

import dataclasses
import functools
import importlib.metadata
from typing import Annotated, Any

import strawberry

from resolvers.permissions import Admin, Public
from schema.config import Config, ConfigInput, ConfigValidation, ServerInfo
from schema.errors import ConfigError, ConfigProblem, ErrorCode
from schema.info import Info
from services.config import ConfigIssue, ConfigRejected
from services.validation import camel_path


@functools.cache
def _version() -> str:
    return importlib.metadata.version("switchboard")


ConfigResult = Annotated[
    Config | ConfigError,
    strawberry.union("ConfigResult", description="The new configuration, or why it was refused."),
]


def _changes(value: Any) -> dict[str, Any]:
    """Input object -> nested dict of the given (non-null) fields, in settings' snake_case."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(value):
        item = getattr(value, f.name)
        if item is None:
            continue
        out[f.name] = _changes(item) if dataclasses.is_dataclass(item) else item
    return out


def _problems(issues: list[ConfigIssue]) -> list[ConfigProblem]:
    return [ConfigProblem(path=camel_path(i.path), message=i.message) for i in issues]


def _config(info: Info) -> Config:
    services = info.context.services
    current = services.config.current
    return Config.from_settings(current, services.database_url, services.knowledge.effective(current))


@strawberry.type
class ConfigQueries:
    @strawberry.field(
        description="The running configuration (admin): paths, database and endpoints; secrets show only whether "
        "they are set. Other users read `serverInfo`.",
        permission_classes=[Admin],
    )
    def config(self, info: Info) -> Config:
        return _config(info)

    @strawberry.field(
        description="Auth mode, registration and the limits a client needs; open to everyone.",
        permission_classes=[Public],
    )
    def server_info(self, info: Info) -> ServerInfo:
        return ServerInfo.from_settings(info.context.services.config.current, version=_version())


@strawberry.type
class ConfigMutations:
    @strawberry.mutation(description="Apply and persist a configuration change (admin).", permission_classes=[Admin])
    def update_config(
        self,
        info: Info,
        input: Annotated[ConfigInput, strawberry.argument(description="Only the settings to change.")],
    ) -> ConfigResult:
        service = info.context.services.config
        try:
            service.update(_changes(input))
        except ConfigRejected as exc:
            return ConfigError(message=str(exc), code=ErrorCode.INVALID_CONFIG, problems=_problems(exc.issues))
        return _config(info)

    @strawberry.mutation(
        description="Check a configuration change without applying it (admin).", permission_classes=[Admin]
    )
    def validate_config(
        self,
        info: Info,
        input: Annotated[ConfigInput, strawberry.argument(description="The settings to check.")],
    ) -> ConfigValidation:
        _, issues = info.context.services.config.validate(_changes(input))
        return ConfigValidation(valid=not issues, problems=_problems(issues))

    @strawberry.mutation(
        description="Re-read the config file; runtime sections apply at once (admin).", permission_classes=[Admin]
    )
    def reload_config(self, info: Info) -> ConfigResult:
        try:
            info.context.services.config.reload()
        except ConfigRejected as exc:
            return ConfigError(message=str(exc), code=ErrorCode.INVALID_CONFIG, problems=_problems(exc.issues))
        return _config(info)
