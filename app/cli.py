"""The `switchboard` command line: serve, export-schema, move-vectors, backup, restore."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import uvicorn

from app.logs import configure_logging
from app.network import check_binding, check_vector_store, check_workers
from resolvers.schema import build_schema
from services.settings import ConfigFileError, Settings, load_settings


def _serve(args: argparse.Namespace) -> None:
    for key, value in (("HOST", args.host), ("PORT", args.port), ("WORKERS", args.workers)):
        if value is not None:
            os.environ[f"SWITCHBOARD_{key}"] = str(value)
    try:
        settings = load_settings()
    except ConfigFileError as exc:
        raise SystemExit(str(exc)) from None
    configure_logging(settings.log_level)
    check_binding(settings)
    if args.reload and settings.workers > 1:
        raise SystemExit("--reload runs a single worker; drop --workers or --reload")
    check_workers(settings)
    check_vector_store(settings)
    print(f"Switchboard on http://{settings.host}:{settings.port}/graphql (data in {settings.data_dir.resolve()})")
    uvicorn.run(
        "app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        reload=args.reload,
        log_level=settings.log_level,
        ws="websockets-sansio",
        ws_per_message_deflate=settings.ws_compression,
        # Importing the app takes seconds on a small machine; with several workers starting at once the
        # default 5 s health check would kill and restart them in a loop.
        timeout_worker_healthcheck=60,
    )


def _export_schema(args: argparse.Namespace) -> None:
    sdl = build_schema().as_str() + "\n"
    if args.output == "-":
        sys.stdout.write(sdl)
    else:
        Path(args.output).write_text(sdl)
        print(f"wrote {args.output}")


def _move_vectors(args: argparse.Namespace) -> None:
    from services.knowledge.vectors import ServerVectorStore, VectorStoreError
    from services.knowledge.vectors.copy import move_embedded

    try:
        settings = load_settings()
    except ConfigFileError as exc:
        raise SystemExit(str(exc)) from None

    async def move() -> int:
        target = ServerVectorStore(url=args.qdrant_url)
        try:
            return await move_embedded(settings.data_dir, target)
        finally:
            await target.aclose()

    try:
        count = asyncio.run(move())
    except VectorStoreError as exc:
        raise SystemExit(f"nothing moved: {exc}") from None
    except Exception as exc:  # the server is unreachable or refused a request: copying again later is safe
        raise SystemExit(f"copying to {args.qdrant_url} failed ({type(exc).__name__}: {exc}); run it again") from None
    print(
        f"copied {count} points from {settings.data_dir / 'vectors'} to {args.qdrant_url}; start Switchboard with "
        f"SWITCHBOARD_QDRANT_URL={args.qdrant_url} to use them (the embedded copy is left as it was)"
    )


def _settings(**overrides: Any) -> Settings:
    try:
        return load_settings(**{k: v for k, v in overrides.items() if v is not None})
    except ConfigFileError as exc:
        raise SystemExit(str(exc)) from None


def _backup(args: argparse.Namespace) -> None:
    from app import backup_cli

    settings = _settings(data_dir=args.data_dir)
    output = Path(args.output) if args.output else backup_cli.default_output()
    print(backup_cli.backup(settings, output, url=args.url, api_key=args.api_key))


def _restore(args: argparse.Namespace) -> None:
    from app import backup_cli

    settings = _settings(data_dir=args.data_dir)
    print(backup_cli.restore(settings, Path(args.file)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="switchboard", description="Switchboard GraphQL server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the server")
    serve.add_argument("--host", help="bind address (default SWITCHBOARD_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default SWITCHBOARD_PORT or 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default 1)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (development)")
    serve.set_defaults(func=_serve)
    export = sub.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("-o", "--output", default="schema.graphql", help="file, or - for stdout")
    export.set_defaults(func=_export_schema)
    move = sub.add_parser("move-vectors", help="copy the embedded vector store into a Qdrant server")
    move.add_argument("--qdrant-url", required=True, help="the server, e.g. http://127.0.0.1:6333")
    move.set_defaults(func=_move_vectors)
    backup = sub.add_parser("backup", help="write the whole server (database, vectors, files, config) to one file")
    backup.add_argument("-o", "--output", help="the artifact (default switchboard-backup-<time>.tar.gz)")
    backup.add_argument("--data-dir", help="the data directory (default SWITCHBOARD_DATA_DIR or ./data)")
    backup.add_argument("--url", help="ask this server for the backup (default: only when it holds the data dir)")
    backup.add_argument("--api-key", help="an admin's API key for the server (default SWITCHBOARD_API_KEY)")
    backup.set_defaults(func=_backup)
    restore = sub.add_parser("restore", help="restore a backup into an empty data directory and database")
    restore.add_argument("file", help="the artifact `switchboard backup` wrote")
    restore.add_argument("--data-dir", help="the new data directory (default SWITCHBOARD_DATA_DIR or ./data)")
    restore.set_defaults(func=_restore)
    args = parser.parse_args(argv)
    args.func(args)
