"""Automatic persisted queries exactly as Apollo's PersistedQueryLink speaks them, stored in the database (shared by
replicas, bounded, least recently used evicted), and the trusted-documents mode that runs only a manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from app import create_app
from services.persisted_queries import ManifestError
from tests.conftest import GQL, running
from tests.fakes.server import serve
from tests.gqlws import graphql_ws
from tests.http_streams import MULTIPART_ACCEPT, SSE_ACCEPT, frames, payloads, subscribe

GQL_RESPONSE = "application/graphql-response+json"
AGENTS = "query Agents { agents { totalCount } }"
CREATE = 'mutation Create { createAgent(input: {name: "apq"}) { __typename } }'


def sha(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def persisted(document: str, digest: str | None = None) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest or sha(document)}}


async def post(gql: GQL, body: dict[str, Any], accept: str = "*/*") -> httpx.Response:
    return await gql.client.post("/graphql", json=body, headers={"accept": accept})


def codes(response: httpx.Response) -> list[str]:
    return [e["extensions"]["code"] for e in response.json().get("errors", [])]


def stored(app: Starlette) -> Any:
    return app.state.services.documents


async def test_apollo_round_trip_hash_then_query_then_hash_alone(app: Starlette, gql: GQL) -> None:
    miss = await post(gql, {"extensions": persisted(AGENTS)})
    assert (miss.status_code, miss.json()) == (
        200,
        {"errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]},
    )
    strict = await post(gql, {"extensions": persisted(AGENTS)}, GQL_RESPONSE)
    assert strict.status_code == 404 and codes(strict) == ["PERSISTED_QUERY_NOT_FOUND"]
    registered = await post(gql, {"query": AGENTS, "extensions": persisted(AGENTS)})
    assert registered.json() == {"data": {"agents": {"totalCount": 0}}}
    assert await stored(app).count() == 1
    by_hash = await post(gql, {"extensions": persisted(AGENTS), "operationName": "Agents"})
    assert by_hash.json() == registered.json()
    # GET with the hash alone (Apollo's useGETForHashedQueries): cacheable by URL, never the GraphiQL page.
    params = {"operationName": "Agents", "extensions": json.dumps(persisted(AGENTS))}
    for accept in ("*/*", "text/html,*/*;q=0.8", GQL_RESPONSE):
        got = await gql.client.get("/graphql", params=params, headers={"accept": accept})
        assert (got.status_code, got.json()) == (200, registered.json()), accept


async def test_a_wrong_hash_is_refused_and_never_run(app: Starlette, gql: GQL) -> None:
    wrong = await post(gql, {"query": CREATE, "extensions": persisted(CREATE, sha(AGENTS))}, GQL_RESPONSE)
    assert wrong.status_code == 400 and codes(wrong) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    assert (await gql(AGENTS))["agents"]["totalCount"] == 0
    assert await stored(app).count() == 0
    for extensions, code in (
        ({"persistedQuery": {"version": 2, "sha256Hash": sha(AGENTS)}}, "PERSISTED_QUERY_NOT_SUPPORTED"),
        ({"persistedQuery": {"version": 1, "sha256Hash": "not-a-hash"}}, "BAD_REQUEST"),
        ({"persistedQuery": "yes"}, "BAD_REQUEST"),
    ):
        assert codes(await post(gql, {"query": AGENTS, "extensions": extensions})) == [code]


async def test_only_documents_that_pass_the_guard_and_validation_are_stored(app: Starlette, gql: GQL) -> None:
    invalid = "{ nope }"
    too_many_aliases = "{ " + " ".join(f"a{i}: ok" for i in range(60)) + " }"
    for document, code in ((invalid, "GRAPHQL_VALIDATION_FAILED"), (too_many_aliases, "QUERY_TOO_COMPLEX")):
        assert codes(await post(gql, {"query": document, "extensions": persisted(document)})) == [code]
        assert codes(await post(gql, {"extensions": persisted(document)})) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert await stored(app).count() == 0


async def test_mutations_register_over_post_but_never_run_over_get(app: Starlette, gql: GQL) -> None:
    created = await post(gql, {"query": CREATE, "extensions": persisted(CREATE)})
    assert created.json() == {"data": {"createAgent": {"__typename": "Agent"}}}
    params = {"extensions": json.dumps(persisted(CREATE))}
    refused = await gql.client.get("/graphql", params=params, headers={"accept": GQL_RESPONSE})
    assert refused.status_code == 405 and codes(refused) == ["METHOD_NOT_ALLOWED"]
    assert (await gql(AGENTS))["agents"]["totalCount"] == 1


async def test_replicas_share_registered_documents(make_settings: Any, tmp_path: Path) -> None:
    # Two replicas: one database, a data directory each (the embedded vector store belongs to one of them).
    one, two = make_settings(data_dir=tmp_path / "one"), make_settings(data_dir=tmp_path / "two")
    async with running(one) as (_, first), running(two) as (_, second):
        assert codes(await post(second, {"extensions": persisted(AGENTS)})) == ["PERSISTED_QUERY_NOT_FOUND"]
        await post(first, {"query": AGENTS, "extensions": persisted(AGENTS)})
        assert (await post(second, {"extensions": persisted(AGENTS)})).json() == {"data": {"agents": {"totalCount": 0}}}


async def test_the_store_is_bounded_and_evicts_the_least_recently_used(make_settings: Any) -> None:
    async with running(make_settings(persisted_queries_max=10)) as (app, gql):
        store = stored(app)
        store.touch_seconds = 0  # every use refreshes last_used_at (normally at most every 5 minutes)
        documents = [f"query Q{i} {{ ok }}" for i in range(11)]
        for document in documents[:10]:
            await post(gql, {"query": document, "extensions": persisted(document)})
        assert await store.count() == 10
        assert (await post(gql, {"extensions": persisted(documents[0])})).json() == {"data": {"ok": True}}  # used
        await post(gql, {"query": documents[10], "extensions": persisted(documents[10])})
        assert await store.count() == 9  # past the bound: down to 90 %, least recently used first
        found = [not codes(await post(gql, {"extensions": persisted(d)})) for d in documents]
        assert found == [True, False, False, *[True] * 8]


async def test_the_store_is_bounded_by_size_too(make_settings: Any) -> None:
    async with running(make_settings(persisted_queries_max_bytes=10_000)) as (app, gql):
        big = [f"# {'x' * 3600}\nquery B{i} {{ ok }}" for i in range(4)]
        for document in big:
            assert (await post(gql, {"query": document, "extensions": persisted(document)})).json() == {
                "data": {"ok": True}
            }
        assert await stored(app).count() == 2  # 4 x 3.6 kB > 10 kB: the oldest go until <= 9 kB remain
        found = [not codes(await post(gql, {"extensions": persisted(d)})) for d in big]
        assert found == [False, False, True, True]


async def test_apq_can_be_turned_off(make_settings: Any) -> None:
    async with running(make_settings(persisted_queries_max=0)) as (_, gql):
        off = await post(gql, {"extensions": persisted(AGENTS)})
        assert off.json()["errors"][0]["message"] == "PersistedQueryNotSupported"  # Apollo's link stops sending hashes
        assert codes(off) == ["PERSISTED_QUERY_NOT_SUPPORTED"]
        assert (await gql(AGENTS))["agents"]["totalCount"] == 0  # plain documents still run


SUBSCRIPTION = 'subscription Watch { contentStatus(id: "Q29udGVudDox") { done } }'


@pytest.mark.parametrize("accept", [SSE_ACCEPT, MULTIPART_ACCEPT], ids=["sse", "multipart"])
async def test_hashes_work_on_the_http_streams(app: Starlette, gql: GQL, accept: str) -> None:
    async def stream(body: dict[str, Any]) -> list[dict[str, Any]]:
        async with gql.client.stream("POST", "/graphql", json=body, headers={"accept": accept}) as response:
            return payloads([frame async for frame in frames(response)])

    (miss,) = await stream({"extensions": persisted(SUBSCRIPTION)})
    assert miss == {
        "errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]
    }
    (first,) = await stream({"query": SUBSCRIPTION, "extensions": persisted(SUBSCRIPTION)})
    (again,) = await stream({"extensions": persisted(SUBSCRIPTION)})
    assert first == again and first["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # it ran: no such content


async def test_hashes_work_over_the_websocket(make_settings: Any) -> None:
    app = create_app(make_settings())
    with serve(app, lifespan="on") as base:
        async with graphql_ws(base) as ws:
            with pytest.raises(RuntimeError, match="PERSISTED_QUERY_NOT_FOUND"):
                async for _ in ws.subscribe(None, extensions=persisted(AGENTS)):
                    pass
            with pytest.raises(RuntimeError, match="PERSISTED_QUERY_HASH_MISMATCH"):
                async for _ in ws.subscribe(CREATE, extensions=persisted(CREATE, sha(AGENTS))):
                    pass
            expected = [{"data": {"agents": {"totalCount": 0}}}]
            assert [p async for p in ws.subscribe(AGENTS, extensions=persisted(AGENTS))] == expected
            assert [p async for p in ws.subscribe(None, extensions=persisted(AGENTS))] == expected


# ------------------------------------------------------------------------------------------ trusted documents
TRUSTED = [AGENTS, SUBSCRIPTION]


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "persisted-documents.json"
    path.write_text(json.dumps({sha(document): document for document in TRUSTED}))
    return path


@pytest.fixture
async def trusted(make_settings: Any, manifest: Path) -> Any:
    async with running(make_settings(documents="trusted", documents_manifest=manifest)) as pair:
        yield pair


async def test_trusted_mode_runs_the_manifest_by_hash_or_text_and_nothing_else(trusted: tuple[Starlette, GQL]) -> None:
    _, gql = trusted
    expected = {"data": {"agents": {"totalCount": 0}}}
    assert (await post(gql, {"extensions": persisted(AGENTS)})).json() == expected
    assert (await post(gql, {"query": AGENTS})).json() == expected
    assert (await post(gql, {"query": AGENTS, "extensions": persisted(AGENTS)})).json() == expected
    for body in (
        {"query": CREATE},
        {"query": CREATE, "extensions": persisted(CREATE)},
        {"extensions": persisted(CREATE)},
    ):
        legacy, strict = await post(gql, body), await post(gql, body, GQL_RESPONSE)
        assert (legacy.status_code, strict.status_code) == (200, 403)
        assert codes(legacy) == codes(strict) == ["DOCUMENT_NOT_TRUSTED"]
    # A trusted hash runs the manifest's text, whatever came with it (Apollo's WebSocket link sends its own print).
    beside = await post(gql, {"query": CREATE, "extensions": persisted(CREATE, sha(AGENTS))})
    assert beside.json() == expected
    assert (await post(gql, {"query": AGENTS.replace("Agents", "Other")})).json()["errors"][0]["extensions"] == {
        "code": "DOCUMENT_NOT_TRUSTED"
    }  # one character off is another document
    assert (await post(gql, {"query": AGENTS})).json() == expected  # nothing was created meanwhile


async def test_trusted_mode_applies_to_every_transport(make_settings: Any, manifest: Path) -> None:
    app = create_app(make_settings(documents="trusted", documents_manifest=manifest))
    with serve(app, lifespan="on") as base:
        async with graphql_ws(base) as ws:
            expected = [{"data": {"agents": {"totalCount": 0}}}]
            assert [p async for p in ws.subscribe(AGENTS)] == expected
            assert [p async for p in ws.subscribe(None, extensions=persisted(AGENTS))] == expected
            # Apollo's GraphQLWsLink sends its own print of the document beside the manifest's hash.
            reprinted = "query Agents {\n  agents {\n    totalCount\n  }\n}"
            assert [p async for p in ws.subscribe(reprinted, extensions=persisted(AGENTS))] == expected
            with pytest.raises(RuntimeError, match="DOCUMENT_NOT_TRUSTED"):
                async for _ in ws.subscribe("{ ok }"):
                    pass
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            for accept in (SSE_ACCEPT, MULTIPART_ACCEPT):
                (refused,) = payloads(await subscribe(client, accept, 'subscription { runEvents(runId: "x") { seq } }'))
                assert refused["errors"][0]["extensions"]["code"] == "DOCUMENT_NOT_TRUSTED"
                (ran,) = payloads(await subscribe(client, accept, SUBSCRIPTION))
                assert ran["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_manifest_with_a_wrong_hash_stops_the_start(make_settings: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({sha(AGENTS): CREATE}))
    with pytest.raises(ManifestError, match="is not the sha256 of its document"):
        async with running(make_settings(documents="trusted", documents_manifest=bad)):
            pass
    with pytest.raises(ValueError, match="needs documents_manifest"):
        make_settings(documents="trusted")


async def test_refusals_keep_the_requested_operation_name(gql: GQL) -> None:
    """Apollo sends `operationName` with the hash alone: the refusal must still be the persisted-query one."""
    miss = await post(gql, {"operationName": "Agents", "extensions": persisted(AGENTS)})
    assert codes(miss) == ["PERSISTED_QUERY_NOT_FOUND"]
    too_big = "query Big { " + " ".join(f"a{i}: ok" for i in range(60)) + " }"
    refused = await post(gql, {"operationName": "Big", "query": too_big})
    assert codes(refused) == ["QUERY_TOO_COMPLEX"]
