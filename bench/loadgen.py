"""A small keep-alive HTTP/1.1 load generator (asyncio streams), lighter than a full client library,
so that on a 2-core machine the server, not the client, is what gets measured."""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def pct(self, q: float) -> float:
        data = sorted(self.latencies_ms)
        return data[min(len(data) - 1, int(q * len(data)))] if data else float("nan")

    def line(self) -> str:
        return (
            f"{self.name:<34} {self.rps:>9.1f} req/s   p50 {self.pct(0.50):>7.2f} ms   "
            f"p99 {self.pct(0.99):>7.2f} ms   errors {self.errors}"
        )


async def _worker(
    host: str, port: int, request: bytes, stop_at: float, latencies: list[float], errors: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


def post_json(path: str, host: str, body: object) -> bytes:
    payload = json.dumps(body).encode()
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\nConnection: keep-alive\r\n\r\n"
    ).encode() + payload


def get(path: str, host: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n".encode()


async def run(
    name: str, host: str, port: int, request: bytes, *, concurrency: int, seconds: float, warmup: float
) -> Result:
    if warmup:
        await asyncio.gather(
            *(_worker(host, port, request, time.perf_counter() + warmup, [], []) for _ in range(concurrency))
        )
    latencies: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    await asyncio.gather(
        *(_worker(host, port, request, started + seconds, latencies, errors) for _ in range(concurrency))
    )
    elapsed = time.perf_counter() - started
    return Result(name, len(latencies), len(errors), elapsed, latencies)


def summary(results: list[Result]) -> str:
    return (
        "\n".join(r.line() for r in results)
        + f"\n(median of medians {statistics.median(r.pct(0.5) for r in results):.2f} ms)"
    )
