"""Content queries and mutations: addText, uploadContent (GraphQL multipart), update, delete."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated, Any, cast

import strawberry
from strawberry.file_uploads import Upload

from resolvers.agents import DeleteResult
from resolvers.errors import returns_errors
from resolvers.permissions import Authenticated
from schema.common import After, Before, Connection, First, Last, ObjectID, value_of
from schema.content import (
    AddEmbeddingInput,
    AddTextInput,
    Content,
    ContentAdded,
    ContentFilter,
    ContentStatusUpdate,
    IndexStatus,
    UploadContentInput,
)
from schema.errors import Deleted, NotFoundError, ValidationError
from schema.ids import decode_id, to_global_id
from schema.info import Info
from schema.run import Run
from services import validation
from services.errors import ValidationFailed
from services.knowledge import content as contents
from services.knowledge import reindex
from services.runs import events
from services.runs.event_kinds import Progress, StatusChanged

FINAL = ("ready", "failed", "cancelled")

ContentAddedResult = Annotated[
    ContentAdded | ValidationError | NotFoundError,
    strawberry.union("ContentAddedResult", description="The stored content, or why nothing was stored."),
]
ReindexResult = Annotated[
    Run | ValidationError,
    strawberry.union("ReindexResult", description="The REINDEX run, or why none was started."),
]
ContentResult = Annotated[
    Content | ValidationError | NotFoundError,
    strawberry.union("ContentResult", description="The content, or why the change was refused."),
]


def _added(added: contents.Added) -> ContentAdded:
    return ContentAdded(
        content=Content.from_row(added.content),
        created=added.created,
        ingest_run_id=strawberry.ID(to_global_id("Run", added.run.id)) if added.run else None,
    )


def _agent(value: strawberry.ID | None) -> str | None:
    return decode_id(value, "Agent", "agentId") if value else None


@strawberry.type
class ContentQueries:
    @strawberry.field(description="One of your contents by ID.", permission_classes=[Authenticated])
    async def content(self, info: Info, id: ObjectID) -> Content:
        ctx = info.context
        async with ctx.read() as session:
            return Content.from_row(await contents.get(session, ctx.user, decode_id(id, "Content")))

    @strawberry.field(
        description="Your contents, oldest first, optionally filtered.", permission_classes=[Authenticated]
    )
    async def contents(
        self,
        info: Info,
        filter: Annotated[ContentFilter | None, strawberry.argument(description="Conditions to meet.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Content]:
        ctx = info.context
        args = ctx.page_args(first=first, after=after, last=last, before=before)
        where = None
        if filter is not None:
            where = contents.ContentFilter(
                agent_id=_agent(filter.agent_id),
                media_types=[value_of(m) for m in filter.media_types] if filter.media_types else None,
                status=value_of(filter.status) if filter.status else None,
                metadata=validation.metadata_filter(filter.metadata),
            )
        async with ctx.read() as session:
            page = await contents.list_page(session, ctx.user, where, args)
        return ctx.connection(page, Content.from_row)

    @strawberry.field(
        description="How much of your knowledge is indexed with the current embedding model.",
        permission_classes=[Authenticated],
    )
    async def index_status(self, info: Info) -> IndexStatus:
        ctx = info.context
        model = ctx.services.knowledge.embedding_model
        async with ctx.read() as session:
            counts = await reindex.status(session, ctx.user, model)
        return IndexStatus(embedding_model=model, **counts)


@strawberry.type
class ContentMutations:
    @strawberry.mutation(
        description="Store text or markdown and queue its ingestion (an INGEST run).",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def add_text(
        self, info: Info, input: Annotated[AddTextInput, strawberry.argument(description="The text.")]
    ) -> ContentAddedResult:
        ctx = info.context
        if not input.text.strip():
            raise ValidationFailed("text must not be empty", "text")
        async with ctx.transaction() as session:
            added = await contents.add(
                session,
                ctx.user,
                ctx.services.blobs,
                ctx.settings,
                embedding_model=ctx.services.knowledge.embedding_model,
                data=input.text.encode(),
                filename="text.md" if input.markdown else "text.txt",
                declared_mime="text/markdown" if input.markdown else "text/plain",
                title=input.title,
                agent_id=_agent(input.agent_id),
                metadata=input.metadata,  # type: ignore[arg-type]
            )
        return _added(added)

    @strawberry.mutation(
        description="Upload a file through the GraphQL multipart request spec (send an `apollo-require-preflight` "
        "or `x-apollo-operation-name` header). Text is extracted from txt, md, html, pdf, docx, csv and json.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def upload_content(
        self,
        info: Info,
        file: Annotated[Upload, strawberry.argument(description="The file.")],
        input: Annotated[UploadContentInput | None, strawberry.argument(description="Title, agent, metadata.")] = None,
    ) -> ContentAddedResult:
        ctx = info.context
        data = await file.read()  # type: ignore[attr-defined]
        details = input or UploadContentInput()
        async with ctx.transaction() as session:
            added = await contents.add(
                session,
                ctx.user,
                ctx.services.blobs,
                ctx.settings,
                embedding_model=ctx.services.knowledge.embedding_model,
                data=data,
                filename=getattr(file, "filename", None),
                declared_mime=getattr(file, "content_type", None),
                title=details.title,
                agent_id=_agent(details.agent_id),
                metadata=details.metadata,  # type: ignore[arg-type]
            )
        return _added(added)

    @strawberry.mutation(description="Change a content's title or metadata.", permission_classes=[Authenticated])
    @returns_errors
    async def update_content(
        self,
        info: Info,
        id: ObjectID,
        title: Annotated[str | None, strawberry.argument(description="New title.")] = None,
        metadata: Annotated[
            strawberry.scalars.JSON | None, strawberry.argument(description="Replaces the metadata.")
        ] = None,
    ) -> ContentResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await contents.update(
                session,
                ctx.user,
                decode_id(id, "Content"),
                ctx.settings,
                title=title,
                metadata=cast(dict[str, Any] | None, metadata),
            )
        if metadata is not None:
            await ctx.services.knowledge.update_content_payload(row)
        return Content.from_row(row)

    @strawberry.mutation(
        description="Delete a content with its chunks, its vectors and (when no longer used) its file.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def delete_content(self, info: Info, id: ObjectID) -> DeleteResult:
        ctx = info.context
        await contents.delete(ctx.db, ctx.services.knowledge, ctx.user, decode_id(id, "Content"))
        return Deleted(id=id)

    @strawberry.mutation(
        description="Store a vector you computed, with its text (media type EMBEDDING). It must be in the configured "
        "embedding model's space; it is searchable at once.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def add_embedding(
        self, info: Info, input: Annotated[AddEmbeddingInput, strawberry.argument(description="It.")]
    ) -> ContentAddedResult:
        ctx = info.context
        async with ctx.transaction() as session:
            added = await contents.add_embedding(
                session,
                ctx.user,
                ctx.services.knowledge,
                ctx.settings,
                text=input.text,
                vector=input.vector,
                title=input.title,
                agent_id=_agent(input.agent_id),
                metadata=input.metadata,  # type: ignore[arg-type]
            )
        return _added(added)

    @strawberry.mutation(
        description="Re-embed your contents and memories with an embedding model (a REINDEX run): by default the "
        "current one. Only those indexed with another model, unless `force`. With `model` while `models.embedding` "
        "is unset, search stays on the current model until the run succeeds and nothing is left on it; then the "
        "new model takes over (how a deployment moves to a new default embedder).",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def reindex(
        self,
        info: Info,
        force: Annotated[bool, strawberry.argument(description="Re-embed everything, even what is current.")] = False,
        model: Annotated[
            str | None, strawberry.argument(description="The embedding model to move to, as 'provider:model'.")
        ] = None,
    ) -> ReindexResult:
        ctx = info.context
        knowledge = ctx.services.knowledge
        target = knowledge.embedder(model).name  # ValidationFailed for an unknown model
        async with ctx.transaction() as session:
            run = await reindex.start(session, ctx.user, target, force=force)
        return Run.from_row(run)


@strawberry.type
class ContentSubscriptions:
    @strawberry.subscription(
        description="A content's ingestion for upload screens: its state now, then every progress step and status "
        "change, until it is READY, FAILED or CANCELLED.",
        permission_classes=[Authenticated],
    )
    async def content_status(self, info: Info, id: ObjectID) -> AsyncGenerator[ContentStatusUpdate, None]:
        ctx = info.context
        ident = decode_id(id, "Content")
        async with ctx.read() as session:
            run = await contents.latest_ingest_run(session, ident)  # read first: the content is at least this new
            row = await contents.get(session, ctx.user, ident)
        run_id = strawberry.ID(to_global_id("Run", run.id)) if run else None
        fraction = run.progress if run else None
        yield ContentStatusUpdate(
            content=Content.from_row(row), done=None, total=None, fraction=fraction, ingest_run_id=run_id
        )
        if run is None or row.status in FINAL:
            return
        stream = events.follow(ctx.read, ctx.services.pubsub, run.id, run.last_seq)
        try:
            async for event in stream:
                if not isinstance(event.kind, (Progress, StatusChanged)):
                    continue
                async with ctx.read() as session:
                    row = await contents.get(session, ctx.user, ident)
                step = event.kind if isinstance(event.kind, Progress) else Progress(done=0)
                yield ContentStatusUpdate(
                    content=Content.from_row(row),
                    done=step.done if isinstance(event.kind, Progress) else None,
                    total=step.total,
                    fraction=step.fraction,
                    ingest_run_id=run_id,
                )
                if row.status in FINAL:
                    return
        finally:
            await stream.aclose()
