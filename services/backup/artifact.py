"""The backup artifact: one gzipped tar whose first member, `manifest.json`, lists every other member with its
size and sha256.

A backup is staged in a directory (`pack` turns it into the artifact, manifest first); a restore unpacks it into
a staging directory and checks, member by member as the bytes arrive, that nothing is missing, extra, renamed
out of the staging directory, longer than the manifest says or different from its hash, before anything is
restored (`unpack_verified`). The check is linear in the artifact's size and never trusts a member's own
header: a path is accepted only when the manifest names it, and only regular files are written.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from services.errors import ServiceError

FORMAT = "switchboard.backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 50_000_000  # a manifest lists members; even millions of blobs stay below this
CHUNK = 1 << 20


class BackupInvalid(ServiceError):
    """The artifact is not a backup this server can restore: damaged, tampered with, or from a newer version."""

    code = "INVALID_BACKUP"


@dataclass(frozen=True)
class Member:
    size: int
    sha256: str


def file_digest(path: Path) -> Member:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
            size += len(block)
    return Member(size, digest.hexdigest())


def staged_members(staging: Path) -> dict[str, Member]:
    """Every file under `staging` by its POSIX path relative to it, hashed."""
    found: dict[str, Member] = {}
    for root, _dirs, files in os.walk(staging):
        for name in files:
            path = Path(root) / name
            found[path.relative_to(staging).as_posix()] = file_digest(path)
    return dict(sorted(found.items()))


def pack(staging: Path, manifest: dict[str, Any], output: Path, *, compresslevel: int = 6) -> Member:
    """Write the artifact (manifest first, then the members in sorted order) to `output` atomically; returns the
    artifact's own size and sha256. `manifest` gains `members`."""
    members = staged_members(staging)
    manifest = {**manifest, "members": {name: {"size": m.size, "sha256": m.sha256} for name, m in members.items()}}
    body = json.dumps(manifest, indent=1, sort_keys=True).encode()
    partial = output.with_name(output.name + ".partial")
    try:
        with tarfile.open(partial, "w:gz", compresslevel=compresslevel, format=tarfile.PAX_FORMAT) as tar:
            _add_bytes(tar, MANIFEST, body)
            for name in members:
                info = tar.gettarinfo(str(staging / name), arcname=name)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mode = 0o600
                with (staging / name).open("rb") as handle:
                    tar.addfile(info, handle)
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return file_digest(output)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def read_manifest(artifact: Path) -> dict[str, Any]:
    """Only the manifest (the first member), checked for format and version; no member is verified."""
    try:
        with tarfile.open(artifact, "r:gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupInvalid(f"{artifact} does not start with {MANIFEST}: not a Switchboard backup")
            return _manifest(tar, first)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupInvalid(f"{artifact} is not a readable backup: {exc}") from None


def _manifest(tar: tarfile.TarFile, info: tarfile.TarInfo) -> dict[str, Any]:
    if info.size > MAX_MANIFEST_BYTES:
        raise BackupInvalid(f"the manifest is {info.size} bytes; at most {MAX_MANIFEST_BYTES} are read")
    handle = tar.extractfile(info)
    assert handle is not None
    try:
        manifest = json.loads(handle.read())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupInvalid(f"the manifest is not JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupInvalid(f"the manifest's format is not {FORMAT!r}: not a Switchboard backup")
    version = manifest.get("formatVersion")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupInvalid("the manifest has no valid formatVersion")
    if version > FORMAT_VERSION:
        raise BackupInvalid(
            f"the backup's format version is {version}; this version of Switchboard reads up to {FORMAT_VERSION}: "
            "restore it with a newer Switchboard"
        )
    members = manifest.get("members")
    if not isinstance(members, dict):
        raise BackupInvalid("the manifest lists no members")
    for name, entry in members.items():
        if not _safe_name(name) or name == MANIFEST:
            raise BackupInvalid(f"the manifest names an unsafe member path {name!r}")
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("size"), int)
            or entry["size"] < 0
            or not isinstance(entry.get("sha256"), str)
            or len(entry["sha256"]) != 64
        ):
            raise BackupInvalid(f"the manifest entry of {name!r} needs a size and a sha256")
    return manifest


def _safe_name(name: Any) -> bool:
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and all(part not in ("", ".", "..") for part in path.parts)


def unpack_verified(artifact: Path, into: Path) -> dict[str, Any]:
    """Extract every member into `into` (which must exist and be empty), verifying each against the manifest;
    BackupInvalid names the first problem. On failure `into` may hold partial files: the caller removes it."""
    try:
        with tarfile.open(artifact, "r:gz") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupInvalid(f"{artifact} does not start with {MANIFEST}: not a Switchboard backup")
            manifest = _manifest(tar, first)
            expected: dict[str, dict[str, Any]] = manifest["members"]
            seen: set[str] = set()
            for info in _rest(tar):
                name = info.name
                if name not in expected:
                    raise BackupInvalid(f"member {name!r} is not in the manifest: the artifact was altered")
                if name in seen:
                    raise BackupInvalid(f"member {name!r} appears twice")
                if not info.isfile():
                    raise BackupInvalid(f"member {name!r} is not a regular file")
                want = expected[name]
                if info.size != want["size"]:
                    raise BackupInvalid(f"member {name!r} is {info.size} bytes; the manifest says {want['size']}")
                source = tar.extractfile(info)
                assert source is not None
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                if _copy_hashing(source, target) != want["sha256"]:
                    raise BackupInvalid(
                        f"member {name!r} does not match its sha256: the artifact is damaged or altered"
                    )
                seen.add(name)
            missing = sorted(set(expected) - seen)
            if missing:
                raise BackupInvalid(f"{len(missing)} member(s) missing from the artifact, e.g. {missing[0]!r}")
            return manifest
    except (tarfile.TarError, OSError, EOFError, UnicodeDecodeError) as exc:
        raise BackupInvalid(f"{artifact} is not a readable backup: {exc}") from None


def _rest(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    while (info := tar.next()) is not None:
        yield info


def _copy_hashing(source: IO[bytes], target: Path) -> str:
    digest = hashlib.sha256()
    with target.open("xb") as out:
        while block := source.read(CHUNK):
            digest.update(block)
            out.write(block)
    return digest.hexdigest()
