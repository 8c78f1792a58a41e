"""GraphiQL served from the package itself: no CDN, so it works with no network.

The bundle in `app/static/graphiql/` is built from npm's `graphiql` by `clients/graphiql` (its
`manifest.json` names the entry files and the npm versions). `graphiql_page` is the HTML that the
Strawberry view renders for a browser's GET /graphql; it references only same-origin URLs, and its
Content-Security-Policy keeps the page (and Monaco's workers) from loading anything from another host.
"""

from __future__ import annotations

import json
import re
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parent / "static" / "graphiql"
ASSET_PREFIX = "/graphiql"
# esbuild names every built file `<name>-<8 character content hash>.<ext>`: such a URL never changes content.
HASHED = re.compile(r"-[A-Z0-9]{8}\.(?:js|css|ttf|woff2?)$")
IMMUTABLE = "public, max-age=31536000, immutable"
MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
}
# Monaco and React set inline styles; GraphiQL's stylesheet inlines its fonts and icons as data: URLs.
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "worker-src 'self'",
        "connect-src 'self'{sockets}",
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self' data:",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)

# A Host header fit to name in the policy: a name or an IP literal, and a port.
HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{style}">
<style>html, body {{ height: 100%; margin: 0; }} #graphiql {{ height: 100dvh; }}</style>
<script type="module" src="{script}"></script>
</head>
<body>
<div id="graphiql" data-endpoint="{endpoint}" data-auth-mode="{auth_mode}">Loading GraphiQL…</div>
</body>
</html>
"""


@cache
def manifest() -> dict[str, Any]:
    """The build's manifest: entry files, worker files and the npm versions that built them."""
    loaded: dict[str, Any] = json.loads((STATIC_DIR / "manifest.json").read_text())
    return loaded


def graphiql_page(request: Request, auth_mode: str) -> Response:
    """The GraphiQL page for the GraphQL endpoint at this request's path."""
    root = request.scope.get("root_path", "")
    entry = manifest()["entry"]
    html = PAGE.format(
        style=escape(f"{root}{ASSET_PREFIX}/{entry['style']}"),
        script=escape(f"{root}{ASSET_PREFIX}/{entry['script']}"),
        endpoint=escape(root + request.url.path),
        auth_mode=escape(auth_mode),
    )
    # CSP Level 3 browsers match ws:// and wss:// to this host with 'self'; older ones need it named.
    host = request.headers.get("host", "")
    sockets = f" ws://{host} wss://{host}" if HOST.fullmatch(host) else ""
    headers = {
        "content-security-policy": CSP.format(sockets=sockets),
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
    }
    return HTMLResponse(html, headers=headers)


class GraphiQLAssets(StaticFiles):
    """The bundle's files: content-hashed ones cached for good, the manifest and licenses revalidated."""

    def __init__(self) -> None:
        super().__init__(directory=STATIC_DIR)

    def file_response(self, full_path: Any, stat_result: Any, scope: Scope, status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        name = Path(full_path).name
        if media_type := MEDIA_TYPES.get(Path(name).suffix):
            response.headers["content-type"] = media_type
        response.headers["cache-control"] = IMMUTABLE if HASHED.search(name) else "no-cache"
        response.headers["x-content-type-options"] = "nosniff"
        return response
