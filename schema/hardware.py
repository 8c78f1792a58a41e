"""Types for the machine the server runs on, and for model management. No I/O."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

if TYPE_CHECKING:
    from services import hardware


@strawberry.type(description="A GPU the server can see (NVIDIA GPUs through nvidia-smi).")
class Gpu:
    name: str = strawberry.field(description="Model name, e.g. 'NVIDIA GeForce RTX 4090'.")
    memory_bytes: float | None = strawberry.field(description="Total GPU memory in bytes.")
    driver: str | None = strawberry.field(description="Driver version.")


@strawberry.type(description="One capability of the llama.cpp build, as `llama_print_system_info()` reports it.")
class LlamaCppFeature:
    backend: str = strawberry.field(description="The backend it belongs to: 'CPU', 'CUDA', 'Metal', ...")
    name: str = strawberry.field(description="The feature, e.g. 'AVX2' or 'ARCHS'.")
    value: str = strawberry.field(description="Its value, usually '1' for present.")


@strawberry.type(description="The llama.cpp build behind the `local` provider (llama-cpp-python).")
class LlamaCppBuild:
    version: str | None = strawberry.field(description="llama-cpp-python version; null when it cannot load.")
    system_info: str = strawberry.field(description="`llama_print_system_info()` verbatim.")
    features: list[LlamaCppFeature] = strawberry.field(description="`systemInfo` parsed, in order.")
    backends: list[str] = strawberry.field(description="Backends compiled in, e.g. ['CUDA', 'CPU'].")
    gpu_offload: bool | None = strawberry.field(description="Whether layers can be offloaded to a GPU.")
    mmap: bool | None = strawberry.field(description="Whether model files can be memory-mapped.")
    mlock: bool | None = strawberry.field(description="Whether model memory can be locked in RAM.")


@strawberry.type(description="The machine the server (and so a benchmark) runs on.")
class Hardware:
    cpu_model: str | None = strawberry.field(description="CPU model name.")
    physical_cores: int | None = strawberry.field(description="Physical CPU cores (SMT siblings counted once).")
    logical_cores: int | None = strawberry.field(description="Logical CPUs (hardware threads).")
    usable_cores: int | None = strawberry.field(
        description="Logical CPUs this process may run on (CPU affinity, e.g. a container's cpuset)."
    )
    memory_total_bytes: float | None = strawberry.field(description="Physical memory in bytes.")
    memory_available_bytes: float | None = strawberry.field(
        description="Memory available to new work now, in bytes (Linux MemAvailable)."
    )
    gpus: list[Gpu] = strawberry.field(description="GPUs found; empty when none (or no nvidia-smi).")
    os: str = strawberry.field(description="Operating system, e.g. 'Linux' or 'Darwin'.")
    os_release: str = strawberry.field(description="OS (kernel) release.")
    architecture: str = strawberry.field(description="Machine architecture, e.g. 'x86_64' or 'arm64'.")
    platform: str = strawberry.field(description="One-line platform description.")
    python_version: str = strawberry.field(description="Python implementation and version.")
    llama_cpp: LlamaCppBuild = strawberry.field(description="The llama.cpp build and what it supports.")

    @classmethod
    def from_snapshot(cls, snap: hardware.Hardware) -> Hardware:
        build = snap.llama_cpp
        return cls(
            cpu_model=snap.cpu_model,
            physical_cores=snap.physical_cores,
            logical_cores=snap.logical_cores,
            usable_cores=snap.usable_cores,
            memory_total_bytes=_bytes(snap.memory_total_bytes),
            memory_available_bytes=_bytes(snap.memory_available_bytes),
            gpus=[Gpu(name=g.name, memory_bytes=_bytes(g.memory_bytes), driver=g.driver) for g in snap.gpus],
            os=snap.os,
            os_release=snap.os_release,
            architecture=snap.architecture,
            platform=snap.platform,
            python_version=snap.python_version,
            llama_cpp=LlamaCppBuild(
                version=build.version,
                system_info=build.system_info,
                features=[LlamaCppFeature(backend=f.backend, name=f.name, value=f.value) for f in build.features],
                backends=build.backends,
                gpu_offload=build.gpu_offload,
                mmap=build.mmap,
                mlock=build.mlock,
            ),
        )


def _bytes(value: int | None) -> float | None:
    # Float, not Int: GraphQL Ints are 32-bit and memory sizes are not.
    return float(value) if value is not None else None


@strawberry.type(description="A model was removed from its provider.")
class ModelDeleted:
    name: str = strawberry.field(description="The removed model, 'provider:model'.")
