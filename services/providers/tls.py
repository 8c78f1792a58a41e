"""The TLS trust store every provider's HTTP client shares.

Each `httpx` client builds its own SSL context unless given one, reading the whole CA bundle: 28 ms on this
2-core machine (94 ms for the first Anthropic client), on the event loop, every time a provider is built (first
use, and again after `updateConfig` moves a host or sets a key). One context, loaded once off the loop while the
app starts (`preload_provider_modules`), serves them all; httpx's own rules pick the bundle (`SSL_CERT_FILE`,
`SSL_CERT_DIR`, else certifi's).
"""

from __future__ import annotations

import functools
import ssl

import httpx


@functools.cache
def context() -> ssl.SSLContext:
    """The shared context, loaded on first call (from a worker thread at start-up)."""
    return httpx.create_ssl_context()
