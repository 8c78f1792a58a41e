"""A paced Ollama for the browser test: the test suite's wire-faithful fake (tests/fakes/ollama.py) streaming a
story at 6 tokens a second, so a reply is long and slow enough to stop, and to reload the page, in the middle of.

    PYTHONPATH=<repository root> .venv/bin/python clients/web/test/paced_ollama.py

prints its base URL on the first line, then serves until its standard input closes.
"""

import sys

from tests.fakes.ollama import running
from tests.fakes.script import Script

STORY = [
    "Once",
    "upon",
    "a",
    "time",
    "a",
    "patient",
    "operator",
    "connected",
    "every",
    "call",
    "in",
    "the",
    "valley",
    ",",
    "one",
    "line",
    "at",
    "a",
    "time",
    ".",
]

if __name__ == "__main__":
    script = Script(tokens=[f"{word} " for word in STORY * 5], tokens_per_second=6, models=["storyteller:latest"])
    with running(script) as host:
        print(host, flush=True)
        sys.stdin.read()
