"""Maintenance mutations (admin only): startBackup and startCleanup, each queuing a run on the maintenance queue."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.errors import returns_errors
from resolvers.permissions import Admin
from schema.errors import ValidationError
from schema.info import Info
from schema.run import Run
from services import retention
from services.backup import runs as backups

StartBackupResult = Annotated[
    Run | ValidationError,
    strawberry.union("StartBackupResult", description="The BACKUP run (QUEUED), or why it was refused."),
]
StartCleanupResult = Annotated[
    Run | ValidationError,
    strawberry.union("StartCleanupResult", description="The CLEANUP run (QUEUED), or why it was refused."),
]


@strawberry.type
class MaintenanceMutations:
    @strawberry.mutation(
        description="Back up the whole server into one artifact (admin only): database, vectors, content files and "
        "the config without secrets. Returns a BACKUP run at once; follow it with `runEvents` (RunProgress per "
        "step). When it SUCCEEDED, its `result` has `download` (GET it with the same credentials), `sizeBytes`, "
        "`sha256` and counts. Restore with `switchboard restore FILE` into an empty data directory.",
        permission_classes=[Admin],
    )
    @returns_errors
    async def start_backup(self, info: Info) -> StartBackupResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await backups.start(session, ctx.user)
        return Run.from_row(row)

    @strawberry.mutation(
        description="Apply the retention policies in the config's [retention] section (admin only): compact old "
        "runs' token deltas, delete old runs, contents and conversations. With `dryRun` nothing changes and the "
        "run's `result` says what would be removed. Returns a CLEANUP run at once.",
        permission_classes=[Admin],
    )
    @returns_errors
    async def start_cleanup(
        self,
        info: Info,
        dry_run: Annotated[bool, strawberry.argument(description="Only report what would be removed.")] = False,
    ) -> StartCleanupResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await retention.start(session, ctx.user, dry_run=dry_run)
        return Run.from_row(row)
