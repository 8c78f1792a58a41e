"""What the GraphiQL page references: every URL in its attributes and text, for the tests that check
it loads nothing from another host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

ABSOLUTE = re.compile(r"""(?:(?:https?|wss?):)?//[^\s"'<>)]+""")
TYPES = {".js": "text/javascript", ".css": "text/css"}


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [value for name, value in attrs if name in ("src", "href") and value]


def references(html: str) -> list[str]:
    """The src and href values of the page's tags."""
    parser = _Refs()
    parser.feed(html)
    return parser.refs


def foreign_hosts(html: str, own: str) -> list[str]:
    """Every absolute or protocol-relative URL in the page whose host is not `own`."""
    return [url for url in ABSOLUTE.findall(html) if urlsplit(url if url[0] != "/" else "http:" + url).netloc != own]


def assets(html: str) -> list[str]:
    """The same-origin paths the page loads (data: URLs are inline)."""
    return [ref for ref in references(html) if not ref.startswith("data:")]
