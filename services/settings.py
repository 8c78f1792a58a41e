"""Typed settings: defaults < TOML config file < environment (SWITCHBOARD_*) < explicit overrides.

The TOML file lives at ``SWITCHBOARD_CONFIG_FILE`` or ``<data_dir>/switchboard.toml``. Server-level
settings (host, port, data directory, database, auth mode) sit at the top level of the file and need
a restart; the sections ``[providers]``, ``[models]``, ``[retrieval]`` and ``[limits]`` can be changed
at runtime through the config service, which writes them back to the same file.
"""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

from limits import parse_many
from pydantic import BaseModel, Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

ENV_PREFIX = "SWITCHBOARD_"
NESTED_DELIMITER = "__"
PROVIDERS = ("local", "ollama", "anthropic")
RUNTIME_SECTIONS = ("providers", "models", "retrieval", "limits")
DEFAULT_EMBEDDING = "local:all-minilm-l6-v2"  # for a deployment with no vectors yet; see ModelSettings.embedding

_file_data: ContextVar[dict[str, Any] | None] = ContextVar("_file_data", default=None)


class ConfigFileError(ValueError):
    """The TOML config file exists but cannot be read or parsed."""


def _check_model_name(value: str) -> str:
    provider, sep, model = value.partition(":")
    if not sep or not model or provider not in PROVIDERS:
        raise ValueError(f"model names look like 'provider:model' with provider one of {', '.join(PROVIDERS)}")
    return value


MAX_CONCURRENCY = 256  # runs of one provider at once in one process (a hosted API serves hundreds)


