"""The example operations in clients/ stay valid against the live schema (codegen reads them), and what codegen
generated from them (the trusted-documents manifest, Apollo's possibleTypes) matches it."""

from __future__ import annotations

import json

from graphql import GraphQLInterfaceType, GraphQLUnionType, OperationDefinitionNode, parse, validate

from resolvers.schema import build_schema
from services.persisted_queries import load_manifest
from tests.paths import ROOT

CLIENTS = ROOT / "clients"
OPERATIONS = CLIENTS / "operations"
GENERATED = CLIENTS / "generated"


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


def test_the_committed_manifest_matches_the_operations_and_validates() -> None:
    """clients/generated/persisted-documents.json (codegen) is what `documents = "trusted"` serves: every entry's
    key is the sha256 of its text, every document is valid against the live schema, and every operation in
    clients/operations is in it (`make codegen-check` compares the rest byte for byte)."""
    manifest = load_manifest(GENERATED / "persisted-documents.json")
    schema = build_schema()._schema
    names = set()
    for document in manifest.values():
        parsed = parse(document)
        assert validate(schema, parsed) == [], document
        names |= {d.name.value for d in parsed.definitions if isinstance(d, OperationDefinitionNode) and d.name}
    operations = parse("\n".join(path.read_text() for path in sorted(OPERATIONS.glob("*.graphql"))))
    expected = {d.name.value for d in operations.definitions if isinstance(d, OperationDefinitionNode) and d.name}
    assert names == expected


def test_possible_types_cover_every_interface_and_union() -> None:
    """Apollo's InMemoryCache needs them to keep fields selected through `... on Error` or `...RunEventFields`."""
    schema = build_schema()._schema
    generated = json.loads((GENERATED / "possible-types.json").read_text())["possibleTypes"]
    abstract = [t for t in schema.type_map.values() if isinstance(t, (GraphQLInterfaceType, GraphQLUnionType))]
    expected = {
        t.name: sorted(member.name for member in schema.get_possible_types(t))
        for t in abstract
        if not t.name.startswith("__") and schema.get_possible_types(t)
    }
    assert {name: sorted(members) for name, members in generated.items()} == expected
