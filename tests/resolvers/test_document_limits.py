"""Document limits: the measuring walk is linear whatever the fragments do, and every limit names itself."""

from __future__ import annotations

import random
import re

import pytest
from graphql import Node, parse

from resolvers.document_limits import DocumentLimits, LimitExceeded, check_source, enforce, measure
from resolvers.schema import build_schema
from tests.paths import ROOT

SCHEMA = build_schema()._schema
LIMITS = DocumentLimits()
# The nested query of bench/http_bench.py and the dataloader test: 20 agents x 10 conversations x 10 messages.
NESTED = """{ agents(first: 20) { nodes { id name conversations(first: 10) { nodes { id title
  messages(first: 10) { nodes { id role content } } } } } } }"""


def fan_out(n: int) -> str:
    """`F_i` spreads `F_{i-1}` twice: 2^(n-1) copies of the leaf when expanded, ~40 bytes per fragment."""
    fragments = ["fragment F0 on Query { ok }"]
    fragments += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, n)]
    return f"query {{ ...F{n - 1} }}\n" + "\n".join(fragments)


def node_count(document: Node) -> int:
    count, stack = 0, [document]
    while stack:
        node = stack.pop()
        if isinstance(node, Node):
            count += 1
            stack.extend(getattr(node, key) for key in node.keys if key != "loc")
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    return count


@pytest.mark.parametrize("n", [10, 20, 29, 60])
def test_fan_out_fragments_are_measured_in_linear_work_and_refused_by_cost(n: int) -> None:
    document = parse(fan_out(n))
    stats = measure(document, SCHEMA, LIMITS)
    # Each fragment is walked once: n definitions + 2n spreads + the leaf + the operation.
    assert stats.visited <= 2 * node_count(document)
    assert stats.spreads == 2 * (n - 1) + 1 and stats.fragments == n
    if 2 ** (n - 1) > LIMITS.max_cost:
        with pytest.raises(LimitExceeded) as refused:
            enforce(stats, LIMITS)
        assert refused.value.extensions == {
            "code": "QUERY_TOO_COMPLEX",
            "limit": "maxQueryCost",
            "value": LIMITS.max_cost + 1,  # saturated: the walk never builds huge numbers
            "max": LIMITS.max_cost,
        }
    else:
        assert stats.cost == 2 ** (n - 1)


def random_document(rng: random.Random) -> str:
    """Random fragment DAGs over real fields: spreads only point at earlier fragments."""
    leaves = ["ok", "__typename", "me { username }", "agents(first: 3) { totalCount nodes { id name } }"]
    fragments: list[str] = []
    for i in range(rng.randint(1, 30)):
        parts = [rng.choice(leaves) for _ in range(rng.randint(1, 3))]
        parts += [f"...F{rng.randrange(i)}" for _ in range(rng.randint(0, 4)) if i]
        fragments.append(f"fragment F{i} on Query {{ {' '.join(parts)} }}")
    spreads = " ".join(f"...F{rng.randrange(len(fragments))}" for _ in range(rng.randint(1, 4)))
    return f"query {{ {spreads} }}\n" + "\n".join(fragments)


@pytest.mark.parametrize("seed", range(25))
def test_random_documents_are_measured_in_linear_work(seed: int) -> None:
    document = parse(random_document(random.Random(seed)))
    stats = measure(document, SCHEMA, LIMITS)
    assert stats.visited <= 2 * node_count(document)


def test_the_nested_bench_query_and_every_example_operation_pass_the_default_limits() -> None:
    stats = measure(parse(NESTED), SCHEMA, LIMITS)
    # agents 1 + 20 x (nodes 1 + id, name 2 + conversations 1 + 10 x (nodes 1 + id, title 2 + messages 1 + 10 x 4))
    assert stats.cost == 1 + 20 * (1 + 2 + 1 + 10 * (1 + 2 + 1 + 10 * 4)) == 8881
    enforce(stats, LIMITS)
    documents = sorted((ROOT / "clients" / "operations").glob("*.graphql"))
    readme = (ROOT / "README.md").read_text()
    examples = re.findall(r"```graphql\n(.*?)```", readme, re.DOTALL)
    assert len(documents) >= 9 and len(examples) >= 5
    for source in [path.read_text() for path in documents] + examples:
        check_source(source, LIMITS)
        enforce(measure(parse(source), SCHEMA, LIMITS), LIMITS)


def test_variables_set_the_page_size_and_are_capped() -> None:
    document = parse("query($n: Int) { agents(first: $n) { nodes { id } } }")
    assert measure(document, SCHEMA, LIMITS, {"n": 5}).cost == 1 + 5 * 2
    assert measure(document, SCHEMA, LIMITS, {"n": 10**9}).cost == 1 + LIMITS.max_page_size * 2
    assert measure(document, SCHEMA, LIMITS, {}).cost == 1 + LIMITS.default_page_size * 2


def test_repeated_siblings_multiply_along_a_path() -> None:
    flat = "{ " + " ".join(["me { username }"] * 4) + " }"
    assert measure(parse(flat), SCHEMA, LIMITS).repetition == 4
    nested = "{ me { apiKeys { id } apiKeys { id } } me { username } }"
    assert measure(parse(nested), SCHEMA, LIMITS).repetition == 4
    aliased = "{ a: me { username } b: me { username } }"
    assert measure(parse(aliased), SCHEMA, LIMITS).repetition == 1


def test_source_checks_skip_strings_and_comments() -> None:
    check_source('{ agents(filter: {search: "{{{{{{{{"}) { totalCount } } # (((((((', DocumentLimits(max_nesting=8))
    with pytest.raises(LimitExceeded, match="bracket nesting is 9; the limit `maxDocumentNesting` is 8"):
        check_source("{" * 9, DocumentLimits(max_nesting=8))
    with pytest.raises(LimitExceeded, match="size in bytes is 1001; the limit `maxDocumentBytes` is 1000"):
        check_source("{" + " " * 999 + "}", DocumentLimits(max_bytes=1000))


def test_introspection_is_exempt_from_depth_and_cost_but_not_from_fan_out() -> None:
    from graphql import get_introspection_query

    stats = measure(parse(get_introspection_query(descriptions=True)), SCHEMA, LIMITS)
    enforce(stats, LIMITS)
    assert stats.introspection
    deep = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    with pytest.raises(LimitExceeded, match="introspectionListDepth"):
        measure(parse(deep), SCHEMA, LIMITS)


def test_every_readme_example_is_valid_against_the_schema() -> None:
    """The README's operations (tools, client tools and approvals among them) are valid GraphQL for this schema."""
    from graphql import validate

    examples = re.findall(r"```graphql\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
    assert any("answerToolCall" in e for e in examples) and any("ToolCallStarted" in e for e in examples)
    invalid = {
        source: [e.message for e in errors] for source in examples if (errors := validate(SCHEMA, parse(source)))
    }
    assert invalid == {}  # every invalid block at once, with its errors
