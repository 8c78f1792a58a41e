"""Prometheus metrics of the work itself (README "Metrics"): runs, queues, generation speed, tokens, live
connections, ingestion, retries and fallbacks. HTTP request metrics live beside the routes (app/guard.py).

The instruments are process-wide, in `REGISTRY`, which `/metrics` serves together with the app's HTTP
registry. Labels are bounded: kinds, statuses and providers are fixed sets, and a model label is recorded only
once a model has produced a token (a misspelt model name never reaches a series). Queue depth is read from
the database at each scrape (`set_queue_depths`), so it is right whichever process queued or claimed.

Other services record through the helpers below; `fallback(...)` is the counter model fallback increments.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

RUNS_STARTED = Counter(
    "switchboard_runs_started_total", "Runs a dispatcher claimed", ["kind", "provider"], registry=REGISTRY
)
RUNS_FINISHED = Counter(
    "switchboard_runs_finished_total",
    "Runs that ended, by how",
    ["kind", "status", "provider"],
    registry=REGISTRY,
)
QUEUE_DEPTH = Gauge(
    "switchboard_queue_depth",
    "Runs waiting (queued) and executing (running) per provider queue, read at scrape time",
    ["provider", "status"],
    registry=REGISTRY,
)
QUEUE_WAIT = Histogram(
    "switchboard_queue_wait_seconds",
    "Time from queueing to being claimed",
    ["kind", "provider"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900),
    registry=REGISTRY,
)
TIME_TO_FIRST_TOKEN = Histogram(
    "switchboard_time_to_first_token_seconds",
    "From a run's start to its first generated token",
    ["provider", "model"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60),
    registry=REGISTRY,
)
TOKENS_PER_SECOND = Histogram(
    "switchboard_tokens_per_second",
    "Generation speed after the first token",
    ["provider", "model"],
    buckets=(1, 2, 5, 10, 20, 35, 50, 75, 100, 150, 250, 500, 1000),
    registry=REGISTRY,
)
TOKENS = Counter(
    "switchboard_tokens_total",
    "Tokens in (prompt) and out (completion)",
    ["provider", "model", "direction"],
    registry=REGISTRY,
)
WEBSOCKETS = Gauge("switchboard_websocket_connections", "Open GraphQL WebSocket connections", registry=REGISTRY)
SUBSCRIPTIONS = Gauge(
    "switchboard_subscriptions", "Active GraphQL subscriptions, over every transport", registry=REGISTRY
)
SUBSCRIPTION_EVENTS = Counter(
    "switchboard_subscription_event_results_total",
    "Results of live events shared by subscribers of one process: executed for the first subscriber of a "
    "document, or shared (reused) by the others",
    ["execution"],
    registry=REGISTRY,
)
INGEST_CHUNKS = Counter(
    "switchboard_ingest_chunks_total", "Chunks embedded and stored by ingestion", ["embedder"], registry=REGISTRY
)
EMBED_SECONDS = Histogram(
    "switchboard_embed_seconds",
    "One embedding call (a batch of texts not in the cache)",
    ["embedder"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
    registry=REGISTRY,
)
RETRIES = Counter(
    "switchboard_provider_retries_total",
    "Provider calls retried after a transient error",
    ["provider"],
    registry=REGISTRY,
)
FALLBACKS = Counter(
    "switchboard_fallbacks_total",
    "Runs answered by a fallback model because their model failed before the first token",
    ["provider", "model", "fallback"],
    registry=REGISTRY,
)


def run_started(kind: str, provider: str, waited_seconds: float | None) -> None:
    RUNS_STARTED.labels(kind, provider).inc()
    if waited_seconds is not None:
        QUEUE_WAIT.labels(kind, provider).observe(max(waited_seconds, 0.0))


def run_finished(kind: str, status: str, provider: str, model: str | None, usage: dict[str, object]) -> None:
    """The run's end, and its generation figures when it reported any (`Outcome.usage`)."""
    RUNS_FINISHED.labels(kind, status, provider).inc()
    if not model or not usage:
        return
    model_label = model.partition(":")[2] or model
    ttft, tps = usage.get("ttft_ms"), usage.get("tokens_per_second")
    if not isinstance(ttft, (int, float)):
        return  # no token came: the model may not even exist, so no series is made for it
    TIME_TO_FIRST_TOKEN.labels(provider, model_label).observe(ttft / 1000)
    if isinstance(tps, (int, float)):
        TOKENS_PER_SECOND.labels(provider, model_label).observe(tps)
    for direction, key in (("in", "prompt_tokens"), ("out", "completion_tokens")):
        count = usage.get(key)
        if isinstance(count, int) and count > 0:
            TOKENS.labels(provider, model_label, direction).inc(count)


def set_queue_depths(depths: Iterable[tuple[str, int, int]], providers: Iterable[str]) -> None:
    """(provider, queued, running) from the database; every known queue gets a value, 0 when empty."""
    found = {p: (q, r) for p, q, r in depths}
    for provider in {*providers, *found}:
        queued, running = found.get(provider, (0, 0))
        QUEUE_DEPTH.labels(provider, "queued").set(queued)
        QUEUE_DEPTH.labels(provider, "running").set(running)


def retried(provider: str) -> None:
    RETRIES.labels(provider or "unknown").inc()


def fallback(model: str, fallback_model: str) -> None:
    """A run's `model` ('provider:model') failed before its first token and `fallback_model` answered instead."""
    provider, _, name = model.partition(":")
    FALLBACKS.labels(provider, name, fallback_model).inc()


def embedded(embedder: str, seconds: float) -> None:
    EMBED_SECONDS.labels(embedder).observe(seconds)


def ingested(embedder: str, chunks: int) -> None:
    INGEST_CHUNKS.labels(embedder).inc(chunks)
