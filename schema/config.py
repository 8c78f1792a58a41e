"""Configuration types. Secrets are never exposed: only whether they are set. No I/O."""

from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from schema.errors import ConfigProblem

if TYPE_CHECKING:
    from services.knowledge.index import Effective
    from services.settings import Settings


@strawberry.enum(description="How requests are authenticated.")
class AuthMode(Enum):
    LOCAL = strawberry.enum_value(
        "local", description="Loopback only; requests without credentials act as the local admin."
    )
    MULTI = strawberry.enum_value("multi", description="Every request needs a bearer JWT or an API key.")


@strawberry.type(description="Server settings; change them in the config file or environment and restart.")
class ServerConfig:
    host: str = strawberry.field(description="Address the server binds.")
    port: int = strawberry.field(description="Port the server binds.")
    workers: int = strawberry.field(description="Worker processes.")
    auth_mode: AuthMode = strawberry.field(description="Authentication mode.")
    data_dir: str = strawberry.field(description="Directory for every file the server writes.")
    config_file: str = strawberry.field(description="The TOML file runtime changes are saved to.")
    database_backend: str = strawberry.field(description="'sqlite' or 'postgresql'.")
    database_url: str = strawberry.field(description="Database URL with any password hidden.")
    allow_registration: bool = strawberry.field(description="Whether `register` is open.")


@strawberry.type(description="LLM provider endpoints and retry policy.")
class ProvidersConfig:
    ollama_host: str = strawberry.field(description="Ollama server URL.")
    anthropic_base_url: str | None = strawberry.field(description="Anthropic API base URL override.")
    anthropic_api_key_set: bool = strawberry.field(description="Whether an Anthropic API key is configured.")
    request_timeout_seconds: float = strawberry.field(description="Timeout of one provider request.")
    max_retries: int = strawberry.field(description="Retries of transient provider failures.")


@strawberry.type(description="Default models, as 'provider:model'.")
class ModelsConfig:
    chat: str = strawberry.field(description="Default chat model.")
    vision: str | None = strawberry.field(
        description="The configured vision model (MULTIMODAL agents' default); null: the first installed model that "
        "can see images is used."
    )
    embedding: str = strawberry.field(
        description="The embedding model search and ingestion use: the configured one, or (unset) the one the "
        "existing vectors were built with, or local:all-minilm-l6-v2 for a deployment with none yet."
    )
    caption: str | None = strawberry.field(
        description="The vision model that captions images during ingestion (the caption is indexed beside the "
        "image's OCR text); null: images are indexed by their OCR text only."
    )


@strawberry.type(description="Knowledge chunking and retrieval settings.")
class RetrievalConfig:
    top_k: int = strawberry.field(description="Chunks and memories retrieved per question.")
    score_threshold: float = strawberry.field(description="Minimum score of a retrieved item.")
    chunk_size: int = strawberry.field(
        description="Most tokens per chunk, in the embedding model's tokenizer: the configured value, or (unset) "
        "what the model's window holds, at most 400."
    )
    chunk_overlap: int = strawberry.field(
        description="Tokens shared by neighbouring chunks: the configured value, or (unset) a tenth of the chunk size."
    )
    context_share: float = strawberry.field(description="Most of a prompt's token budget retrieved text may fill.")
    memory_merge_threshold: float = strawberry.field(
        description="Dense similarity at which an extracted memory merges into an existing one."
    )
    memory_cleanup_seconds: float = strawberry.field(description="How often expired memories are deleted.")


@strawberry.type(description="Request and input limits.")
class LimitsConfig:
    default_page_size: int = strawberry.field(description="Page size when neither `first` nor `last` is given.")
    max_page_size: int = strawberry.field(description="Largest `first`/`last` accepted.")
    max_name_length: int = strawberry.field(description="Longest name or title.")
    max_text_length: int = strawberry.field(description="Longest message, description or system prompt.")
    max_query_depth: int = strawberry.field(description="Deepest GraphQL query accepted.")
    max_import_bytes: int = strawberry.field(description="Largest import document.")
    max_upload_bytes: int = strawberry.field(description="Largest uploaded file.")
    max_upload_files: int = strawberry.field(description="Most files in one upload request.")
    max_attachments: int = strawberry.field(description="Most files one chat message carries.")
    max_extracted_chars: int = strawberry.field(description="Most characters of text extracted from one content.")
    max_chunks: int = strawberry.field(description="Most chunks one content is cut into.")
    max_unpacked_bytes: int = strawberry.field(
        description="Largest unpacked size of a zip-based file (docx), declared or inflated."
    )
    max_image_pixels: int = strawberry.field(description="Largest image, in pixels (width times height).")
    max_pdf_pages: int = strawberry.field(description="Most pages in a PDF.")
    max_document_bytes: int = strawberry.field(description="Largest GraphQL document, in bytes.")
    max_document_tokens: int = strawberry.field(description="Most tokens in a GraphQL document.")
    max_aliases: int = strawberry.field(description="Most aliases in a GraphQL document.")
    max_fragments: int = strawberry.field(description="Most fragment definitions in a GraphQL document.")
    max_fragment_spreads: int = strawberry.field(description="Most fragment spreads in a GraphQL document.")
    max_query_cost: int = strawberry.field(
        description="Highest query cost: every field counts once per item of each enclosing list or page."
    )
    max_repeated_selections: int = strawberry.field(
        description="Highest product of same-named sibling selections along a path."
    )


