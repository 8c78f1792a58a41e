"""The machine the server runs on: CPU, memory, GPUs and the llama.cpp build, for benchmark records.

Standard library only (no psutil): Linux reads /proc and /sys, macOS asks `sysctl`, GPUs come from
`nvidia-smi` when it is installed. Every probe is best effort: a value that cannot be read is None
(or an empty list), never an error. What cannot change while the process lives (CPU, total memory,
GPUs, the llama.cpp build) is read once; available memory is read on every snapshot.
"""

from __future__ import annotations

import asyncio
import functools
import os
import platform
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from services.cache import SharedCache

NVIDIA_SMI_TIMEOUT_SECONDS = 5.0
MIB = 1024 * 1024


@dataclass(frozen=True)
class Gpu:
    name: str
    memory_bytes: int | None = None
    driver: str | None = None


@dataclass(frozen=True)
class LlamaCppFeature:
    backend: str  # "CPU", "CUDA", "Metal", ...
    name: str  # "AVX2", "ARCHS", ...
    value: str  # "1", "890", ...


@dataclass(frozen=True)
class LlamaCppBuild:
    version: str | None
    system_info: str
    features: tuple[LlamaCppFeature, ...] = ()
    gpu_offload: bool | None = None
    mmap: bool | None = None
    mlock: bool | None = None

    @property
    def backends(self) -> list[str]:
        return list(dict.fromkeys(f.backend for f in self.features))


@dataclass(frozen=True)
class Hardware:
    cpu_model: str | None
    physical_cores: int | None
    logical_cores: int | None
    usable_cores: int | None  # what this process may schedule on (affinity, e.g. a container's cpuset)
    memory_total_bytes: int | None
    memory_available_bytes: int | None
    gpus: tuple[Gpu, ...] = ()
    os: str = ""
    os_release: str = ""
    architecture: str = ""
    platform: str = ""
    python_version: str = ""
    llama_cpp: LlamaCppBuild = field(default_factory=lambda: LlamaCppBuild(None, ""))


async def cached(cache: SharedCache, ttl: float) -> Hardware:
    """`snapshot()` off the event loop, reused for `ttl` seconds by this process alone (replicas may run on
    different machines, so the answer is never shared through Redis)."""
    return await cache.get_or_load("hardware", ttl, lambda: asyncio.to_thread(snapshot), shared=False)


def snapshot() -> Hardware:
    """The current picture; blocking (reads files, may run nvidia-smi once): call it off the event loop."""
    return Hardware(
        cpu_model=cpu_model(),
        physical_cores=physical_cores(),
        logical_cores=os.cpu_count(),
        usable_cores=_usable_cores(),
        memory_total_bytes=memory_total_bytes(),
        memory_available_bytes=memory_available_bytes(),
        gpus=gpus(),
        os=platform.system(),
        os_release=platform.release(),
        architecture=platform.machine(),
        platform=platform.platform(),
        python_version=f"{platform.python_implementation()} {platform.python_version()}",
        llama_cpp=llama_cpp_build(),
    )


# ------------------------------------------------------------------------------------------------ CPU


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return None


