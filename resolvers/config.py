"""Configuration queries and mutations (admin only for changes)."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import strawberry

from schema.config import Config, ConfigInput, ConfigValidation
from schema.errors import ConfigError, ConfigProblem, ErrorCode
from services.config import ConfigIssue, ConfigRejected
from services.validation import camel_path

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


def _config(info: strawberry.Info) -> Config:
    services = info.context.services
    current = services.config.current
    return Config.from_settings(current, services.database_url, services.knowledge.effective(current))


@strawberry.type
class ConfigQueries:
    @strawberry.field(description="The running configuration; secrets show only whether they are set.")
    def config(self, info: strawberry.Info) -> Config:
        info.context.user  # noqa: B018  (any signed-in user may read it)
        return _config(info)


@strawberry.type
class ConfigMutations:
    @strawberry.mutation(description="Apply and persist a configuration change (admin).")
    def update_config(
        self,
        info: strawberry.Info,
        input: Annotated[ConfigInput, strawberry.argument(description="Only the settings to change.")],
    ) -> ConfigResult:
        service = info.context.services.config
        info.context.admin  # noqa: B018
        try:
            service.update(_changes(input))
        except ConfigRejected as exc:
            return ConfigError(message=str(exc), code=ErrorCode.INVALID_CONFIG, problems=_problems(exc.issues))
        return _config(info)

    @strawberry.mutation(description="Check a configuration change without applying it (admin).")
    def validate_config(
        self,
        info: strawberry.Info,
        input: Annotated[ConfigInput, strawberry.argument(description="The settings to check.")],
    ) -> ConfigValidation:
        info.context.admin  # noqa: B018
        _, issues = info.context.services.config.validate(_changes(input))
        return ConfigValidation(valid=not issues, problems=_problems(issues))

    @strawberry.mutation(description="Re-read the config file; runtime sections apply at once (admin).")
    def reload_config(self, info: strawberry.Info) -> ConfigResult:
        info.context.admin  # noqa: B018
        try:
            info.context.services.config.reload()
        except ConfigRejected as exc:
            return ConfigError(message=str(exc), code=ErrorCode.INVALID_CONFIG, problems=_problems(exc.issues))
        return _config(info)
