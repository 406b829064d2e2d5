"""The content version: a hash of every content file's name and bytes (no parsing, standard library only)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def content_files(root: Path) -> list[Path]:
    return sorted((root / "deficiencies").glob("*.yaml")) + sorted((root / "symptoms").glob("*.yaml"))


def content_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in content_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]
