"""Wire-faithful fake provider servers for tests and benchmarks (no network beyond 127.0.0.1).

    from tests.fakes import Failure, Script
    from tests.fakes import anthropic as fake_anthropic, ollama as fake_ollama

    script = Script(tokens=["Hi", "!"], tokens_per_second=100, failures=[Failure(529, retry_after=1)])
    with fake_ollama.running(script) as host:
        ...  # point the real client at `host`; read script.requests / script.disconnects afterwards

- `script.Script` / `Failure`: what a fake does and what it recorded (see that module's docstring).
- `ollama.running(script)` / `anthropic.running(script)`: a fake on a free loopback port (context
  managers yielding the base URL); `create_app(script)` gives the bare Starlette app.
- `server.serve(app)`: any ASGI app under uvicorn in a background thread; `unused_port()` for a
  port with nothing listening.
"""

from tests.fakes.script import Failure, RecordedRequest, Script
from tests.fakes.server import serve, unused_port

__all__ = ["Failure", "RecordedRequest", "Script", "serve", "unused_port"]
