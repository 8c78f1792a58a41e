"""Limits every GraphQL document passes before it can cost anything, in time linear in its size.

Three stages, each bounded by the one before it:

1. The source text (`check_source`): its size in bytes, and how deeply its brackets nest (a linear scan
   that skips strings and comments). Bounding the nesting keeps graphql-core's recursive parser, the
   validation rules and the walk below far from Python's recursion limit.
2. Parsing, with graphql-core's own token limit (`max_tokens`), set per operation.
3. The walk (`measure`): one pass over the document in which every fragment's figures are computed once
   and reused at each spread, so a document of n nodes costs O(n) however its fragments fan out (the
   classic `F1 { ...F0 ...F0 } ... F29` bomb is 2^29 fields when expanded, and 60 spreads here). It
   measures the selection depth, aliases, fragments, spreads, a cost, and the repetition factor, then
   the standard validation rules run on what is left.

The cost counts every field once, times the page size of each enclosing list: a connection field weighs
its `first`/`last` argument (or the default page size), any other list field `list_weight`. So
`agents(first: 20) { nodes { conversations(first: 10) { nodes { messages(first: 10) { nodes { id } } } } } }`
costs 1 + 20x(1 + 1 + 10x(1 + 1 + 10x(1 + 1))) = 4,441.

The repetition factor is the product, along a path, of how many times a response name repeats among its
siblings (`{ a { x } a { y } }` is 2 at `a`). graphql-core's OverlappingFieldsCanBeMerged compares such
siblings pairwise and recursively, which grows with this product, so it is bounded.

Introspection (`__schema`, `__type`) is exempt from depth and cost (the standard introspection query is
deep but bounded by the schema's size), except that list fields may nest at most three deep inside it
(`types { fields { args } }`): deeper `fields { type { fields { ... } } }` chains multiply the response.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from graphql.type import GraphQLInterfaceType, SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

# Strings (block strings first), comments: skipped when counting bracket depth. Each alternative
# starts with a distinct character and cannot backtrack into another, so the scan is linear.
_SKIPPED = r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|$)|"(?:[^"\\\n]|\\.)*"?|#[^\n]*'
_SCAN = re.compile(_SKIPPED + r"|[{}\[\]()]", re.DOTALL)
_OPENING = frozenset("{[(")
INTROSPECTION_ROOTS = frozenset(("__schema", "__type"))
INTROSPECTION_LIST_DEPTH = 3


@dataclass(frozen=True)
class DocumentLimits:
    max_bytes: int = 100_000
    max_tokens: int = 10_000
    max_nesting: int = 64
    max_depth: int = 12
    max_aliases: int = 50
    max_fragments: int = 100
    max_spreads: int = 300
    max_cost: int = 50_000
    max_repetition: int = 16
    default_page_size: int = 20
    max_page_size: int = 100
    list_weight: int = 10


class LimitExceeded(GraphQLError):
    """A document over one of the limits: the message names the limit and the measured value."""

    def __init__(self, limit: str, value: int, maximum: int, what: str = "", *, message: str | None = None) -> None:
        super().__init__(
            message or f"{what} is {value}; the limit `{limit}` is {maximum}",
            extensions={"code": "QUERY_TOO_COMPLEX", "limit": limit, "value": value, "max": maximum},
        )


def check_source(query: str, limits: DocumentLimits) -> None:
    """Bytes and bracket nesting of the raw text, before anything parses it."""
    size = len(query.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise LimitExceeded("maxDocumentBytes", size, limits.max_bytes, "the document's size in bytes")
    depth = deepest = 0
    for match in _SCAN.finditer(query):
        char = match.group()
        if len(char) != 1 or char in '"#':
            continue  # a string or a comment
        if char in _OPENING:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limits.max_nesting:
                    raise LimitExceeded(
                        "maxDocumentNesting", deepest, limits.max_nesting, "the document's bracket nesting"
                    )
        else:
            depth -= 1


@dataclass
class _Figures:
    """What a selection set (or fragment) contributes; combined at each enclosing field."""

    depth: int = 0
    cost: int = 0
    repetition: int = 1  # the largest product of sibling repetitions along a path below
    introspection_lists: int = 0  # list fields nested inside introspection, deepest path


@dataclass
class DocumentStats:
    depth: int = 0
    cost: int = 0
    aliases: int = 0
    fragments: int = 0
    spreads: int = 0
    repetition: int = 1
    introspection: bool = False
    visited: int = 0  # AST nodes the walk looked at: linear in the document's size


@dataclass
class _Walk:
    schema: GraphQLSchema
    limits: DocumentLimits
    variables: Mapping[str, Any]
    stats: DocumentStats
    fragments: dict[str, FragmentDefinitionNode]
    done: dict[str, _Figures] = field(default_factory=dict)
    cap: int = 0

    def fragment(self, name: str) -> _Figures:
        """Each fragment's figures are computed once; a cycle (reported by validation) counts as empty."""
        if name in self.done:
            return self.done[name]
        definition = self.fragments.get(name)
        self.done[name] = _Figures()  # placeholder while walking: breaks cycles
        if definition is None:
            return self.done[name]
        parent = self.schema.get_type(definition.type_condition.name.value)
        figures = self.selections(definition.selection_set, parent)
        self.done[name] = figures
        return figures

    def selections(self, node: SelectionSetNode, parent: Any) -> _Figures:
        out = _Figures()
        names: dict[str, int] = {}
        fields: list[tuple[FieldNode, Any, str]] = []
        self._flatten(node, parent, names, fields, out)
        for field_node, owner, name in fields:
            self._field(field_node, owner, names[name], out)
        return out

    def _flatten(
        self,
        node: SelectionSetNode,
        parent: Any,
        names: dict[str, int],
        fields: list[tuple[FieldNode, Any, str]],
        out: _Figures,
    ) -> None:
        """Fields of this set, inline fragments merged in (they are siblings for merging); spreads added."""
        for selection in node.selections:
            self.stats.visited += 1
            if isinstance(selection, FieldNode):
                name = selection.alias.value if selection.alias else selection.name.value
                names[name] = names.get(name, 0) + 1
                fields.append((selection, parent, name))
            elif isinstance(selection, InlineFragmentNode):
                inner = parent
                if selection.type_condition is not None:
                    inner = self.schema.get_type(selection.type_condition.name.value) or parent
                self._flatten(selection.selection_set, inner, names, fields, out)
            elif isinstance(selection, FragmentSpreadNode):
                self.stats.spreads += 1
                _merge(out, self.fragment(selection.name.value), 1, 1, self.cap)

    def _field(self, node: FieldNode, parent: Any, repeats: int, out: _Figures) -> None:
        self.stats.aliases += node.alias is not None
        name = node.name.value
        # Fields of __Schema, __Type, __Field, ... and the two roots that lead there.
        inside = name in INTROSPECTION_ROOTS or getattr(parent, "name", "").startswith("__")
        self.stats.introspection |= name in INTROSPECTION_ROOTS
        definition = _field_definition(parent, name)
        field_type = definition.type if definition is not None else None
        multiplier, is_list = self._multiplier(node, parent, field_type)
        figures = _Figures()
        if node.selection_set is not None:
            figures = self.selections(node.selection_set, _named(field_type))
        if inside:
            lists = figures.introspection_lists + is_list
            out.introspection_lists = max(out.introspection_lists, lists)
            out.repetition = min(self.cap, max(out.repetition, repeats * figures.repetition))
            return
        weight = 0 if name == "__typename" else 1
        _merge(out, figures, multiplier, repeats, self.cap, own_depth=1, own_cost=weight)

    def _multiplier(self, node: FieldNode, parent: Any, field_type: Any) -> tuple[int, bool]:
        """(page size weight, whether the field is a list) for a field's selection. A connection weighs
        its page size once: its own `nodes` and `edges` lists are that page."""
        named = _named(field_type)
        if named is not None and named.name.endswith("Connection"):
            return self._page_size(node), True
        unwrapped = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
        if isinstance(unwrapped, GraphQLList):
            in_connection = getattr(parent, "name", "").endswith("Connection")
            return (1 if in_connection else self.limits.list_weight), True
        return 1, False

    def _page_size(self, node: FieldNode) -> int:
        size = None
        for argument in node.arguments or ():
            if argument.name.value not in ("first", "last"):
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                size = int(value.value) if len(value.value) < 10 else self.limits.max_page_size
            elif isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                size = given if isinstance(given, int) and not isinstance(given, bool) else None
        if size is None:
            return self.limits.default_page_size
        return max(0, min(size, self.limits.max_page_size))


