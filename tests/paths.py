"""Paths the tests read: the repository root and the test data directory (independent of a test's depth)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