class ProviderSettings(BaseModel):
    """Where the LLM providers are, how many requests each serves at once, and how to retry them."""

    ollama_host: str = Field(default_factory=lambda: os.environ.get("OLLAMA_HOST") or "http://127.0.0.1:11434")
    ollama_keep_alive: str = "5m"
    anthropic_base_url: str | None = None
    anthropic_api_key: SecretStr | None = Field(
        default_factory=lambda: SecretStr(key) if (key := os.environ.get("ANTHROPIC_API_KEY")) else None
    )
    request_timeout_seconds: float = Field(default=120.0, gt=0, le=3600)
    max_retries: int = Field(default=3, ge=0, le=10)
    retry_base_delay_seconds: float = Field(default=0.5, ge=0, le=60)
    retry_max_delay_seconds: float = Field(default=20.0, ge=0, le=600)
    # Runs each provider executes at once per server process; the rest wait in its priority queue.
    concurrency: dict[str, int] = Field(default_factory=lambda: {"local": 1, "ollama": 2, "anthropic": 4})
    # Extra GGUF files served as 'local:<name>'; the default 'gemma-3-270m' ships as a package.
    local_models: dict[str, str] = Field(default_factory=dict)
    local_context_tokens: int = Field(default=2048, ge=256, le=131_072)
    local_threads: int | None = Field(default=None, ge=1, le=256)

    @field_validator("concurrency")
    @classmethod
    def _positive(cls, value: dict[str, int]) -> dict[str, int]:
        for provider, limit in value.items():
            if provider not in PROVIDERS or not 1 <= limit <= MAX_CONCURRENCY:
                raise ValueError(f"concurrency takes {', '.join(PROVIDERS)} with limits 1-{MAX_CONCURRENCY}")
        return value

    @field_validator("ollama_host", "anthropic_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value


class ModelSettings(BaseModel):
    """Default models, named 'provider:model'."""

    chat: str = "local:gemma-3-270m"
    # A model that can see images: what a MULTIMODAL agent starts on, and named when an image is refused. None: the
    # first installed model whose provider lists "vision" (services/chat/vision.py).
    vision: str | None = None
    # None (unset): the embedder this deployment's vectors were built with, recorded in the database when
    # the first ones were written, or DEFAULT_EMBEDDING for a new one (see services.knowledge.index).
    embedding: str | None = None
    # A vision model ('ollama:llava', 'anthropic:claude-...') that captions every image an INGEST run reads; the
    # caption is indexed with the image's OCR text. None (or "" through updateConfig): no captions. Not `vision`
    # by default: a caption costs a model call per image, so it is asked for explicitly.
    caption: str | None = None

    @field_validator("chat", "embedding", "vision", "caption")
    @classmethod
    def _model_name(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or (value == "" and info.field_name in ("vision", "caption")):  # '' unsets them
            return None
        return _check_model_name(value)


class RetrievalSettings(BaseModel):
    """How knowledge is chunked and retrieved."""

    top_k: int = Field(default=5, ge=1, le=20)  # chunks and memories an agent reads, unless it sets its own
    score_threshold: float = Field(default=0.0, ge=0.0, le=1.0)  # hits scoring below are not used
    # Tokens of the embedder's own tokenizer. None: the embedder's window (at most 400), and a tenth of the
    # chunk; a size beyond the embedder's window is refused (services.knowledge.chunk_sizing).
    chunk_size: int | None = Field(default=None, ge=32, le=8192)
    chunk_overlap: int | None = Field(default=None, ge=0, le=4096)
    context_share: float = Field(default=0.5, gt=0.0, le=0.9)  # most of the prompt budget retrieval may fill
    memory_merge_threshold: float = Field(default=0.92, gt=0.0, le=1.0)  # dense similarity that merges memories
    memory_cleanup_seconds: float = Field(default=300.0, ge=1.0)  # how often expired memories are deleted

    @model_validator(mode="after")
    def _overlap_below_size(self) -> RetrievalSettings:
        if self.chunk_overlap is not None and self.chunk_size is not None and self.chunk_overlap >= self.chunk_size:
            raise ValueError("chunk_overlap must be smaller than chunk_size")
        return self


class ToolSettings(BaseModel):
    """The agent loop: rounds of model -> tool calls -> results, and how long a call may take."""

    max_rounds: int = Field(default=8, ge=1, le=100)  # model turns in one reply; past it the run fails with why
    call_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)  # one tool call
    max_output_chars: int = Field(default=16_000, ge=100, le=1_000_000)  # a tool result is cut beyond this
    wait_timeout_seconds: float = Field(default=600.0, gt=0, le=7 * 24 * 3600)  # for a client's answer or an approval


class LimitSettings(BaseModel):
    """Request and input limits."""

    default_page_size: int = Field(default=20, ge=1, le=1000)
    max_page_size: int = Field(default=100, ge=1, le=1000)
    max_name_length: int = Field(default=200, ge=1, le=10_000)
    max_text_length: int = Field(default=100_000, ge=1, le=10_000_000)
    max_query_depth: int = Field(default=12, ge=2, le=100)
    max_import_bytes: int = Field(default=20_000_000, ge=1_000)
    max_upload_bytes: int = Field(default=50_000_000, ge=1_000)  # one file
    max_upload_files: int = Field(default=5, ge=1, le=100)  # files in one request
    max_attachments: int = Field(default=8, ge=0, le=100)  # files one chat message carries (stored or uploaded)
    # Extraction (services/knowledge/extract), checked while extracting: past one, the upload is refused or the
    # content ends FAILED, with a CONTENT_TOO_LARGE message naming the limit and the measured value.
    max_extracted_chars: int = Field(default=10_000_000, ge=1_000, le=1_000_000_000)  # text of one content
    max_chunks: int = Field(default=20_000, ge=1, le=10_000_000)  # chunks of one content
    max_unpacked_bytes: int = Field(default=200_000_000, ge=10_000)  # a docx's zip members, declared and inflated
    max_image_pixels: int = Field(default=89_478_485, ge=1_000, le=10_000_000_000)  # width x height, from the header
    max_pdf_pages: int = Field(default=5_000, ge=1, le=1_000_000)
    max_request_bytes: int = Field(default=60_000_000, ge=10_000)  # a whole HTTP request body
    # GraphQL documents (every transport); see resolvers/document_limits.py for how each is measured.
    max_document_bytes: int = Field(default=100_000, ge=1_000, le=10_000_000)
    max_document_tokens: int = Field(default=10_000, ge=100, le=1_000_000)
    max_document_nesting: int = Field(default=64, ge=8, le=200)  # brackets; bounds the parser's recursion
    max_aliases: int = Field(default=50, ge=0, le=10_000)
    max_fragments: int = Field(default=100, ge=0, le=10_000)
    max_fragment_spreads: int = Field(default=300, ge=0, le=100_000)
    max_query_cost: int = Field(default=50_000, ge=10, le=100_000_000)
    max_repeated_selections: int = Field(default=16, ge=1, le=10_000)
    max_json_nesting: int = Field(default=64, ge=8, le=200)  # request bodies, variables, socket messages

    @model_validator(mode="after")
    def _default_within_max(self) -> LimitSettings:
        if self.default_page_size > self.max_page_size:
            raise ValueError("default_page_size must not exceed max_page_size")
        return self


def _check_rate(value: str) -> str:
    """'10/minute', '100 per hour', '5/30 seconds' (the `limits` library's notation), or '' / 'off'."""
    value = value.strip()
    if value.lower() in ("", "off"):
        return ""
    try:
        parse_many(value)
    except ValueError as exc:
        raise ValueError(f"not a rate like '10/minute' or 'off': {exc}") from None
    return value


class QuotaSettings(BaseModel):
    """Per-user rate limits, token quotas and queue caps (README "Limits and quotas"). A rate is written as the
    `limits` library reads it: '60/minute', '1000/hour', '5/30 seconds', several separated by ';'; '' or 'off'
    turns one off."""

    queries: str = "600/minute"  # queries and subscriptions started, per user (per client address when anonymous)
    mutations: str = "120/minute"
    runs: str = "60/minute"  # mutations that queue a run (sendMessage, uploadContent, runTestSuite, ...)
    uploads: str = "30/minute"  # multipart requests carrying files
    login_failures_per_account: str = "5/minute"  # failed logins before the account's logins wait
    login_failures_per_address: str = "30/minute"  # failed logins from one client address, any account
    exempt_admins: bool = True  # admins (and so `local` mode) are not rate limited
    # Tokens (prompt + completion) a user may spend per UTC day on a provider; a provider not named is unlimited.
    # Admins are exempt. Checked when a run is queued, counted from each finished run's recorded usage.
    daily_tokens: dict[str, int] = Field(default_factory=dict)
    max_queued_per_provider: int = Field(default=1000, ge=1, le=1_000_000)  # QUEUED runs waiting on one provider
    max_queued_per_user: int = Field(default=200, ge=1, le=1_000_000)  # QUEUED runs of one user, all providers

    @field_validator(
        "queries", "mutations", "runs", "uploads", "login_failures_per_account", "login_failures_per_address"
    )
    @classmethod
    def _rate(cls, value: str) -> str:
        return _check_rate(value)

    @field_validator("daily_tokens")
    @classmethod
    def _quota(cls, value: dict[str, int]) -> dict[str, int]:
        for provider, tokens in value.items():
            if provider not in PROVIDERS or tokens < 0:
                raise ValueError(f"daily_tokens takes {', '.join(PROVIDERS)} with a token count >= 0")
        return value


class RetentionSettings(BaseModel):
    """What CLEANUP runs remove (README "Retention and cleanup"). Every policy is off (None: keep forever) until
    set; ages are in days. `cleanup_interval_seconds` queues a CLEANUP run on that interval (None: only on demand)."""

    compact_run_events_after_days: float | None = Field(default=None, gt=0)  # finished runs' token deltas
    delete_runs_after_days: float | None = Field(default=None, gt=0)  # finished runs, with their events and items
    delete_contents_after_days: float | None = Field(default=None, gt=0)  # by creation; their vectors and files too
    delete_conversations_after_days: float | None = Field(default=None, gt=0)  # by last activity; with messages
    cleanup_interval_seconds: float | None = Field(default=None, gt=0)


class _FileSource(InitSettingsSource):
    """The parsed TOML file, as the lowest-priority non-default source."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls, init_kwargs=_file_data.get() or {})


class Settings(BaseSettings):
    """Everything the server reads at start-up; see README 'Configuration'."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter=NESTED_DELIMITER,
        extra="ignore",
        validate_default=True,
    )

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    data_dir: Path = Path("data")
    config_file: Path | None = None
    database_url: str | None = None
    auth_mode: Literal["local", "multi"] = "local"
    secret_key: SecretStr | None = None
    access_token_ttl_s: int = Field(default=900, ge=30)
    refresh_token_ttl_s: int = Field(default=30 * 24 * 3600, ge=60)
    allow_registration: bool = True
    allowed_origins: list[str] = Field(default_factory=list)
    log_level: str = "info"
    log_buffer_lines: int = Field(default=2000, ge=10, le=1_000_000)  # recent lines kept for `serverLogs`
    # OpenTelemetry traces over OTLP/HTTP (README "Traces"): off unless an endpoint is set, e.g. http://collector:4318
    otlp_endpoint: str | None = None
    otlp_service_name: str = "switchboard"
    # Who may introspect the schema and read /metrics. Unset: everyone in `local` mode; signed-in users
    # (introspection) and admins (metrics) in `multi` mode.
    introspection: Literal["on", "authenticated", "off"] | None = None
    metrics: Literal["public", "admin", "off"] | None = None
    ws_init_timeout_seconds: float = Field(default=5.0, gt=0, le=600)  # a socket must send connection_init by then
    # WebSocket permessage-deflate: off, because a compressor and decompressor per connection cost ~43 KiB of memory
    # each (bench/ws_idle_bench.py) and token frames are too small to gain from it.
    ws_compression: bool = False
    qdrant_url: str | None = None  # a Qdrant server; default: Qdrant Edge in this process, in <data_dir>/vectors
    pubsub_url: str = "memory://"  # redis://host:6379/0 (or postgres://...) when several processes serve
    run_heartbeat_seconds: float = Field(default=5.0, gt=0, le=300)
    run_stale_after_seconds: float = Field(default=30.0, gt=0, le=3600)
    # Which GraphQL documents run (README "Persisted queries and trusted documents"): `open` runs any document
    # and speaks Apollo's automatic persisted queries; `trusted` runs only the documents in `documents_manifest`.
    documents: Literal["open", "trusted"] = "open"
    documents_manifest: Path | None = None  # JSON {"<sha256>": "<document>"}, written by codegen in clients/
    persisted_queries_max: int = Field(default=10_000, ge=0, le=10_000_000)  # APQ documents kept; 0 turns APQ off
    persisted_queries_max_bytes: int = Field(default=50_000_000, ge=10_000)  # and their total size
    stream_heartbeat_seconds: float = Field(default=10.0, gt=0, le=300)  # SSE and multipart subscription keep-alives
    # How long `models`, `providers` and `hardware` answers are reused (README "Caching"); 0 turns caching off.
    cache_ttl_seconds: float = Field(default=10.0, ge=0, le=3600)
    # /ready (README "Health and readiness"): each check's time limit, and the providers whose failure makes it 503.
    ready_timeout_seconds: float = Field(default=2.0, gt=0, le=60)
    ready_required_providers: list[str] = Field(default_factory=list)

    providers: ProviderSettings = Field(default_factory=ProviderSettings)
    models: ModelSettings = Field(default_factory=ModelSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)
    quotas: QuotaSettings = Field(default_factory=QuotaSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    tools: ToolSettings = Field(default_factory=ToolSettings)

    @field_validator("ready_required_providers")
    @classmethod
    def _known_providers(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in PROVIDERS]
        if unknown:
            raise ValueError(f"unknown providers {unknown}; known: {', '.join(PROVIDERS)}")
        return value

    @model_validator(mode="after")
    def _trusted_needs_a_manifest(self) -> Settings:
        if self.documents == "trusted" and self.documents_manifest is None:
            raise ValueError("documents = 'trusted' needs documents_manifest (SWITCHBOARD_DOCUMENTS_MANIFEST)")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _FileSource(settings_cls))

    @property
    def introspection_policy(self) -> str:
        return self.introspection or ("on" if self.auth_mode == "local" else "authenticated")

    @property
    def metrics_policy(self) -> str:
        return self.metrics or ("public" if self.auth_mode == "local" else "admin")

    @property
    def resolved_config_file(self) -> Path:
        return self.config_file or self.data_dir / "switchboard.toml"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{(self.data_dir / 'switchboard.db').resolve()}"


