"""The envelope of an import document (`{"format": ..., "version": N, <body>: {...}}`) as JSON or YAML: decoded
within the import limits and checked envelope first, so a foreign or newer document gets a precise message before
its body is looked at. Test suites and generation templates share it."""

from __future__ import annotations

import json
from typing import Any

import yaml

from services import validation
from services.errors import ImportFailed, ValidationFailed
from services.settings import Settings

FORMATS = ("json", "yaml")


def checked_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValidationFailed("format must be json or yaml", "format")
    return fmt


class _NoAliasLoader(yaml.SafeLoader):
    """YAML aliases can expand a small document into a huge one (the "billion laughs"); documents need none."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def _decode(text: str, fmt: str, settings: Settings) -> Any:
    size = len(text.encode())
    if size > settings.limits.max_import_bytes:
        raise ImportFailed(f"document is {size} bytes; the limit is {settings.limits.max_import_bytes}")
    try:
        # _NoAliasLoader is a SafeLoader: no Python objects are built from tags.
        data = yaml.load(text, Loader=_NoAliasLoader) if checked_format(fmt) == "yaml" else json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"document is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ImportFailed(f"document is not valid YAML: {problem}{where}") from None
    except RecursionError:  # both parsers recurse per level; the limit below is the real bound
        raise ImportFailed(f"document is nested more than {settings.limits.max_json_nesting} levels deep") from None
    if problem := validation.decoded_problem(data, settings.limits.max_json_nesting):
        raise ImportFailed(problem)
    return data


def load(text: str, fmt: str, settings: Settings, *, format: str, version: int, body: str) -> dict[str, Any]:
    """The decoded document, its envelope checked: `format` as given, an integer `version` from 1 to `version`,
    and an object under `body`. The body itself is the caller's to check."""
    data = _decode(text, fmt, settings)
    if not isinstance(data, dict):
        raise ImportFailed(f"document must be an object with format, version and {body}")
    if data.get("format") != format:
        raise ImportFailed(f"document format must be {format!r}", "format")
    found = data.get("version")
    if not isinstance(found, int) or isinstance(found, bool):
        raise ImportFailed("document version must be an integer", "version")
    if not 1 <= found <= version:
        raise ImportFailed(f"document version {found} is not supported; this server reads version {version}", "version")
    if not isinstance(data.get(body), dict):
        raise ImportFailed(f"{body}: must be an object", body)
    return data
