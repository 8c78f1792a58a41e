"""Work done once per object rather than once per consumer: a bounded memo keyed by object identity.

One run event reaches every subscriber of its run as the same object (pub/sub hands each subscriber's queue the
same decoded message), so what is derived from it (the Event, the GraphQL result, its JSON) can be computed by
the first subscriber and reused by the rest. Objects are keyed by `id()`; the memo holds a reference to each key
object, so an id cannot be reused by another object while its entry lives. Entries leave first in, first out once
`size` is reached: a miss only means the work is done again, never a wrong answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class IdentityMemo(Generic[K, V]):
    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size = size
        self._entries: dict[int, tuple[K, V]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: K, compute: Callable[[K], V]) -> V:
        """`compute(key)`, once for as long as `key` stays among the memo's entries."""
        entry = self._entries.get(id(key))
        if entry is not None and entry[0] is key:
            return entry[1]
        value = compute(key)
        self.put(key, value)
        return value

    def peek(self, key: K) -> V | None:
        entry = self._entries.get(id(key))
        return entry[1] if entry is not None and entry[0] is key else None

    def put(self, key: K, value: V) -> None:
        entries = self._entries
        entries.pop(id(key), None)
        if len(entries) >= self.size:
            del entries[next(iter(entries))]
        entries[id(key)] = (key, value)
