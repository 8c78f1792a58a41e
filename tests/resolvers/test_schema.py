"""The exported SDL matches the live schema, and everything public is described."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, GraphQLUnionType

from resolvers.schema import build_schema
from tests.paths import ROOT


def test_schema_graphql_is_up_to_date() -> None:
    live = build_schema().as_str() + "\n"
    exported = (ROOT / "schema.graphql").read_text()
    assert exported == live, "schema.graphql is stale: run `make schema` and commit it"


def test_every_public_type_field_argument_and_value_is_described() -> None:
    schema = build_schema()._schema
    missing: list[str] = []
    for name, gtype in schema.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        if not gtype.description:
            missing.append(name)
        if isinstance(gtype, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in gtype.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(gtype, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in gtype.values.items() if not value.description]
        if isinstance(gtype, GraphQLUnionType) and not gtype.types:
            missing.append(f"{name} has no members")
    assert missing == [], f"undocumented: {missing}"