@strawberry.type(description="What any client may know about this server before and after signing in.")
class ServerInfo:
    auth_mode: AuthMode = strawberry.field(description="Authentication mode.")
    allow_registration: bool = strawberry.field(description="Whether `register` is open.")
    version: str = strawberry.field(description="The Switchboard version.")
    default_page_size: int = strawberry.field(description="Page size when neither `first` nor `last` is given.")
    max_page_size: int = strawberry.field(description="Largest `first`/`last` accepted.")
    max_name_length: int = strawberry.field(description="Longest name or title.")
    max_text_length: int = strawberry.field(description="Longest message, description or system prompt.")
    max_upload_bytes: int = strawberry.field(description="Largest uploaded file.")
    max_upload_files: int = strawberry.field(description="Most files in one upload request.")
    max_attachments: int = strawberry.field(description="Most files one chat message carries.")

    @classmethod
    def from_settings(cls, s: "Settings", version: str) -> "ServerInfo":
        lim = s.limits
        return cls(
            auth_mode=AuthMode(s.auth_mode),
            allow_registration=s.allow_registration,
            version=version,
            default_page_size=lim.default_page_size,
            max_page_size=lim.max_page_size,
            max_name_length=lim.max_name_length,
            max_text_length=lim.max_text_length,
            max_upload_bytes=lim.max_upload_bytes,
            max_upload_files=lim.max_upload_files,
            max_attachments=lim.max_attachments,
        )


@strawberry.type(description="The running configuration, by section.")
class Config:
    server: ServerConfig = strawberry.field(description="Server settings (restart to change).")
    providers: ProvidersConfig = strawberry.field(description="Provider endpoints and retries.")
    models: ModelsConfig = strawberry.field(description="Default models.")
    retrieval: RetrievalConfig = strawberry.field(description="Retrieval settings.")
    limits: LimitsConfig = strawberry.field(description="Limits.")

    @classmethod
    def from_settings(cls, s: "Settings", database_url: str, knowledge: "Effective") -> "Config":
        p, r, lim = s.providers, s.retrieval, s.limits
        return cls(
            server=ServerConfig(
                host=s.host,
                port=s.port,
                workers=s.workers,
                auth_mode=AuthMode(s.auth_mode),
                data_dir=str(s.data_dir),
                config_file=str(s.resolved_config_file),
                database_backend="sqlite" if database_url.startswith("sqlite") else "postgresql",
                database_url=database_url,
                allow_registration=s.allow_registration,
            ),
            providers=ProvidersConfig(
                ollama_host=p.ollama_host,
                anthropic_base_url=p.anthropic_base_url,
                anthropic_api_key_set=p.anthropic_api_key is not None,
                request_timeout_seconds=p.request_timeout_seconds,
                max_retries=p.max_retries,
            ),
            models=ModelsConfig(
                chat=s.models.chat, vision=s.models.vision, embedding=knowledge.embedding, caption=s.models.caption
            ),
            retrieval=RetrievalConfig(
                top_k=r.top_k,
                score_threshold=r.score_threshold,
                chunk_size=knowledge.chunk_size,
                chunk_overlap=knowledge.chunk_overlap,
                context_share=r.context_share,
                memory_merge_threshold=r.memory_merge_threshold,
                memory_cleanup_seconds=r.memory_cleanup_seconds,
            ),
            limits=LimitsConfig(
                default_page_size=lim.default_page_size,
                max_page_size=lim.max_page_size,
                max_name_length=lim.max_name_length,
                max_text_length=lim.max_text_length,
                max_query_depth=lim.max_query_depth,
                max_import_bytes=lim.max_import_bytes,
                max_upload_bytes=lim.max_upload_bytes,
                max_upload_files=lim.max_upload_files,
                max_attachments=lim.max_attachments,
                max_extracted_chars=lim.max_extracted_chars,
                max_chunks=lim.max_chunks,
                max_unpacked_bytes=lim.max_unpacked_bytes,
                max_image_pixels=lim.max_image_pixels,
                max_pdf_pages=lim.max_pdf_pages,
                max_document_bytes=lim.max_document_bytes,
                max_document_tokens=lim.max_document_tokens,
                max_aliases=lim.max_aliases,
                max_fragments=lim.max_fragments,
                max_fragment_spreads=lim.max_fragment_spreads,
                max_query_cost=lim.max_query_cost,
                max_repeated_selections=lim.max_repeated_selections,
            ),
        )


