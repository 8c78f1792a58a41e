"""Start-up checks about where the server listens and how many processes it runs."""

from __future__ import annotations

import ipaddress

from services.knowledge.vectors import embedded_store_holder
from services.settings import Settings


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_binding(settings: Settings) -> None:
    """`local` mode trusts every request, so it may only listen on a loopback address."""
    if settings.auth_mode == "local" and not is_loopback(settings.host):
        raise SystemExit(
            f"refusing to start: auth mode 'local' lets every request act as the admin, so it only binds "
            f"loopback addresses, not {settings.host!r}. Use SWITCHBOARD_HOST=127.0.0.1, or set "
            f"SWITCHBOARD_AUTH_MODE=multi to serve other machines with logins."
        )


def check_workers(settings: Settings) -> None:
    """Several processes need shared pub/sub and a Qdrant server: say so before starting them."""
    if settings.workers <= 1:
        return
    problems = []
    if settings.pubsub_url.startswith("memory://"):
        problems.append("memory:// pub/sub reaches only its own process: set SWITCHBOARD_PUBSUB_URL=redis://...")
    if not settings.qdrant_url:
        problems.append(
            "the embedded vector store (Qdrant Edge) belongs to one process: set SWITCHBOARD_QDRANT_URL to a server"
        )
    if problems:
        raise SystemExit(f"refusing to start {settings.workers} workers: " + "; ".join(problems))


def check_vector_store(settings: Settings) -> None:
    """The embedded vector store belongs to one process: say so before starting if another holds it."""
    if not settings.qdrant_url and (problem := embedded_store_holder(settings.data_dir)) is not None:
        raise SystemExit(f"refusing to start: {problem}")
