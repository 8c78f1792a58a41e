"""The ASGI application and the `switchboard` command line.

`create_app(settings)` builds a fresh Starlette app (nothing is opened until its lifespan starts);
`main()` is the console script. The package is split along its seams: `lifespan` (long-lived
services), `view` (the Strawberry view and its context), `guard` (request ids, the local-mode guard,
size limits, metrics), `routes` (health, metrics, exports), `credentials` and `network`.
"""

from app.cli import main
from app.factory import create_app
from app.network import check_binding, check_workers, is_loopback

__all__ = ["check_binding", "check_workers", "create_app", "is_loopback", "main"]
