"""A provider's SDK is imported while the app starts, in a worker thread, never on a run's first use inside the
event loop (importing `anthropic` there stalled every stream in flight for seconds). Nor is the TLS trust store
loaded there: every HTTP client used to read the CA bundle as it was built (28-94 ms on the loop)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.paths import ROOT

# A fresh interpreter, so nothing the test session imported earlier can hide an import on first use.
SCRIPT = """
import asyncio, json, ssl, sys
from app import create_app
from services.settings import load_settings

loads = []
load_verify_locations = ssl.SSLContext.load_verify_locations
def counted(self, *args, **kwargs):
    loads.append(1)
    return load_verify_locations(self, *args, **kwargs)
ssl.SSLContext.load_verify_locations = counted

async def main():
    closed = "http://127.0.0.1:9"  # nothing listens: the first requests fail fast, after the client's first steps
    settings = load_settings(
        data_dir=sys.argv[1],
        providers={"ollama_host": closed, "anthropic_api_key": "sk-ant-test-000000000000", "anthropic_base_url": closed},
    )
    app = create_app(settings)
    before_start = set(sys.modules)
    async with app.router.lifespan_context(app):
        started = set(sys.modules)
        loaded_at_start = len(loads)
        for name in ("local", "ollama", "anthropic"):
            provider = app.state.services.providers.get(name)
            if name != "local":
                await provider.health()  # a first request
        on_first_use = sorted(set(sys.modules) - started)
    print(json.dumps({
        "sdks_imported_at_start": sorted(m for m in ("anthropic", "ollama", "llama_cpp") if m in started - before_start),
        "imported_on_first_use": on_first_use,
        "trust_store_loads": [loaded_at_start, len(loads) - loaded_at_start],
    }))

asyncio.run(main())
"""


def test_provider_sdks_load_at_start_and_nothing_loads_on_first_use(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "data")], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["imported_on_first_use"] == [], result
    assert "anthropic" in result["sdks_imported_at_start"]
    assert result["trust_store_loads"] == [1, 0]  # once while starting, in the worker thread; none on first use
