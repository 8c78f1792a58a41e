"""The BACKUP run: `startBackup` queues it on the maintenance queue; the handler writes the artifact under
`<data_dir>/backups/<run id>.tar.gz` with a Progress event per step, and the authenticated route
`GET /backups/<run id>` serves it to admins."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from services.auth import Actor
from services.backup.create import create_backup
from services.db.models import Run
from services.errors import Forbidden, NotFound, ValidationFailed
from services.knowledge.index import Knowledge
from services.ownership import get_owned
from services.runs import queue
from services.runs.event_kinds import progress
from services.runs.scheduler import Outcome, RunContext
from services.settings import Settings

MAINTENANCE_QUEUE = "maintenance"  # backups and cleanups: one at a time, apart from every provider's queue
FOLDER = "backups"


class _Cancelled(Exception):
    pass


def artifact_path(data_dir: Path, run_id: str) -> Path:
    return data_dir / FOLDER / f"{run_id}.tar.gz"


def _admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise Forbidden("only an admin may do this")


async def start(session: AsyncSession, actor: Actor, priority: int = 5) -> Run:
    _admin(actor)
    return await queue.enqueue(session, owner_id=actor.id, kind="backup", provider=MAINTENANCE_QUEUE, priority=priority)


async def artifact_of(session: AsyncSession, actor: Actor, run_id: str, data_dir: Path) -> Path:
    """The finished artifact of a BACKUP run, for download."""
    _admin(actor)
    run = await get_owned(session, Run, actor, run_id)
    if run.kind != "backup":
        raise ValidationFailed("this run is not a BACKUP run", "id")
    path = artifact_path(data_dir, run.id)
    if run.status != "succeeded" or not path.is_file():
        raise NotFound("Backup", run_id)
    return path


class BackupHandler:
    resumable = True  # a backup taken again from the start converges

    def __init__(self, engine: AsyncEngine, knowledge: Knowledge, settings: Callable[[], Settings]) -> None:
        self.engine, self.knowledge, self.settings = engine, knowledge, settings

    async def execute(self, ctx: RunContext) -> Outcome:
        settings = self.settings()
        output = artifact_path(settings.data_dir, ctx.run.id)

        async def report(done: int, total: int, message: str) -> None:
            if ctx.cancelled.is_set():
                raise _Cancelled
            await ctx.emit([progress(done, total, message)])

        try:
            made = await create_backup(
                self.engine, self.knowledge.vectors, self.knowledge.blobs, settings, output, report
            )
        except _Cancelled:
            output.unlink(missing_ok=True)
            return Outcome("cancelled")
        result: dict[str, Any] = {
            "file": output.name,
            "download": f"/backups/{ctx.run.id}",
            "sizeBytes": made.size,
            "sha256": made.sha256,
            "schemaRevision": made.manifest["schemaRevision"],
            "counts": made.manifest["counts"],
        }
        return Outcome("succeeded", result=result)

    async def interrupted(self, session: AsyncSession, run: Run, reason: str) -> None:
        artifact_path(self.settings().data_dir, run.id).unlink(missing_ok=True)