@strawberry.input(description="Provider changes; omitted fields stay.")
class ProvidersConfigInput:
    ollama_host: str | None = strawberry.field(default=None, description="Ollama server URL.")
    anthropic_base_url: str | None = strawberry.field(default=None, description="Anthropic API base URL.")
    anthropic_api_key: str | None = strawberry.field(default=None, description="Anthropic API key (write-only).")
    request_timeout_seconds: float | None = strawberry.field(default=None, description="Request timeout.")
    max_retries: int | None = strawberry.field(default=None, description="Retries of transient failures.")


@strawberry.input(description="Default model changes.")
class ModelsConfigInput:
    chat: str | None = strawberry.field(default=None, description="Default chat model.")
    vision: str | None = strawberry.field(default=None, description="Default vision model ('' unsets it).")
    embedding: str | None = strawberry.field(default=None, description="Default embedding model.")
    caption: str | None = strawberry.field(
        default=None,
        description="Vision model that captions images during ingestion, as 'provider:model'; an empty string "
        "turns captions off.",
    )


@strawberry.input(description="Retrieval changes.")
class RetrievalConfigInput:
    top_k: int | None = strawberry.field(default=None, description="Items retrieved per question.")
    score_threshold: float | None = strawberry.field(default=None, description="Minimum score.")
    chunk_size: int | None = strawberry.field(
        default=None, description="Most tokens per chunk; refused if the embedding model's window cannot hold it."
    )
    chunk_overlap: int | None = strawberry.field(default=None, description="Tokens of overlap.")
    context_share: float | None = strawberry.field(default=None, description="Share of the prompt for retrieval.")
    memory_merge_threshold: float | None = strawberry.field(default=None, description="Similarity that merges.")
    memory_cleanup_seconds: float | None = strawberry.field(default=None, description="Expiry cleanup interval.")


@strawberry.input(description="Limit changes.")
class LimitsConfigInput:
    default_page_size: int | None = strawberry.field(default=None, description="Default page size.")
    max_page_size: int | None = strawberry.field(default=None, description="Largest page size.")
    max_name_length: int | None = strawberry.field(default=None, description="Longest name or title.")
    max_text_length: int | None = strawberry.field(default=None, description="Longest text.")
    max_query_depth: int | None = strawberry.field(default=None, description="Deepest query.")
    max_import_bytes: int | None = strawberry.field(default=None, description="Largest import document.")
    max_extracted_chars: int | None = strawberry.field(default=None, description="Most characters per content.")
    max_chunks: int | None = strawberry.field(default=None, description="Most chunks per content.")
    max_unpacked_bytes: int | None = strawberry.field(default=None, description="Largest unpacked docx.")
    max_image_pixels: int | None = strawberry.field(default=None, description="Largest image, in pixels.")
    max_pdf_pages: int | None = strawberry.field(default=None, description="Most pages in a PDF.")
    max_attachments: int | None = strawberry.field(default=None, description="Most files one message carries.")
    max_document_bytes: int | None = strawberry.field(default=None, description="Largest GraphQL document.")
    max_document_tokens: int | None = strawberry.field(default=None, description="Most tokens in a document.")
    max_aliases: int | None = strawberry.field(default=None, description="Most aliases in a document.")
    max_fragments: int | None = strawberry.field(default=None, description="Most fragment definitions.")
    max_fragment_spreads: int | None = strawberry.field(default=None, description="Most fragment spreads.")
    max_query_cost: int | None = strawberry.field(default=None, description="Highest query cost.")
    max_repeated_selections: int | None = strawberry.field(
        default=None, description="Highest product of same-named sibling selections."
    )


@strawberry.input(description="A change to the runtime sections of the configuration.")
class ConfigInput:
    providers: ProvidersConfigInput | None = strawberry.field(default=None, description="Provider changes.")
    models: ModelsConfigInput | None = strawberry.field(default=None, description="Default model changes.")
    retrieval: RetrievalConfigInput | None = strawberry.field(default=None, description="Retrieval changes.")
    limits: LimitsConfigInput | None = strawberry.field(default=None, description="Limit changes.")


@strawberry.type(description="The outcome of `validateConfig`; nothing was applied.")
class ConfigValidation:
    valid: bool = strawberry.field(description="True when the change could be applied as it is.")
    problems: list[ConfigProblem] = strawberry.field(description="Every problem found.")