def _merge(
    out: _Figures, inner: _Figures, multiplier: int, repeats: int, cap: int, own_depth: int = 0, own_cost: int = 0
) -> None:
    out.depth = max(out.depth, own_depth + inner.depth)
    out.cost = min(cap, out.cost + own_cost + multiplier * inner.cost)
    out.repetition = min(cap, max(out.repetition, repeats * inner.repetition))
    out.introspection_lists = max(out.introspection_lists, inner.introspection_lists)


def _named(field_type: Any) -> GraphQLNamedType | None:
    while isinstance(field_type, (GraphQLNonNull, GraphQLList)):
        field_type = field_type.of_type
    return field_type if isinstance(field_type, GraphQLNamedType) else None


_META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef, "__typename": TypeNameMetaFieldDef}


def _field_definition(parent: Any, name: str) -> Any:
    if name in _META_FIELDS:
        return _META_FIELDS[name]
    if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
        return parent.fields.get(name)
    return None


def measure(
    document: DocumentNode,
    schema: GraphQLSchema,
    limits: DocumentLimits,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
) -> DocumentStats:
    """Figures of the operation that will run (every operation when the name is not known), in one pass."""
    stats = DocumentStats()
    fragments: dict[str, FragmentDefinitionNode] = {}
    operations: list[OperationDefinitionNode] = []
    for definition in document.definitions:
        stats.visited += 1
        if isinstance(definition, FragmentDefinitionNode):
            fragments.setdefault(definition.name.value, definition)
            stats.fragments += 1
        elif isinstance(definition, OperationDefinitionNode):
            operations.append(definition)
    walk = _Walk(schema, limits, variables or {}, stats, fragments, cap=max(limits.max_cost, limits.max_repetition) + 1)
    chosen = [op for op in operations if op.name and op.name.value == operation_name] or operations
    for operation in chosen:
        root = schema.get_root_type(operation.operation)
        figures = walk.selections(operation.selection_set, root)
        stats.depth = max(stats.depth, figures.depth)
        stats.cost = max(stats.cost, figures.cost)
        stats.repetition = max(stats.repetition, figures.repetition)
        if figures.introspection_lists > INTROSPECTION_LIST_DEPTH:
            raise LimitExceeded(
                "introspectionListDepth",
                figures.introspection_lists,
                INTROSPECTION_LIST_DEPTH,
                "the nesting of list fields inside introspection",
            )
    for name in fragments:  # unused fragments still count towards aliases and are validated
        walk.fragment(name)
    return stats


def enforce(stats: DocumentStats, limits: DocumentLimits) -> None:
    checks = (
        ("maxQueryDepth", stats.depth, limits.max_depth, "the query's depth"),
        ("maxAliases", stats.aliases, limits.max_aliases, "the number of aliases"),
        ("maxFragments", stats.fragments, limits.max_fragments, "the number of fragment definitions"),
        ("maxFragmentSpreads", stats.spreads, limits.max_spreads, "the number of fragment spreads"),
        ("maxQueryCost", stats.cost, limits.max_cost, "the query's cost"),
        ("maxRepeatedSelections", stats.repetition, limits.max_repetition, "the repetition of same-named fields"),
    )
    for limit, value, maximum, what in checks:
        if value > maximum:
            raise LimitExceeded(limit, value, maximum, what)
