"""A provider's SDK is imported while the app starts, in a worker thread, never on a run's first use inside the
event loop (importing `anthropic` there stalled every stream in flight for seconds)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.paths import ROOT

# A fresh interpreter, so nothing the test session imported earlier can hide an import on first use.
SCRIPT = """
import asyncio, json, sys
from app import create_app
from services.settings import load_settings

async def main():
    app = create_app(load_settings(data_dir=sys.argv[1]))
    before_start = set(sys.modules)
    async with app.router.lifespan_context(app):
        started = set(sys.modules)
        for name in ("local", "ollama", "anthropic"):
            app.state.services.providers.get(name)
        on_first_use = sorted(set(sys.modules) - started)
    print(json.dumps({
        "sdks_imported_at_start": sorted(m for m in ("anthropic", "ollama", "llama_cpp") if m in started - before_start),
        "imported_on_first_use": on_first_use,
    }))

asyncio.run(main())
"""


def test_provider_sdks_load_at_start_and_nothing_loads_on_first_use(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "data")], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["imported_on_first_use"] == []
    assert "anthropic" in result["sdks_imported_at_start"]
