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


_BUILDER_FILES = ("build.py", "normalize.py", "content.py", "validate.py")


def builder_hash() -> str:
    """A hash of the code that turns content into a database: a new version of it rebuilds the file."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _BUILDER_FILES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]
