"""The document guard: documents are parsed and validated once, and its refusals are pre-execution errors."""

from __future__ import annotations

from resolvers import document_guard
from tests.conftest import GQL


async def test_documents_are_parsed_and_validated_once(gql: GQL) -> None:
    caches = [document_guard._parse, document_guard._validate]
    query = "{ agents(first: 3) { totalCount } __typename }"
    await gql(query)
    before = [cache.cache_info() for cache in caches]
    for _ in range(5):
        await gql(query)
    after = [cache.cache_info() for cache in caches]
    for old, new in zip(before, after, strict=True):
        assert new.hits - old.hits == 5
        assert new.misses == old.misses


async def test_long_documents_are_not_cached(gql: GQL) -> None:
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(40)) + " }" + " " * document_guard.CACHEABLE_CHARS
    before = document_guard._parse.cache_info()
    assert len(await gql(query)) == 40
    after = document_guard._parse.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)