def config_file_path(overrides: dict[str, Any]) -> Path:
    """Where the config file is, before the rest of the settings can be read."""
    if overrides.get("config_file"):
        return Path(overrides["config_file"])
    if os.environ.get(f"{ENV_PREFIX}CONFIG_FILE"):
        return Path(os.environ[f"{ENV_PREFIX}CONFIG_FILE"])
    data_dir = overrides.get("data_dir") or os.environ.get(f"{ENV_PREFIX}DATA_DIR") or "data"
    return Path(data_dir) / "switchboard.toml"


def read_config_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigFileError(f"cannot read config file {path}: {exc}") from exc


def load_settings(file_data: dict[str, Any] | None = None, **overrides: Any) -> Settings:
    """Build settings from every source; ``file_data`` replaces reading the file (for validation)."""
    data = read_config_file(config_file_path(overrides)) if file_data is None else file_data
    token = _file_data.set(data)
    try:
        return Settings(**overrides)
    finally:
        _file_data.reset(token)


def env_var_for(path: str) -> str:
    """``limits.max_page_size`` -> ``SWITCHBOARD_LIMITS__MAX_PAGE_SIZE``."""
    return ENV_PREFIX + path.replace(".", NESTED_DELIMITER).upper()


def pinned_by_environment(path: str) -> bool:
    """True when an environment variable fixes this setting, so runtime changes would not stick."""
    wanted = env_var_for(path)
    section = wanted.rsplit(NESTED_DELIMITER, 1)[0]
    names = {name.upper() for name in os.environ}
    return wanted in names or (section != wanted and section in names)
