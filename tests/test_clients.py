"""The example operations in clients/ stay valid against the live schema (codegen reads them)."""

from __future__ import annotations

from pathlib import Path

from graphql import parse, validate

from resolvers.schema import build_schema

OPERATIONS = Path(__file__).resolve().parent.parent / "clients" / "operations"


def test_example_operations_validate() -> None:
    schema = build_schema()._schema
    files = sorted(OPERATIONS.glob("*.graphql"))
    assert files
    # One document, as codegen sees it: fragments may be used across files.
    document = parse("\n".join(path.read_text() for path in files))
    errors = validate(schema, document)
    assert errors == [], [e.message for e in errors]
    names = [d.name.value for d in document.definitions if d.name]
    assert len(names) == len(set(names)), "operation and fragment names must be unique"
