"""Shared GraphQL types: Node, connections, errors, scalars. No I/O."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, TypeVar, cast

import strawberry
from strawberry.scalars import JSON

T = TypeVar("T")

__all__ = ["JSON", "Connection", "Edge", "Node", "PageInfo", "connection"]


@strawberry.interface(description="An object with a globally unique ID, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(description="Globally unique, opaque ID.")


@strawberry.type(description="Where a page sits in its connection (Relay cursor connections).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow the last edge.")
    has_previous_page: bool = strawberry.field(description="More items precede the first edge.")
    _first: strawberry.Private[Any]
    _last: strawberry.Private[Any]
    _encode: strawberry.Private[Callable[[Any], str]]

    @strawberry.field(description="Cursor of the first edge, for `before`.")
    def start_cursor(self) -> str | None:
        return None if self._first is None else self._encode(self._first)

    @strawberry.field(description="Cursor of the last edge, for `after`.")
    def end_cursor(self) -> str | None:
        return None if self._last is None else self._encode(self._last)


@strawberry.type(description="One item of a connection with its cursor.")
class Edge(Generic[T]):
    node: T = strawberry.field(description="The item.")
    _row: strawberry.Private[Any]
    _encode: strawberry.Private[Callable[[Any], str]]

    @strawberry.field(description="Opaque cursor of this item, for `after`/`before`.")
    def cursor(self) -> str:
        # Encoded on demand: most nested queries never ask for it.
        return self._encode(self._row)


@strawberry.type(description="A page of items in stable (creation time, id) order.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Cursors and whether more pages exist.")
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Number of items in the whole connection, across all pages.")
    async def total_count(self) -> int:
        return await self._count()

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def connection(
    page: Any,
    convert: Callable[[Any], T],
    encode_cursor: Callable[[Any], str],
    total: Callable[[], Awaitable[int]],
) -> "Connection[T]":
    """Build a Connection from a services Page and a row converter."""
    items = page.items
    return Connection(
        edges=[Edge(node=convert(row), _row=row, _encode=encode_cursor) for row in items],
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            _first=items[0] if items else None,
            _last=items[-1] if items else None,
            _encode=encode_cursor,
        ),
        _count=total,
    )


First = Annotated[int | None, strawberry.argument(description="Return the first N items (capped).")]
After = Annotated[str | None, strawberry.argument(description="Start after this cursor.")]
Last = Annotated[int | None, strawberry.argument(description="Return the last N items (capped).")]
Before = Annotated[str | None, strawberry.argument(description="End before this cursor.")]


def value_of(member: Any) -> str:
    """The stored string of an enum member declared with `strawberry.enum_value`."""
    return cast(str, member.value)


ObjectID = Annotated[strawberry.ID, strawberry.argument(description="Global ID of the object.")]
