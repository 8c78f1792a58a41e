"""Fixtures the provider tests share: a fake server of each kind with a provider pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.services.providers.test_http import Harness, running_fake


@pytest.fixture
async def ollama_fake() -> AsyncIterator[Harness]:
    async with running_fake("ollama") as harness:
        yield harness


@pytest.fixture
async def anthropic_fake() -> AsyncIterator[Harness]:
    async with running_fake("anthropic") as harness:
        yield harness
