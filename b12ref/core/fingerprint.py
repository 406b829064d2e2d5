"""The content version: a hash of every content file's name and bytes (no parsing, standard library only)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def content_files(root: Path) -> list[Path]:
    """Every YAML file of the content folders (all of them: a new folder is content too)."""
    return sorted(p for p in root.glob("*/*.yaml") if p.is_file())


def content_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in content_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


_BUILDER_FILES = ("build.py", "build_sides.py", "normalize.py", "content.py", "validate.py", "schema.py")


def builder_hash() -> str:
    """A hash of the code that turns content into a database: a new version of it rebuilds the file."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _BUILDER_FILES:
        if (here / name).exists():
            digest.update((here / name).read_bytes())
    try:  # the stemmer decides the index's terms: a new version of it must rebuild the file
        from importlib.metadata import version
        digest.update(version("snowballstemmer").encode())
    except Exception:  # noqa: BLE001 - not installed as a distribution: the code hash still holds
        pass
    return digest.hexdigest()[:16]