def _sysctl(name: str) -> str | None:
    if sys.platform != "darwin":
        return None
    try:
        done = subprocess.run(["sysctl", "-n", name], capture_output=True, text=True, timeout=2, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


@functools.cache
def cpu_model() -> str | None:
    if cpuinfo := _read("/proc/cpuinfo"):
        # x86 says "model name"; some ARM kernels say "Processor", "Hardware" or "cpu model".
        for key in ("model name", "Processor", "Hardware", "cpu model"):
            if match := re.search(rf"^{key}\s*:\s*(.+)$", cpuinfo, re.MULTILINE):
                return match.group(1).strip()
    if brand := _sysctl("machdep.cpu.brand_string"):
        return brand
    return platform.processor() or None


@functools.cache
def physical_cores() -> int | None:
    # Linux: distinct (package, core) pairs in sysfs; SMT siblings share one.
    cores = set()
    for topology in Path("/sys/devices/system/cpu").glob("cpu[0-9]*/topology"):
        package, core = _read(str(topology / "physical_package_id")), _read(str(topology / "core_id"))
        if package is not None and core is not None:
            cores.add((package.strip(), core.strip()))
    if cores:
        return len(cores)
    if (count := _sysctl("hw.physicalcpu")) and count.isdigit():
        return int(count)
    return None


def _usable_cores() -> int | None:
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is None:
        return os.cpu_count()
    try:
        return len(affinity(0))
    except OSError:
        return None


# --------------------------------------------------------------------------------------------- memory


@functools.cache
def memory_total_bytes() -> int | None:
    try:
        return int(os.sysconf("SC_PHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        pass
    if (size := _sysctl("hw.memsize")) and size.isdigit():
        return int(size)
    return None


def memory_available_bytes() -> int | None:
    if (meminfo := _read("/proc/meminfo")) and (match := re.search(r"^MemAvailable:\s+(\d+) kB", meminfo, re.M)):
        return int(match.group(1)) * 1024
    try:  # other Unixes: free pages only (the page cache counts as used), an underestimate
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        return None


# ----------------------------------------------------------------------------------------------- GPUs


@functools.cache
def gpus() -> tuple[Gpu, ...]:
    """NVIDIA GPUs through nvidia-smi; none when it is missing, slow or failing."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return ()
    try:
        done = subprocess.run(
            [smi, "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=NVIDIA_SMI_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    if done.returncode != 0:
        return ()
    return parse_nvidia_smi(done.stdout)


def parse_nvidia_smi(output: str) -> tuple[Gpu, ...]:
    found = []
    for line in output.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if not parts or not parts[0]:
            continue
        memory = parts[1] if len(parts) > 1 else ""
        found.append(
            Gpu(
                name=parts[0],
                memory_bytes=int(float(memory) * MIB) if re.fullmatch(r"\d+(\.\d+)?", memory) else None,
                driver=parts[2] if len(parts) > 2 and parts[2] else None,
            )
        )
    return tuple(found)


# ------------------------------------------------------------------------------------------ llama.cpp


def parse_system_info(info: str) -> tuple[LlamaCppFeature, ...]:
    """`llama_print_system_info()` reads like "CUDA : ARCHS = 890 | USE_GRAPHS = 1 | CPU : SSE3 = 1 | ...":
    a `BACKEND :` prefix starts each backend's group of `KEY = VALUE` items."""
    features = []
    backend = ""
    for item in info.split("|"):
        item = item.strip()
        if not item:
            continue
        if " : " in item or item.endswith(" :"):
            head, _, item = item.partition(":")
            backend = head.strip()
            item = item.strip()
        name, sep, value = item.partition("=")
        if sep and name.strip():
            features.append(LlamaCppFeature(backend or "CPU", name.strip(), value.strip()))
    return tuple(features)


@functools.cache
def llama_cpp_build() -> LlamaCppBuild:
    try:
        import llama_cpp
    except Exception as exc:  # not installed or its shared library failed to load
        return LlamaCppBuild(None, f"unavailable: {type(exc).__name__}: {exc}")

    def ask(name: str) -> bool | None:
        function = getattr(llama_cpp, name, None)
        try:
            return bool(function()) if function is not None else None
        except Exception:
            return None

    try:
        raw = llama_cpp.llama_print_system_info()
        info = raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)
    except Exception as exc:
        info = f"unavailable: {type(exc).__name__}: {exc}"
    return LlamaCppBuild(
        version=getattr(llama_cpp, "__version__", None),
        system_info=info.strip(),
        features=parse_system_info(info) if not info.startswith("unavailable") else (),
        gpu_offload=ask("llama_supports_gpu_offload"),
        mmap=ask("llama_supports_mmap"),
        mlock=ask("llama_supports_mlock"),
    )
